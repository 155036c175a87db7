"""Monthly reports: the report of a region and month (generated from the records), its
workflow (notes, submit, return for correction, approve, comments), its PDF/XLSX/CSV, the
reports of one's area, and completeness (who has not reported by the deadline)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.regions.models import Region
from sipsm.registry.models import Unit
from sipsm.reporting.access import access_aggregate_region, access_report
from sipsm.reporting.actions import monthly as monthly_actions
from sipsm.reporting.aid import aid_provider
from sipsm.reporting.exports.monthly import monthly_pdf, monthly_tables
from sipsm.reporting.exports.reports import completeness_tables
from sipsm.reporting.forms import ApproveForm, CommentForm, NarrativeForm, ReturnForm
from sipsm.reporting.models import MonthlyReport
from sipsm.reporting.monthly import build_page, completeness
from sipsm.reporting.periods import BadPeriod, Period
from sipsm.reporting.permissions import (
    can_comment,
    can_prepare,
    can_review,
    can_see_completeness,
    can_see_reports,
    is_partner,
    suppresses,
)
from sipsm.reporting.views.common import (
    answers_bad_request,
    export_formal,
    export_tables,
    month_param,
    region_crumbs,
)


def _period(year: int, month: int) -> Period:
    try:
        period = Period(year, month)
    except BadPeriod as exc:
        raise Http404 from exc
    if period.is_year:
        raise Http404
    return period


def _unit_name(code: str | None, fallback: str) -> str:
    unit = (
        Unit.objects.filter(region_id=code).only("name").first()
        if code
        else Unit.objects.filter(level=0).only("name").first()
    )
    return unit.name if unit is not None else f"IPSM {fallback}"


@require_GET
@answers_bad_request
def report_index(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own report for a month, and the reports of their area."""
    user = request.user
    if not can_see_reports(user):
        raise PermissionRefused()
    period = month_param(request)
    reports = (
        MonthlyReport.objects.for_period(period.year, period.month)
        .in_region(user.scope_code)
        .select_related("region", "submitted_by")
        .order_by("level", "region_id")
    )
    if is_partner(user):
        reports = reports.filter(status=MonthlyReport.Status.APPROVED)
    return render(
        request,
        "reporting/report_index.html",
        {
            "period": period,
            "previous": period.previous(),
            "next": period.next(),
            "own_key": user.scope_code or "nasional",
            "can_prepare_own": can_prepare(user, user.scope_code),
            "reports": reports[:500],
        },
    )


@require_GET
def report_detail(
    request: AuthenticatedRequest, region: str, year: int, month: int
) -> HttpResponse:
    period = _period(year, month)
    user = request.user
    found, report = access_report(user, region, period)
    code = found.code if found is not None else None
    page = build_page(found, period, report, suppress=suppresses(user))
    editable = report is None or report.is_editable
    return render(
        request,
        "reporting/report_detail.html",
        {
            "page": page,
            "unit_name": _unit_name(code, page.title),
            "crumbs": region_crumbs(found),
            "events": list(report.events.all()) if report is not None else [],
            "can_prepare": can_prepare(user, code) and editable,
            "can_review": can_review(user, code)
            and report is not None
            and report.status == "submitted",
            "can_comment": can_comment(user, code),
            "narrative_form": NarrativeForm(
                initial={"narrative": report.narrative if report else ""}
            ),
            "comment_form": CommentForm(),
            "return_form": ReturnForm(),
            "approve_form": ApproveForm(),
            "partner": is_partner(user),
            "aid_available": aid_provider().available,
        },
    )


def _back(key: str, period: Period) -> HttpResponse:
    return redirect("reporting:report_detail", region=key, year=period.year, month=period.month)


def _workflow(
    request: AuthenticatedRequest, region: str, year: int, month: int
) -> tuple[Region | None, Period, str]:
    period = _period(year, month)
    found, _report = access_report(request.user, region, period)
    return found, period, region


