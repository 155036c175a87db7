"""The tables of each report: dashboards, equity, completeness, the activity log, the public
figures and the SPM form. The monthly report is in monthly.py, the 3W export in threew.py."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sipsm.reporting.dashboards import Dashboard
from sipsm.reporting.derived import WorkRow
from sipsm.reporting.equity import EquityView
from sipsm.reporting.exports.tables import Column, PdfDocument, Table
from sipsm.reporting.models import COUNT_COLUMNS
from sipsm.reporting.monthly import Completeness
from sipsm.reporting.presenting import LABELS, StatView
from sipsm.reporting.public import PublicTable
from sipsm.reporting.spm import LEGAL_BASIS, Achievement
from sipsm.reporting.spm_view import SpmView

FIGURE_KEYS = [*COUNT_COLUMNS, "coverage", "psm_per_village", "response_median"]
MONTH_KEYS = [
    "activities",
    "hours",
    "area_environment",
    "area_basic_needs",
    "area_government_programs",
    "area_capacity",
    "beneficiaries",
    "incident_responses",
    "case_services",
    "trainings",
    "distribution_ticks",
    "incidents_answered",
    "response_median",
]
CHILD_KEYS = [
    "villages",
    "villages_with_psm",
    "coverage",
    "members_active",
    "psm_per_village",
    "activities",
    "hours",
    "beneficiaries",
    "incident_responses",
    "case_services",
    "trainings",
    "distribution_ticks",
    "incidents_answered",
    "response_median",
    "families_reached",
    "reconciliation_gaps",
]


def _columns(keys: list[str]) -> list[Column]:
    return [Column(k, LABELS[k], numeric=True) for k in keys]


def figures_table(title: str, views: list[tuple[str, StatView]]) -> Table:
    """One row per figure, one column per view (e.g. the month and the year)."""
    table = Table(
        title=title,
        columns=[
            Column("figure", _("Figure")),
            *[Column(f"v{i}", label) for i, (label, _v) in enumerate(views)],
        ],
    )
    for key in FIGURE_KEYS:
        table.rows.append([str(LABELS[key]), *[view[key] for _label, view in views]])
    return table


def dashboard_tables(d: Dashboard) -> list[Table]:
    tables = [
        figures_table(
            _("Figures of %(region)s") % {"region": d.title},
            [(d.period.label, d.month), (str(d.period.year), d.year)],
        )
    ]
    months = Table(
        _("By month, %(year)d") % {"year": d.period.year},
        [Column("month", _("Month")), *_columns(MONTH_KEYS)],
    )
    for index, view in enumerate(d.months, start=1):
        months.rows.append([f"{d.period.year}-{index:02d}", *[view[k] for k in MONTH_KEYS]])
    tables.append(months)
    if d.children:
        children = Table(
            f"{d.child_level_label}, {d.period.label}",
            [
                Column("code", _("Code"), "#adm+code"),
                Column("name", _("Name"), "#adm+name"),
                *_columns(CHILD_KEYS),
            ],
        )
        for c in d.children:
            children.rows.append([c.code, c.name, *[c.view[k] for k in CHILD_KEYS]])
        tables.append(children)
    return tables


def equity_tables(view: EquityView) -> list[Table]:
    columns = [
        Column("rank", _("Rank")),
        Column("code", _("Code"), "#adm+code"),
        Column("name", _("Name"), "#adm+name"),
        Column("villages", LABELS["villages"], numeric=True),
        Column("villages_without", _("Villages without an active PSM"), numeric=True),
        Column("coverage", LABELS["coverage"], numeric=True),
        Column("psm_per_village", LABELS["psm_per_village"], numeric=True),
        Column("response", LABELS["response_median"]),
        Column("gaps", LABELS["reconciliation_gaps"], numeric=True),
    ]
    if view.shows_child_rights:
        columns.append(Column("unmet", _("Children's rights not met"), numeric=True))
    table = Table(
        _("Equity: %(region)s, %(year)d") % {"region": view.title, "year": view.period.year},
        columns,
    )
    for rank, row in enumerate(view.rows, start=1):
        cells = [
            rank,
            row.code,
            row.name,
            row.view["villages"],
            row.view.villages_without,
            row.view["coverage"],
            row.view["psm_per_village"],
            row.view["response_median"],
            row.view["reconciliation_gaps"],
        ]
        if view.shows_child_rights:
            cells.append(row.unmet_rights)
        table.rows.append(cells)
    table.notes.append(
        _("Gini of coverage: %(gini)s; Theil: %(theil)s")
        % {
            "gini": "—" if view.gini is None else f"{view.gini:.3f}",
            "theil": "—" if view.theil is None else f"{view.theil:.3f}",
        }
    )
    trend = Table(
        _("Inequality of coverage by month"),
        [
            Column("period", _("Month")),
            Column("gini", "Gini"),
            Column("theil", "Theil"),
            Column("regions", _("Regions compared")),
        ],
    )
    for t in view.trend:
        trend.rows.append([f"{t.year}-{t.month:02d}", _round(t.gini), _round(t.theil), t.regions])
    tables = [table, trend]
    if view.villages_without:
        villages = Table(
            _("Villages without an active PSM"),
            [Column("code", _("Code"), "#adm4+code"), Column("name", _("Village"), "#adm4+name")],
        )
        villages.rows = [[code, name] for code, name in view.villages_without]
        tables.append(villages)
    return tables


def _round(value: float | None) -> Any:
    return "" if value is None else round(value, 4)


def completeness_tables(c: Completeness, title: str) -> list[Table]:
    table = Table(
        _("Reports of %(month)s: %(region)s (due %(deadline)s)")
        % {"month": c.period.label, "region": title, "deadline": c.deadline.isoformat()},
        [
            Column("code", _("Code"), "#adm+code"),
            Column("name", _("Unit")),
            Column("members", _("Active PSMs"), numeric=True),
            Column("status", _("Status"), "#status"),
            Column("submitted_at", _("Submitted at"), "#date+submitted"),
            Column("late", _("Late")),
        ],
    )
    for r in c.reporters:
        table.rows.append(
            [
                r.code,
                r.name,
                r.members,
                str(r.report.get_status_display()) if r.report else _("Not started"),
                timezone.localtime(r.report.submitted_at).strftime("%Y-%m-%d %H:%M")
                if r.report and r.report.submitted_at
                else "",
                _("yes") if r.late else "",
            ]
        )
    return [table]


def activity_tables(rows: list[WorkRow], title: str) -> list[Table]:
    table = Table(
        title,
        [
            Column("date", _("Date"), "#date"),
            Column("source", _("Recorded in")),
            Column("area", _("Program area"), "#sector"),
            Column("what", _("What was done"), "#activity"),
            Column("village_code", _("Village code"), "#adm4+code"),
            Column("village", _("Village"), "#adm4+name"),
            Column("psm", _("PSM"), "#contact+name"),
            Column("hours", _("Hours"), numeric=True),
            Column("beneficiaries", _("Beneficiaries"), "#reached+ind", numeric=True),
            Column("partners", _("Partners"), "#org+partner"),
        ],
    )
    for r in rows:
        table.rows.append(
            [
                r.on.isoformat(),
                r.source_label,
                r.area_label,
                r.label,
                r.village_code,
                r.village_name,
                r.member_name,
                r.hours if r.hours is not None else "",
                r.beneficiaries if r.beneficiaries is not None else "",
                r.activity.partners if r.activity is not None else "",
            ]
        )
    return [table]


def public_tables(t: PublicTable) -> list[Table]:
    columns = [
        Column("code", _("Code"), "#adm+code"),
        Column("name", _("Region"), "#adm+name"),
        Column("members", _("Active PSMs"), "#contributors+num"),
        Column("activities", _("Work done"), "#activity+num"),
        Column("incidents", _("Incidents answered"), "#event+num+answered"),
        Column("median", _("Median response time"), "#indicator+response"),
        Column("families", _("Families reached by aid"), "#reached+hh"),
    ]
    title = _("sipsm transparency: %(region)s, %(year)d") % {
        "region": t.total.name,
        "year": t.year,
    }
    table = Table(title, columns)
    for row in [t.total, *t.rows]:
        table.rows.append(
            [
                row.code,
                row.name,
                row.members,
                row.activities,
                row.incidents_answered,
                row.median_response,
                row.families,
            ]
        )
    table.notes.append(_("Counts under 5 are shown as <5."))
    return [table]


# SPM ----------------------------------------------------------------------------------------

SPM_COLUMNS = [
    Column("no", _l("No.")),
    Column("service", _l("Basic service")),
    Column("indicator", _l("Indicator"), "#indicator+name"),
    Column("target", _l("Target (%)"), "#targeted+pct", numeric=True),
    Column("denominator", _l("People to be served"), "#targeted+ind", numeric=True),
    Column("numerator", _l("People served"), "#reached+ind", numeric=True),
    Column("percent", _l("Achievement (%)"), "#indicator+value+pct", numeric=True),
    Column("gap", _l("Not yet served"), "#inneed+ind", numeric=True),
    Column("remarks", _l("Remarks")),
]


def _spm_rows(achievements: list[Achievement]) -> list[list[Any]]:
    rows = []
    for number, a in enumerate(achievements, start=1):
        rows.append(
            [
                number,
                str(a.indicator.service),
                str(a.indicator.name),
                100,
                a.denominator_display,
                a.numerator_display,
                "—" if a.percent is None else a.percent,
                "—" if a.gap is None else a.gap,
                a.reason or (_("Sum of %(n)d regions") % {"n": a.regions} if a.regions > 1 else ""),
            ]
        )
    return rows


def spm_tables(view: SpmView, title: str) -> list[Table]:
    tables = []
    heading = _("SPM bidang sosial %(year)d: %(region)s") % {"year": view.year, "region": title}
    if view.own:
        tables.append(Table(heading, SPM_COLUMNS, _spm_rows(view.own), [str(LEGAL_BASIS)]))
    if view.province_total:
        tables.append(
            Table(
                _("Provinces (sum)"),
                SPM_COLUMNS,
                _spm_rows(view.province_total),
                [str(LEGAL_BASIS)],
            )
        )
    if view.regency_total:
        tables.append(
            Table(_("Regencies and cities (sum)"), SPM_COLUMNS, _spm_rows(view.regency_total))
        )
    if view.rows:
        indicators = view.row_indicators
        columns = [Column("code", _("Code"), "#adm+code"), Column("name", _("Region"), "#adm+name")]
        for i in indicators:
            columns += [
                Column(f"{i.code}_n", f"{i.code}: {_('served')}", numeric=True),
                Column(f"{i.code}_d", f"{i.code}: {_('to be served')}", numeric=True),
                Column(f"{i.code}_p", f"{i.code}: %", numeric=True),
            ]
        by_region = Table(_("By region"), columns)
        for row in view.rows:
            cells: list[Any] = [row.code, row.name]
            for a in row.cells:
                cells += [
                    a.numerator_display,
                    a.denominator_display,
                    "—" if a.percent is None else a.percent,
                ]
            by_region.rows.append(cells)
        tables.append(by_region)
    return tables


def spm_pdf(view: SpmView, title: str) -> PdfDocument:
    return PdfDocument(
        letterhead=["IKATAN PEKERJA SOSIAL MASYARAKAT (IPSM)", title],
        title=_("Achievement of the minimum service standard (SPM) in social affairs, %(year)d")
        % {"year": view.year},
        identity=[
            (_("Region"), title),
            (_("Budget year"), str(view.year)),
            (_("Legal basis"), str(LEGAL_BASIS)),
            (
                _("Figures as of"),
                timezone.localtime(view.refreshed_at).strftime("%Y-%m-%d %H:%M")
                if view.refreshed_at
                else "—",
            ),
        ],
        sections=[(str(t.title), t) for t in spm_tables(view, title)],
        footer=_("sipsm · SPM bidang sosial"),
    )
