"""Dashboards per level (national, province, regency/city, district, village), read from the
pre-aggregated figures: the same handful of queries whatever the size of the area."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sipsm.regions.models import Region
from sipsm.reporting import charts
from sipsm.reporting import figures as fig
from sipsm.reporting.aid import aid_provider
from sipsm.reporting.models import YEAR, MonthlyReport, ProgramArea, RegionStat
from sipsm.reporting.monthly import Completeness, completeness
from sipsm.reporting.periods import Period
from sipsm.reporting.permissions import region_level
from sipsm.reporting.presenting import StatView, view_of

MONTH_INITIALS = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"]


@dataclass
class ChildRow:
    code: str
    name: str
    view: StatView


@dataclass
class Dashboard:
    region: Region | None
    level: int
    period: Period
    month: StatView
    year: StatView
    months: list[StatView]
    children: list[ChildRow]
    completeness: Completeness
    report: MonthlyReport | None
    charts: dict[str, SafeString] = field(default_factory=dict)
    aid_available: bool = False

    @property
    def code(self) -> str:
        return self.region.code if self.region is not None else ""

    @property
    def title(self) -> str:
        return self.region.chain if self.region is not None else _("Indonesia")

    @property
    def child_level_label(self) -> str:
        return str(
            {
                0: _("Provinces"),
                1: _("Regencies and cities"),
                2: _("Districts"),
                3: _("Villages"),
            }.get(self.level, "")
        )


def child_regions(code: str | None) -> list[tuple[str, str]]:
    if code is None:
        queryset = Region.objects.filter(level=Region.Level.PROVINCE)
    else:
        queryset = Region.objects.filter(parent_id=code)
    return list(queryset.order_by("code").values_list("code", "name"))


def build(region: Region | None, period: Period, *, suppress: bool) -> Dashboard:
    code = region.code if region is not None else None
    level = region_level(code)
    rows = {
        stat.month: stat
        for stat in RegionStat.objects.filter(region_code=code or "", year=period.year)
    }
    month_view = view_of(rows.get(period.month), suppress=suppress, level=level)
    year_view = view_of(rows.get(YEAR), suppress=suppress, level=level)
    months = [view_of(rows.get(m), suppress=suppress, level=level) for m in range(1, 13)]
    children: list[ChildRow] = []
    if level < 4:
        stats = {
            stat.region_code: stat
            for stat in RegionStat.objects.filter(
                year=period.year, month=period.month, level=level + 1
            ).filter(fig.within("region_code", code))
        }
        children = [
            ChildRow(c, name, view_of(stats.get(c), suppress=suppress, level=level + 1))
            for c, name in child_regions(code)
        ]
    dashboard = Dashboard(
        region=region,
        level=level,
        period=period,
        month=month_view,
        year=year_view,
        months=months,
        children=children,
        completeness=completeness(code, period),
        report=MonthlyReport.objects.filter(
            region_id=code, year=period.year, month=period.month
        ).first(),
        aid_available=aid_provider().available,
    )
    dashboard.charts = _charts(dashboard)
    return dashboard


def _charts(d: Dashboard) -> dict[str, SafeString]:
    result = {
        "areas": charts.stacked_bars(
            _("Activities per month by program area, %(year)d") % {"year": d.period.year},
            MONTH_INITIALS,
            [
                charts.Series(str(area.label), [m.num(f"area_{area.value}") for m in d.months])
                for area in ProgramArea
            ],
        ),
        "response": charts.line(
            _("Median response time per month (minutes)"),
            MONTH_INITIALS,
            [
                (
                    m.figures.response_median_s / 60
                    if m.figures.response_median_s is not None
                    else None
                )
                for m in d.months
            ],
            decimals=1,
        ),
    }
    if d.children:
        if d.level < 3:
            bars = [
                (c.name, c.view.coverage or 0.0, c.view.coverage_display + " %") for c in d.children
            ]
            title = _("Villages with an active PSM (%)")
            result["children"] = charts.horizontal_bars(title, bars, maximum=100)
        else:
            bars = [
                (c.name, c.view.num("members_active"), str(c.view["members_active"]))
                for c in d.children
            ]
            result["children"] = charts.horizontal_bars(_("Active PSMs per village"), bars)
    return result


def as_data(d: Dashboard) -> dict[str, Any]:
    return {
        "region": d.code,
        "name": d.title,
        "level": d.level,
        "period": d.period.key,
        "month": d.month.as_data(),
        "year": d.year.as_data(),
        "months": [m.as_data() for m in d.months],
        "children": [{"region": c.code, "name": c.name, **c.view.as_data()} for c in d.children],
        "reports": {
            "expected": d.completeness.expected,
            "submitted": d.completeness.submitted,
            "approved": d.completeness.approved,
            "late": d.completeness.late,
        },
        "aid_available": d.aid_available,
    }
