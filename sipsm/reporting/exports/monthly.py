"""The monthly report in the layout Dinas Sosial reads: identity, recap per program area,
beneficiaries (sex, age group, PPKS group), work recorded elsewhere (incident responses, case
work, trainings, aid distribution), the list of activities, the units below and their reports,
problems and follow-up, and the signatures (prepared by, reviewed by)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.people.models import WelfareCategory
from sipsm.reporting.exports.reports import activity_tables, completeness_tables
from sipsm.reporting.exports.tables import Column, PdfDocument, Table
from sipsm.reporting.models import ProgramArea, ReportEvent
from sipsm.reporting.monthly import ReportPage
from sipsm.reporting.presenting import LABELS


def _area_table(page: ReportPage) -> Table:
    view = page.view
    table = Table(
        _("I. Work by program area"),
        [
            Column("area", _("Program area"), "#sector"),
            Column("n", _("Activities and work recorded"), "#activity+num", True),
        ],
    )
    for area in ProgramArea:
        table.rows.append([str(area.label), view[f"area_{area.value}"]])
    table.rows.append([_("Hours of work"), view["hours"]])
    return table


def _beneficiary_table(page: ReportPage, ppks_names: dict[str, str]) -> Table:
    view = page.view
    table = Table(
        _("II. Beneficiaries"),
        [Column("group", _("Group")), Column("n", _("People"), "#reached+ind", True)],
    )
    for key in (
        "beneficiaries",
        "beneficiaries_female",
        "beneficiaries_male",
        "beneficiaries_children",
        "beneficiaries_adults",
        "beneficiaries_elderly",
    ):
        table.rows.append([str(LABELS[key]), view[key]])
    for code, n in view.ppks.items():
        table.rows.append([_("PPKS: %(name)s") % {"name": ppks_names.get(code, code)}, n])
    return table


def _other_work_table(page: ReportPage) -> Table:
    view = page.view
    table = Table(
        _("III. Work recorded in other modules"),
        [Column("what", _("Work")), Column("n", _("Number"), "#activity+num", True)],
    )
    for key in (
        "incident_responses",
        "incidents_reported",
        "incidents_answered",
        "response_median",
        "case_services",
        "trainings",
        "distribution_ticks",
        "families_reached",
        "reconciliation_gaps",
    ):
        table.rows.append([str(LABELS[key]), view[key]])
    return table


def _psm_table(page: ReportPage) -> Table:
    view = page.view
    table = Table(
        _("PSMs and coverage"),
        [Column("what", _("Figure")), Column("n", _("Number"), numeric=True)],
    )
    for key in ("members_active", "villages", "villages_with_psm", "coverage", "psm_per_village"):
        table.rows.append([str(LABELS[key]), view[key]])
    return table


def ppks_names() -> dict[str, str]:
    return dict(WelfareCategory.objects.ppks().values_list("code", "name"))


def monthly_tables(page: ReportPage) -> list[Table]:
    names = ppks_names()
    tables = [
        _psm_table(page),
        _area_table(page),
        _beneficiary_table(page, names),
        _other_work_table(page),
    ]
    if page.work:
        tables += activity_tables(page.work, _("IV. Activities and work in detail"))
    if page.completeness is not None:
        tables += completeness_tables(page.completeness, page.title)
    return tables


def _signature(page: ReportPage) -> list[tuple[str, str, str]]:
    report = page.report
    prepared = ("", "")
    reviewed = ("", "")
    if report is not None and report.submitted_by is not None:
        prepared = (
            report.submitted_by.get_username(),
            timezone.localtime(report.submitted_at).strftime("%d-%m-%Y")
            if report.submitted_at
            else "",
        )
    if report is not None and report.reviewed_by is not None and report.status == "approved":
        reviewed = (
            report.reviewed_by.get_username(),
            timezone.localtime(report.reviewed_at).strftime("%d-%m-%Y")
            if report.reviewed_at
            else "",
        )
    return [
        (_("Prepared and submitted by"), prepared[0] or "……………………", prepared[1]),
        (_("Reviewed and approved by"), reviewed[0] or "……………………", reviewed[1]),
    ]


def monthly_pdf(page: ReportPage, unit_name: str) -> PdfDocument:
    identity: list[tuple[str, str]] = [
        (_("Unit"), unit_name),
        (_("Region"), page.title),
        (_("Month"), page.period.label),
        (_("Status"), page.status_label),
        (_("Due"), page.deadline.strftime("%d-%m-%Y")),
    ]
    if page.as_of is not None:
        label = _("Figures as submitted") if page.frozen else _("Figures as of")
        identity.append((label, timezone.localtime(page.as_of).strftime("%d-%m-%Y %H:%M")))
    sections: list[tuple[str, Table | str]] = [(str(t.title), t) for t in monthly_tables(page)]
    narrative = page.report.narrative if page.report is not None else ""
    sections.append((_("V. Problems met and follow-up"), narrative or "—"))
    return PdfDocument(
        letterhead=["IKATAN PEKERJA SOSIAL MASYARAKAT (IPSM)", unit_name],
        title=_("Monthly report of the concrete work of community social workers (PSM)"),
        identity=identity,
        sections=sections,
        signatures=_signature(page),
        footer=_("sipsm · monthly report %(period)s %(region)s")
        % {"period": page.period.key, "region": page.key},
    )


def events_data(events: list[ReportEvent]) -> list[dict[str, Any]]:
    return [
        {"kind": e.kind, "by": e.author_label, "text": e.text, "at": e.at.isoformat()}
        for e in events
    ]
