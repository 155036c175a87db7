"""The public transparency page: a year's figures per province, or per regency/city of one
province, from the pre-aggregates. No personal data exists at this level; every count under 5
is shown as "<5", and a median response time only when at least 5 incidents were answered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sipsm.cases.stats import SMALL_CELL
from sipsm.regions.models import Region
from sipsm.reporting import figures as fig
from sipsm.reporting.aid import aid_provider
from sipsm.reporting.models import COUNT_COLUMNS, YEAR, RegionStat
from sipsm.reporting.presenting import HIDDEN, NOT_SHOWN, median_display


def _count(value: float) -> str:
    n = round(value)
    if n < SMALL_CELL:
        return HIDDEN
    return f"{n:,}".replace(",", ".")


@dataclass
class PublicRow:
    code: str
    name: str
    members: str
    incidents_answered: str
    median_response: str
    families: str
    activities: str

    def as_data(self) -> dict[str, Any]:
        return {
            "region": self.code,
            "name": self.name,
            "members_active": self.members,
            "incidents_answered": self.incidents_answered,
            "median_response": self.median_response,
            "families_reached": self.families,
            "activities": self.activities,
        }


def _row(code: str, name: str, stat: RegionStat | None, *, aid: bool) -> PublicRow:
    figures = fig.Figures()
    median = None
    if stat is not None:
        figures.values = [float(getattr(stat, c)) for c in COUNT_COLUMNS]
        median = stat.response_median_s
    answered = figures.get("incidents_answered")
    return PublicRow(
        code=code,
        name=name,
        members=_count(figures["members_active"]),
        incidents_answered=_count(answered),
        median_response=median_display(median) if answered >= SMALL_CELL else NOT_SHOWN,
        families=_count(figures["families_reached"]) if aid else NOT_SHOWN,
        activities=_count(
            figures["activities"]
            + figures["incident_responses"]
            + figures["case_services"]
            + figures["trainings"]
        ),
    )


@dataclass
class PublicTable:
    year: int
    province: Region | None
    total: PublicRow
    rows: list[PublicRow]
    aid_available: bool


def public_table(province: Region | None, year: int) -> PublicTable:
    aid = aid_provider().available
    code = province.code if province is not None else ""
    level = 2 if province is not None else 1
    stats = {
        s.region_code: s
        for s in RegionStat.objects.filter(year=year, month=YEAR).filter(
            fig.within("region_code", code or None), level__in=[level - 1, level]
        )
    }
    regions = (
        Region.objects.filter(parent_id=code)
        if province is not None
        else Region.objects.filter(level=Region.Level.PROVINCE)
    )
    rows = [
        _row(c, name, stats.get(c), aid=aid)
        for c, name in regions.order_by("code").values_list("code", "name")
    ]
    total_name = province.name if province is not None else "Indonesia"
    return PublicTable(
        year=year,
        province=province,
        total=_row(code, total_name, stats.get(code), aid=aid),
        rows=rows,
        aid_available=aid,
    )
