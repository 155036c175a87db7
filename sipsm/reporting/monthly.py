"""Reading monthly reports: their figures, deadlines, and which units have reported.

Who is expected to report for a month: the regions one level below (villages of a district,
districts of a regency, ...) that had an active PSM at the end of the month; a village without
any PSM has nobody to report (the equity view lists those villages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from sipsm.regions.models import Region
from sipsm.registry.models import Member
from sipsm.reporting import figures as fig
from sipsm.reporting.models import YEAR, MonthlyReport, RegionStat
from sipsm.reporting.periods import Period
from sipsm.reporting.permissions import region_level

# Days into the next month by which a report of each level is due (village first, so that
# each level has the reports below it before its own is due).
DEFAULT_DEADLINES = {4: 5, 3: 10, 2: 15, 1: 20, 0: 25}
CHILD_CODE_LENGTH = {0: 2, 1: 5, 2: 8, 3: 13}
MISSING = "missing"


def deadline_for(level: int, period: Period) -> dt.date:
    configured = getattr(settings, "SIPSM_REPORTING_DEADLINES", {}) or {}
    days = int(configured.get(level, configured.get(str(level), DEFAULT_DEADLINES[level])))
    return period.end + dt.timedelta(days=days)


def is_late(report: MonthlyReport | None, level: int, period: Period) -> bool:
    """Not yet submitted (or returned and not resubmitted) after the deadline."""
    if report is not None and report.status in (
        MonthlyReport.Status.SUBMITTED,
        MonthlyReport.Status.APPROVED,
    ):
        return False
    return timezone.localdate() > deadline_for(level, period)


@dataclass
class Reporter:
    code: str
    name: str
    members: int
    report: MonthlyReport | None
    late: bool

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else MISSING


@dataclass
class Completeness:
    period: Period
    level: int  # of the reporters
    deadline: dt.date
    reporters: list[Reporter] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.reporters if r.status == status)

    @property
    def expected(self) -> int:
        return len(self.reporters)

    @property
    def approved(self) -> int:
        return self.count(MonthlyReport.Status.APPROVED)

    @property
    def submitted(self) -> int:
        return self.count(MonthlyReport.Status.SUBMITTED)

    @property
    def late(self) -> int:
        return sum(1 for r in self.reporters if r.late)

    @property
    def in_time_percent(self) -> float | None:
        if not self.reporters:
            return None
        done = self.approved + self.submitted
        return round(100 * done / len(self.reporters), 1)


def _members_per_unit(region_code: str | None, level: int, period: Period) -> dict[str, int]:
    """Active PSMs per region one level below: from the pre-aggregates when the period has been
    refreshed for this region (one query), otherwise counted from the register."""
    own = region_code or ""
    stored = RegionStat.objects.filter(year=period.year, month=period.month).filter(
        Q(region_code=own)
        | (Q(level=level + 1, members_active__gt=0) & fig.within("region_code", region_code))
    )
    rows = dict(stored.values_list("region_code", "members_active"))
    if own in rows:
        return {code: n for code, n in rows.items() if code != own}
    members = (
        Member.objects.filter(fig.active_members_q(period))
        .filter(fig.within("home_village__code", region_code))
        .annotate(child=Substr("home_village_id", 1, CHILD_CODE_LENGTH[level]))
        .values("child")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["child"]: row["n"] for row in members}


def completeness(region_code: str | None, period: Period) -> Completeness:
    """The units one level below `region_code` expected to report for `period`, with their
    report status; three queries whatever the number of units (four before the period's
    figures are first refreshed)."""
    level = region_level(region_code)
    child_level = min(level + 1, 4)
    result = Completeness(
        period=period, level=child_level, deadline=deadline_for(child_level, period)
    )
    if level >= 4:
        return result
    counts = _members_per_unit(region_code, level, period)
    names = dict(Region.objects.filter(code__in=list(counts)).values_list("code", "name"))
    reports = {
        r.region_id: r
        for r in MonthlyReport.objects.filter(
            region_id__in=list(counts), year=period.year, month=period.month
        )
    }
    for code in sorted(counts):
        report = reports.get(code)
        result.reporters.append(
            Reporter(
                code=code,
                name=names.get(code, code),
                members=counts[code],
                report=report,
                late=is_late(report, child_level, period),
            )
        )
    return result


def stored_figures(
    region_code: str | None, period: Period
) -> tuple[fig.Figures, dt.datetime] | None:
    from sipsm.reporting.presenting import stat_figures

    stat = RegionStat.objects.filter(
        region_code=region_code or "", year=period.year, month=period.month
    ).first()
    if stat is None:
        return None
    return stat_figures(stat), stat.refreshed_at


def live_figures(region_code: str | None, period: Period) -> tuple[fig.Figures, dt.datetime | None]:
    """The figures of a report being prepared: computed from the records for districts and
    villages; read from the pre-aggregates (refreshed within minutes) for the levels above,
    where a live count would read the records of a whole regency, province or country."""
    if region_level(region_code) >= 3:
        return fig.region_figures(region_code, period), None
    stored = stored_figures(region_code, period)
    if stored is not None:
        return stored
    return fig.region_figures(region_code, period), None


def report_figures(
    report: MonthlyReport | None, region_code: str | None, period: Period
) -> tuple[fig.Figures, dt.datetime | None, bool]:
    """(figures, as of when, frozen?) of a report page."""
    if report is not None and not report.is_editable and report.figures:
        frozen_at = report.submitted_at
        return fig.Figures.from_dict(report.figures), frozen_at, True
    figures, as_of = live_figures(region_code, period)
    return figures, as_of, False


def frozen_payload(figures: fig.Figures) -> dict[str, Any]:
    data = figures.as_dict()
    data["computed_at"] = timezone.now().isoformat()
    return data


def year_of(period: Period) -> Period:
    return Period(period.year, YEAR)


@dataclass
class ReportPage:
    """Everything a monthly report page, its PDF and its spreadsheet show."""

    region: Region | None
    period: Period
    report: MonthlyReport | None
    figures: fig.Figures
    as_of: dt.datetime | None
    frozen: bool
    suppress: bool
    work: list[Any] = field(default_factory=list)
    completeness: Completeness | None = None

    @property
    def code(self) -> str | None:
        return self.region.code if self.region is not None else None

    @property
    def key(self) -> str:
        return self.code or "nasional"

    @property
    def level(self) -> int:
        return region_level(self.code)

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else MonthlyReport.Status.DRAFT

    @property
    def status_label(self) -> str:
        return str(MonthlyReport.Status(self.status).label)

    @property
    def deadline(self) -> dt.date:
        return deadline_for(self.level, self.period)

    @property
    def late(self) -> bool:
        return is_late(self.report, self.level, self.period)

    @property
    def title(self) -> str:
        from django.utils.translation import gettext

        return self.region.chain if self.region is not None else gettext("Indonesia")

    @property
    def view(self) -> Any:
        from sipsm.reporting.presenting import StatView

        return StatView(
            figures=self.figures,
            suppress=self.suppress,
            hide_child=self.suppress and self.level > 2,
            refreshed_at=self.as_of,
        )


def build_page(
    region: Region | None, period: Period, report: MonthlyReport | None, *, suppress: bool
) -> ReportPage:
    from sipsm.reporting.derived import work_rows

    code = region.code if region is not None else None
    figures, as_of, frozen = report_figures(report, code, period)
    page = ReportPage(
        region=region,
        period=period,
        report=report,
        figures=figures,
        as_of=as_of,
        frozen=frozen,
        suppress=suppress,
    )
    if not suppress and page.level >= 3:
        page.work = work_rows(prefix=code, period=period, limit=500)
    if page.level < 4:
        page.completeness = completeness(code, period)
    return page
