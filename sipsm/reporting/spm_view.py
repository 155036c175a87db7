"""The SPM page of a region and year, read from the pre-aggregated SPM figures.

- a regency/city: its five indicators (outside institutions, and its disasters);
- a province: its own five (inside institutions, provincial disasters), the five of its
  regencies/cities summed, and each regency/city;
- the country: the provincial indicators and the regency/city indicators summed over the
  country, and each province (its own, and its regencies/cities summed).
Two queries whatever the level.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sipsm.regions.models import Region
from sipsm.reporting import figures as fig
from sipsm.reporting.models import SpmStat
from sipsm.reporting.permissions import region_level
from sipsm.reporting.spm import (
    PROVINCE_INDICATORS,
    REGENCY_INDICATORS,
    Achievement,
    IndicatorDef,
)


@dataclass
class SpmRow:
    code: str
    name: str
    cells: list[Achievement]
    regency_sum: list[Achievement] = field(default_factory=list)


@dataclass
class SpmView:
    region: Region | None
    level: int
    year: int
    own: list[Achievement]
    province_total: list[Achievement]
    regency_total: list[Achievement]
    rows: list[SpmRow]
    refreshed_at: dt.datetime | None

    @property
    def code(self) -> str:
        return self.region.code if self.region is not None else ""

    @property
    def row_indicators(self) -> list[IndicatorDef]:
        return PROVINCE_INDICATORS if self.level == 0 else REGENCY_INDICATORS


def _sum(
    indicators: list[IndicatorDef],
    stats: list[SpmStat],
    code: str,
    suppress: bool,
) -> list[Achievement]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for stat in stats:
        entry = totals[stat.indicator]
        entry[0] += stat.numerator
        entry[1] += stat.denominator
        entry[2] += 1
    return [
        Achievement(
            indicator=i,
            region_code=code,
            numerator=totals[i.code][0],
            denominator=totals[i.code][1],
            suppressed=suppress,
            regions=totals[i.code][2],
        )
        for i in indicators
    ]


def build(region: Region | None, year: int, *, suppress: bool) -> SpmView:
    code = region.code if region is not None else None
    level = region_level(code)
    stats = list(
        SpmStat.objects.filter(year=year, level__in=[1, 2]).filter(fig.within("region_code", code))
    )
    by_region: dict[str, list[SpmStat]] = defaultdict(list)
    for stat in stats:
        by_region[stat.region_code].append(stat)
    regencies = [s for s in stats if s.level == 2]
    provinces = [s for s in stats if s.level == 1]
    regencies_of: dict[str, list[SpmStat]] = defaultdict(list)
    for stat in regencies:
        regencies_of[stat.region_code[:2]].append(stat)
    refreshed = max((s.refreshed_at for s in stats), default=None)
    own: list[Achievement] = []
    if level in (1, 2) and code is not None:
        indicators = PROVINCE_INDICATORS if level == 1 else REGENCY_INDICATORS
        own = _sum(indicators, by_region.get(code, []), code, suppress)
    rows: list[SpmRow] = []
    if level in (0, 1):
        children = (
            Region.objects.filter(level=Region.Level.PROVINCE)
            if code is None
            else Region.objects.filter(parent_id=code)
        )
        for child, name in children.order_by("code").values_list("code", "name"):
            if level == 0:
                below = regencies_of.get(child, [])
                rows.append(
                    SpmRow(
                        child,
                        name,
                        _sum(PROVINCE_INDICATORS, by_region.get(child, []), child, suppress),
                        _sum(REGENCY_INDICATORS, below, child, suppress),
                    )
                )
            else:
                rows.append(
                    SpmRow(
                        child,
                        name,
                        _sum(REGENCY_INDICATORS, by_region.get(child, []), child, suppress),
                    )
                )
    return SpmView(
        region=region,
        level=level,
        year=year,
        own=own,
        province_total=_sum(PROVINCE_INDICATORS, provinces, code or "", suppress)
        if level == 0
        else [],
        regency_total=_sum(REGENCY_INDICATORS, regencies, code or "", suppress)
        if level < 2
        else [],
        rows=rows,
        refreshed_at=refreshed,
    )


def achievement_data(a: Achievement) -> dict[str, Any]:
    hidden = a.hidden
    return {
        "indicator": a.indicator.code,
        "level": "provinsi" if a.indicator.level == 1 else "kabupaten_kota",
        "name": str(a.indicator.name),
        "numerator": None if hidden or not a.available else a.numerator,
        "denominator": None if hidden or not a.available else a.denominator,
        "percent": a.percent,
        "target_percent": 100,
        "available": a.available,
        "suppressed": hidden,
        "regions_summed": a.regions,
        "reason": a.reason,
    }


def as_data(view: SpmView) -> dict[str, Any]:
    return {
        "region": view.code,
        "year": view.year,
        "own": [achievement_data(a) for a in view.own],
        "province_total": [achievement_data(a) for a in view.province_total],
        "regency_total": [achievement_data(a) for a in view.regency_total],
        "rows": [
            {
                "region": r.code,
                "name": r.name,
                "indicators": [achievement_data(a) for a in r.cells],
                "regencies_summed": [achievement_data(a) for a in r.regency_sum],
            }
            for r in view.rows
        ],
        "refreshed_at": view.refreshed_at.isoformat() if view.refreshed_at else None,
    }
