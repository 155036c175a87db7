"""The monthly report workflow: notes, submission up the hierarchy, return for correction,
approval, and comments. Submitting freezes the figures computed from the records."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.regions.models import Region
from sipsm.reporting import figures as fig
from sipsm.reporting.actions.aggregates import mark_dirty
from sipsm.reporting.models import MonthlyReport, ReportEvent
from sipsm.reporting.monthly import frozen_payload
from sipsm.reporting.periods import Period
from sipsm.reporting.permissions import (
    can_comment,
    can_prepare,
    can_review,
    region_level,
)

S = MonthlyReport.Status


def _locked_report(region: Region | None, period: Period) -> MonthlyReport:
    """The report row (created as a draft when nobody acted on it yet), locked."""
    if period.is_year:
        raise ActionError(_("A monthly report is for one month."), field="period")
    code = region.code if region is not None else None
    report, _created = MonthlyReport.objects.get_or_create(
        region=region,
        year=period.year,
        month=period.month,
        defaults={"level": region_level(code)},
    )
    return MonthlyReport.objects.select_for_update().get(pk=report.pk)


def _event(report: MonthlyReport, actor: User, kind: str, text: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, kind=kind, author=actor, author_label=actor.get_username(), text=text
    )


def _audit(actor: User, verb: str, report: MonthlyReport, **data: object) -> None:
    record_event(
        actor=actor,
        verb=verb,
        target=report,
        region_code=report.region_id or "",
        data={"period": f"{report.year}-{report.month:02d}", **data},
    )


def _region_code(region: Region | None) -> str | None:
    return region.code if region is not None else None


@transaction.atomic
def save_narrative(
    *, acting_user: User, region: Region | None, period: Period, narrative: str
) -> MonthlyReport:
    """The preparer's notes: problems met and follow-up planned."""
    if not can_prepare(acting_user, _region_code(region)):
        raise PermissionRefused()
    report = _locked_report(region, period)
    if not report.is_editable:
        raise Conflict(_("The report is submitted; it can no longer change."), code="submitted")
    report.narrative = narrative.strip()[:10000]
    report.updated_at = timezone.now()
    report.save(update_fields=["narrative", "updated_at"])
    _event(report, acting_user, ReportEvent.Kind.NARRATIVE)
    _audit(acting_user, "monthly_report.notes", report)
    return report


@transaction.atomic
def submit_report(*, acting_user: User, region: Region | None, period: Period) -> MonthlyReport:
    """Send the report up for review, with the figures as they are now. The national report
    has nobody above it: submitting it approves it."""
    code = _region_code(region)
    if not can_prepare(acting_user, code):
        raise PermissionRefused()
    if period.start > timezone.localdate():
        raise ActionError(_("This month has not started yet."), field="period")
    report = _locked_report(region, period)
    if not report.is_editable:
        raise Conflict(_("The report is already submitted."), code="submitted")
    now = timezone.now()
    report.figures = frozen_payload(fig.region_figures(code, period))
    report.status = S.APPROVED if code is None else S.SUBMITTED
    report.revision += 1
    report.submitted_at, report.submitted_by = now, acting_user
    report.reviewed_at, report.reviewed_by = (now, acting_user) if code is None else (None, None)
    report.updated_at = now
    report.save()
    _event(report, acting_user, ReportEvent.Kind.SUBMITTED)
    _audit(acting_user, "monthly_report.submit", report, revision=report.revision)
    return report


def _reviewable(acting_user: User, region: Region | None, period: Period) -> MonthlyReport:
    if not can_review(acting_user, _region_code(region)):
        raise PermissionRefused()
    report = _locked_report(region, period)
    if report.status != S.SUBMITTED:
        raise Conflict(_("Only a submitted report can be reviewed."), code="not_submitted")
    return report


@transaction.atomic
def return_report(
    *, acting_user: User, region: Region | None, period: Period, comment: str
) -> MonthlyReport:
    """Send the report back to its preparers with what to correct."""
    comment = comment.strip()
    if len(comment) < 3:
        raise ActionError(_("Say what needs correcting."), field="comment")
    report = _reviewable(acting_user, region, period)
    report.status = S.RETURNED
    report.reviewed_at, report.reviewed_by = timezone.now(), acting_user
    report.updated_at = timezone.now()
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    _event(report, acting_user, ReportEvent.Kind.RETURNED, comment[:5000])
    _audit(acting_user, "monthly_report.return", report)
    return report


@transaction.atomic
def approve_report(
    *, acting_user: User, region: Region | None, period: Period, comment: str = ""
) -> MonthlyReport:
    report = _reviewable(acting_user, region, period)
    report.status = S.APPROVED
    report.reviewed_at, report.reviewed_by = timezone.now(), acting_user
    report.updated_at = timezone.now()
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    _event(report, acting_user, ReportEvent.Kind.APPROVED, comment.strip()[:5000])
    _audit(acting_user, "monthly_report.approve", report)
    if report.region_id:
        # Dashboards show approved figures within minutes; refresh this month now.
        mark_dirty(region_code=report.region_id, day=period.start)
    return report


@transaction.atomic
def comment_on_report(
    *, acting_user: User, region: Region | None, period: Period, text: str
) -> ReportEvent:
    if not can_comment(acting_user, _region_code(region)):
        raise PermissionRefused()
    text = text.strip()
    if not text:
        raise ActionError(_("Write a comment."), field="text")
    report = _locked_report(region, period)
    event = _event(report, acting_user, ReportEvent.Kind.COMMENT, text[:5000])
    _audit(acting_user, "monthly_report.comment", report)
    return event