@require_POST
def report_narrative(
    request: AuthenticatedRequest, region: str, year: int, month: int
) -> HttpResponse:
    found, period, key = _workflow(request, region, year, month)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The notes are too long."))
        return _back(key, period)
    try:
        monthly_actions.save_narrative(
            acting_user=request.user,
            region=found,
            period=period,
            narrative=form.cleaned_data["narrative"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The notes are saved."))
    return _back(key, period)


@require_POST
def report_submit(
    request: AuthenticatedRequest, region: str, year: int, month: int
) -> HttpResponse:
    found, period, key = _workflow(request, region, year, month)
    try:
        monthly_actions.submit_report(acting_user=request.user, region=found, period=period)
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The report is submitted."))
    return _back(key, period)


@require_POST
def report_return(
    request: AuthenticatedRequest, region: str, year: int, month: int
) -> HttpResponse:
    found, period, key = _workflow(request, region, year, month)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        if not can_review(request.user, found.code if found is not None else None):
            raise PermissionRefused()
        messages.error(request, _("Say what needs correcting."))
        return _back(key, period)
    try:
        monthly_actions.return_report(
            acting_user=request.user,
            region=found,
            period=period,
            comment=form.cleaned_data["comment"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The report is returned for correction."))
    return _back(key, period)


@require_POST
def report_approve(
    request: AuthenticatedRequest, region: str, year: int, month: int
) -> HttpResponse:
    found, period, key = _workflow(request, region, year, month)
    form = ApproveForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        monthly_actions.approve_report(
            acting_user=request.user, region=found, period=period, comment=comment
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The report is approved."))
    return _back(key, period)


@require_POST
def report_comment(
    request: AuthenticatedRequest, region: str, year: int, month: int
) -> HttpResponse:
    found, period, key = _workflow(request, region, year, month)
    form = CommentForm(request.POST)
    if not form.is_valid():
        if not can_comment(request.user, found.code if found is not None else None):
            raise PermissionRefused()
        messages.error(request, _("Write a comment."))
        return _back(key, period)
    try:
        monthly_actions.comment_on_report(
            acting_user=request.user, region=found, period=period, text=form.cleaned_data["text"]
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    return _back(key, period)


@require_GET
def report_export(
    request: AuthenticatedRequest, region: str, year: int, month: int, fmt: str
) -> HttpResponse:
    period = _period(year, month)
    found, report = access_report(request.user, region, period)
    page = build_page(found, period, report, suppress=suppresses(request.user))
    code = found.code if found is not None else None
    unit = _unit_name(code, page.title)
    return export_formal(
        request.user,
        "monthly",
        code,
        fmt,
        monthly_tables(page),
        monthly_pdf(page, unit),
        f"laporan-bulanan-{page.key}-{period.key}",
        period=period.key,
    )


@require_GET
@answers_bad_request
def completeness_page(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_completeness(request.user):
        raise PermissionRefused()
    region = access_aggregate_region(
        request.user, request.GET.get("wilayah") or request.user.scope_code
    )
    period = month_param(request)
    code = region.code if region is not None else None
    return render(
        request,
        "reporting/completeness.html",
        {
            "region": region,
            "crumbs": region_crumbs(region),
            "crumb_extra": f"&periode={period.key}",
            "period": period,
            "previous": period.previous(),
            "next": period.next(),
            "completeness": completeness(code, period),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@answers_bad_request
def completeness_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if not can_see_completeness(request.user):
        raise PermissionRefused()
    region = access_aggregate_region(
        request.user, request.GET.get("wilayah") or request.user.scope_code
    )
    period = month_param(request)
    code = region.code if region is not None else None
    title = region.chain if region is not None else _("Indonesia")
    return export_tables(
        request.user,
        "completeness",
        code,
        fmt,
        completeness_tables(completeness(code, period), title),
        f"kelengkapan-{code or 'nasional'}-{period.key}",
        period=period.key,
    )
