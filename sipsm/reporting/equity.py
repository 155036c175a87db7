"""Where coverage and service are worst: the regions one level below a scope, ranked, with the
inequality of coverage across them (Gini, Theil) and its trend from the monthly snapshots.

Per region, over a year (the year's pre-aggregated row): villages without an active PSM,
active PSMs per village, median response time, aid reconciliation gaps (when the aid app is
installed), and children's unmet rights (from `sipsm.cases.stats.child_rights_table`, shown only
for regions of regency/city level or above; never below, security-reliability.md D6).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sipsm.cases.stats import SMALL_CELL
from sipsm.regions.models import Region
from sipsm.reporting import charts
from sipsm.reporting import figures as fig
from sipsm.reporting.aid import aid_provider
from sipsm.reporting.inequality import gini, theil
from sipsm.reporting.models import YEAR, EquitySnapshot, RegionStat
from sipsm.reporting.periods import Period
from sipsm.reporting.permissions import region_level
from sipsm.reporting.presenting import HIDDEN, NOT_SHOWN, StatView, view_of

MAX_VILLAGES_LISTED = 300


@dataclass
class EquityRow:
    code: str
    name: str
    lat: float | None
    lon: float | None
    view: StatView
    unmet_rights: str = NOT_SHOWN

    @property
    def rank_key(self) -> tuple[float, float]:
        coverage = self.view.coverage
        return (coverage if coverage is not None else 101.0, -self.view.num("villages"))


@dataclass
class EquityView:
    region: Region | None
    level: int
    period: Period
    rows: list[EquityRow]
    gini: float | None
    theil: float | None
    trend: list[EquitySnapshot]
    villages_without: list[tuple[str, str]] = field(default_factory=list)
    villages_without_total: int = 0
    shows_child_rights: bool = False
    aid_available: bool = False
    charts: dict[str, SafeString] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.region.chain if self.region is not None else _("Indonesia")


def _unmet_rights(region: Region | None) -> dict[str, str]:
    """Per region one level below: the rights (of the five) not yet met, summed over the
    children with a case there (a right is met when its latest record says so, as in
    `sipsm.cases.stats`). Hidden as <5 when there are fewer than 5 children or unmet rights."""
    from sipsm.cases.models import ChildRight
    from sipsm.cases.stats import _met_by_child

    code = region.code if region is not None else None
    village_of, met = _met_by_child(code)
    length = 2 if code is None else len(code) + 3
    children: dict[str, list[int]] = {}
    for person, village in village_of.items():
        children.setdefault(village[:length], []).append(person)
    rights = {r.value for r in ChildRight}
    result: dict[str, str] = {}
    for child_code, persons in children.items():
        unmet = sum(len(rights - met.get(p, set())) for p in persons)
        hidden = len(persons) < SMALL_CELL or unmet < SMALL_CELL
        result[child_code] = HIDDEN if hidden else str(unmet)
    return result


def build(region: Region | None, year: int, *, suppress: bool) -> EquityView:
    code = region.code if region is not None else None
    level = region_level(code)
    period = Period(year)
    stats = {
        s.region_code: s
        for s in RegionStat.objects.filter(year=year, month=YEAR, level=level + 1).filter(
            fig.within("region_code", code)
        )
    }
    regions = (
        Region.objects.filter(level=Region.Level.PROVINCE)
        if code is None
        else Region.objects.filter(parent_id=code)
    )
    shows_child_rights = level + 1 <= 2
    unmet = _unmet_rights(region) if shows_child_rights and level < 4 else {}
    rows = [
        EquityRow(
            code=r.code,
            name=r.name,
            lat=r.lat,
            lon=r.lon,
            view=view_of(stats.get(r.code), suppress=suppress, level=level + 1),
            unmet_rights=unmet.get(r.code, HIDDEN) if shows_child_rights else NOT_SHOWN,
        )
        for r in regions.order_by("code").only("code", "name", "lat", "lon")
    ]
    rows.sort(key=lambda row: row.rank_key)
    shares = [row.view.coverage / 100 for row in rows if row.view.coverage is not None]
    trend = list(
        EquitySnapshot.objects.filter(scope_code=code or "", year__in=[year - 1, year]).order_by(
            "year", "month"
        )
    )
    view = EquityView(
        region=region,
        level=level,
        period=period,
        rows=rows,
        gini=gini(shares),
        theil=theil(shares),
        trend=[t for t in trend if t.month][-12:],
        shows_child_rights=shows_child_rights,
        aid_available=aid_provider().available,
    )
    if level >= 2:
        _villages_without(view, code)
    view.charts = _charts(view)
    return view


def _villages_without(view: EquityView, code: str | None) -> None:
    """Villages of the area where no active PSM lives (as of the year's figures)."""
    covered = RegionStat.objects.filter(
        year=view.period.year, month=YEAR, level=4, villages_with_psm__gt=0
    ).filter(fig.within("region_code", code))
    villages = (
        Region.objects.filter(level=Region.Level.VILLAGE)
        .filter(fig.within("code", code))
        .exclude(code__in=covered.values("region_code"))
        .order_by("code")
    )
    view.villages_without = list(villages.values_list("code", "chain")[:MAX_VILLAGES_LISTED])
    view.villages_without_total = sum(row.view.villages_without for row in view.rows)


def _charts(view: EquityView) -> dict[str, SafeString]:
    labels = [f"{t.month:02d}/{t.year % 100:02d}" for t in view.trend]
    return {
        "coverage": charts.horizontal_bars(
            _("Villages with an active PSM (%), worst first"),
            [
                (r.name, r.view.coverage or 0.0, r.view.coverage_display + " %")
                for r in view.rows[:40]
            ],
            maximum=100,
        ),
        "gini": charts.line(
            _("Gini of coverage across regions, by month"),
            labels,
            [t.gini for t in view.trend],
            maximum=1.0,
        ),
    }


def geojson(view: EquityView) -> dict[str, Any]:
    features = []
    for row in view.rows:
        if row.lat is None or row.lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row.lon, 5), round(row.lat, 5)],
                },
                "properties": {
                    "code": row.code,
                    "name": row.name,
                    "coverage": row.view.coverage,
                    "villages_without": row.view.villages_without,
                    "psm_per_village": row.view.psm_per_village,
                    "response": row.view.response_display,
                    "url": f"/kesetaraan/?wilayah={row.code}&tahun={view.period.year}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def as_data(view: EquityView) -> dict[str, Any]:
    return {
        "region": view.region.code if view.region is not None else "",
        "year": view.period.year,
        "gini": view.gini,
        "theil": view.theil,
        "rows": [
            {
                "region": r.code,
                "name": r.name,
                "villages": r.view.figures.get("villages"),
                "villages_without_psm": r.view.villages_without,
                "coverage_percent": r.view.coverage,
                "psm_per_village": r.view.psm_per_village,
                "response_median_s": r.view.as_data()["response_median_s"],
                "reconciliation_gaps": r.view.as_data()["reconciliation_gaps"],
                "children_unmet_rights": r.unmet_rights if view.shows_child_rights else None,
            }
            for r in view.rows
        ],
        "trend": [
            {
                "period": f"{t.year}-{t.month:02d}",
                "gini": t.gini,
                "theil": t.theil,
                "regions": t.regions,
            }
            for t in view.trend
        ],
    }
