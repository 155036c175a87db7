"""Figures as pages, exports and the API show them: counts of people under 5 hidden for
partners and the public, child-related counts never below regency/city level for them
(security-reliability.md D6), and a few derived measures (coverage, PSMs per village)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sipsm.cases.stats import SMALL_CELL
from sipsm.incidents.timing import Interval
from sipsm.reporting import figures as fig
from sipsm.reporting.models import COUNT_COLUMNS, ProgramArea, RegionStat

HIDDEN = f"<{SMALL_CELL}"
NOT_SHOWN = "—"
# Counts of people: hidden under 5 for partners and the public.
PEOPLE_COLUMNS = frozenset(
    {
        "members_active",
        "beneficiaries",
        "beneficiaries_female",
        "beneficiaries_male",
        "beneficiaries_children",
        "beneficiaries_adults",
        "beneficiaries_elderly",
        "families_reached",
        "reconciliation_gaps",
    }
)
CHILD_COLUMNS = frozenset({"beneficiaries_children"})
AREA_COLUMNS = [(f"area_{area.value}", area.label) for area in ProgramArea]
LABELS: dict[str, Any] = {
    "villages": _("Villages"),
    "villages_with_psm": _("Villages with an active PSM"),
    "members_active": _("Active PSMs"),
    "activities": _("Activities logged"),
    "hours": _("Hours of work"),
    "area_environment": ProgramArea.ENVIRONMENT.label,
    "area_basic_needs": ProgramArea.BASIC_NEEDS.label,
    "area_government_programs": ProgramArea.GOVERNMENT_PROGRAMS.label,
    "area_capacity": ProgramArea.CAPACITY.label,
    "beneficiaries": _("Beneficiaries"),
    "beneficiaries_female": _("Beneficiaries: women and girls"),
    "beneficiaries_male": _("Beneficiaries: men and boys"),
    "beneficiaries_children": _("Beneficiaries: children (under 18)"),
    "beneficiaries_adults": _("Beneficiaries: adults (18–59)"),
    "beneficiaries_elderly": _("Beneficiaries: elderly (60 and over)"),
    "incident_responses": _("Incident responses"),
    "case_services": _("Case services and follow-ups"),
    "trainings": _("Trainings attended"),
    "distribution_ticks": _("Aid distribution ticks"),
    "incidents_reported": _("Incidents reported"),
    "incidents_answered": _("Incidents answered by a PSM"),
    "families_reached": _("Families reached by aid"),
    "reconciliation_gaps": _("Aid reconciliation gaps"),
    "coverage": _("Villages covered (%)"),
    "psm_per_village": _("PSMs per village"),
    "response_median": _("Median response time"),
}


def show_count(value: int, *, suppress: bool) -> int | str:
    if suppress and value < SMALL_CELL:
        return HIDDEN
    return value


def median_display(seconds: float | None) -> str:
    return Interval("", seconds).display


@dataclass
class StatView:
    """One region's figures for one period, ready to show."""

    figures: fig.Figures
    suppress: bool = False
    hide_child: bool = False
    refreshed_at: dt.datetime | None = None

    def num(self, name: str) -> float:
        return self.figures[name]

    def __getitem__(self, name: str) -> Any:
        if name == "coverage":
            return self.coverage_display
        if name == "psm_per_village":
            value = self.psm_per_village
            return NOT_SHOWN if value is None else value
        if name == "response_median":
            return self.response_display
        if name in CHILD_COLUMNS and self.hide_child:
            return NOT_SHOWN
        if name == "hours":
            return round(self.figures["hours"], 1)
        value = self.figures.get(name)
        return show_count(value, suppress=self.suppress) if name in PEOPLE_COLUMNS else value

    @property
    def coverage(self) -> float | None:
        villages = self.figures["villages"]
        if villages <= 0:
            return None
        return round(100 * self.figures["villages_with_psm"] / villages, 1)

    @property
    def coverage_display(self) -> str:
        value = self.coverage
        return NOT_SHOWN if value is None else f"{value:.1f}"

    @property
    def villages_without(self) -> int:
        return max(0, self.figures.get("villages") - self.figures.get("villages_with_psm"))

    @property
    def psm_per_village(self) -> float | None:
        villages = self.figures["villages"]
        if villages <= 0:
            return None
        return round(self.figures["members_active"] / villages, 2)

    @property
    def response_display(self) -> str:
        if self.suppress and self.figures.get("incidents_answered") < SMALL_CELL:
            return NOT_SHOWN
        return median_display(self.figures.response_median_s)

    @property
    def ppks(self) -> dict[str, int | str]:
        return {
            code: show_count(n, suppress=self.suppress) for code, n in self.figures.ppks.items()
        }

    def as_data(self) -> dict[str, Any]:
        """For the API and exports: numbers, None where hidden."""
        data: dict[str, Any] = {}
        for name in COUNT_COLUMNS:
            shown = self[name]
            data[name] = shown if isinstance(shown, int | float) else None
        data["coverage_percent"] = self.coverage
        data["psm_per_village"] = self.psm_per_village
        median = self.figures.response_median_s
        data["response_median_s"] = None if self.response_display == NOT_SHOWN else median
        data["ppks"] = {k: (v if isinstance(v, int) else None) for k, v in self.ppks.items()}
        return data


def stat_figures(stat: RegionStat | None) -> fig.Figures:
    figures = fig.Figures()
    if stat is None:
        return figures
    figures.values = [float(getattr(stat, name)) for name in COUNT_COLUMNS]
    figures.ppks = dict(stat.ppks or {})
    figures.response_median_s = stat.response_median_s
    return figures


def view_of(stat: RegionStat | None, *, suppress: bool, level: int) -> StatView:
    """A stored row as shown to a viewer (`level`: of the region the row is about)."""
    return StatView(
        figures=stat_figures(stat),
        suppress=suppress,
        hide_child=suppress and level > 2,
        refreshed_at=stat.refreshed_at if stat is not None else None,
    )
