"""The activity log: concrete work of a PSM or an area (typed activities and work recorded in
other modules), recording and correcting activities, photos, and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.regions import codes
from sipsm.reporting.access import access_activity, access_activity_for_edit, access_photo
from sipsm.reporting.actions import activities as activity_actions
from sipsm.reporting.derived import SOURCE_LABELS, totals_by_source, work_rows
from sipsm.reporting.exports.reports import activity_tables
from sipsm.reporting.exports.threew import threew_table
from sipsm.reporting.forms import ActivityForm, PhotoForm, WithdrawForm, WorkFilterForm
from sipsm.reporting.models import ActivityType, MonthlyReport
from sipsm.reporting.periods import Period
from sipsm.reporting.permissions import (
    can_edit_activity,
    can_export_activities,
    can_log_activity,
    can_see_activities,
    own_member,
    suppresses,
)
from sipsm.reporting.views.common import (
    BadRequest,
    answers_bad_request,
    export_tables,
    form_error,
    month_param,
    region_param,
)


def _work_filters(
    request: AuthenticatedRequest,
) -> tuple[WorkFilterForm, str | None, Period, bool, set[str] | None]:
    form = WorkFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise BadRequest(_("The filter is not valid."))
    data = form.cleaned_data if form.is_bound else {}
    period: Period = data.get("periode") or Period.current_month()
    scope = request.user.scope_code
    region = data.get("wilayah") or scope
    if region and not request.user.covers(region):
        raise PermissionRefused(_("This region is outside your area."))
    mine = bool(data.get("saya")) or (request.user.role == "village_psm" and not form.is_bound)
    source = data.get("sumber")
    return form, region or None, period, mine, {source} if source else None


@require_GET
@answers_bad_request
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    """Concrete work in a month: what was typed here and what other modules recorded."""
    user = request.user
    if not can_see_activities(user):
        raise PermissionRefused(_("Partners see the aggregated figures, not the activity log."))
    form, region, period, mine, sources = _work_filters(request)
    member = own_member(user) if mine else None
    if mine and member is None and user.role == "village_psm":
        rows = []
    else:
        rows = work_rows(
            prefix=region,
            period=period,
            member=member,
            user=user if mine else None,
            sources=sources,
            limit=300,
        )
    closed = (
        MonthlyReport.objects.filter(
            region_id=user.scope_code,
            year=period.year,
            month=period.month,
            status__in=[MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.APPROVED],
        ).exists()
        if user.scope_code and codes.level_of(user.scope_code) == 4
        else False
    )
    return render(
        request,
        "reporting/activity_list.html",
        {
            "form": form,
            "rows": rows,
            "totals": totals_by_source(rows),
            "period": period,
            "previous": period.previous(),
            "next": period.next(),
            "region": region or "",
            "mine": mine,
            "can_log": can_log_activity(user),
            "can_export": can_export_activities(user),
            "report_closed": closed,
            "sources": SOURCE_LABELS,
            "query": request.GET.urlencode(),
        },
    )


def _types_by_area() -> list[tuple[str, list[ActivityType]]]:
    grouped: dict[str, list[ActivityType]] = {}
    for activity_type in ActivityType.objects.filter(is_active=True):
        grouped.setdefault(activity_type.get_program_area_display(), []).append(activity_type)
    return list(grouped.items())


@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_log_activity(user):
        raise PermissionRefused()
    form = ActivityForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_actions.record_activity(
                acting_user=user, data=form.to_data(), photos=form.cleaned_data.get("photos") or []
            )
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The activity is recorded."))
            return redirect("reporting:activity_detail", activity_id=activity.pk)
    return render(
        request,
        "reporting/activity_form.html",
        {"form": form, "types": _types_by_area(), "activity": None},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def activity_detail(request: AuthenticatedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id)
    return render(
        request,
        "reporting/activity_detail.html",
        {
            "activity": activity,
            "groups": activity.ppks_groups.select_related("category"),
            "photos": activity.photos.all(),
            "can_edit": can_edit_activity(
                request.user, activity.recorded_by_id, activity.member.user_id, activity.village_id
            )
            and not activity.is_withdrawn,
            "photo_form": PhotoForm(),
            "withdraw_form": WithdrawForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity_for_edit(request.user, activity_id)
    form = ActivityForm(
        request.POST or None,
        user=request.user,
        with_photos=False,
        initial=ActivityForm.initial_for(activity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity_actions.update_activity(
                acting_user=request.user, activity=activity, data=form.to_data()
            )
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The activity is corrected."))
            return redirect("reporting:activity_detail", activity_id=activity.pk)
    return render(
        request,
        "reporting/activity_form.html",
        {"form": form, "types": _types_by_area(), "activity": activity},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_POST
def activity_withdraw(request: AuthenticatedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity_for_edit(request.user, activity_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the activity is withdrawn."))
        return redirect("reporting:activity_detail", activity_id=activity.pk)
    try:
        activity_actions.withdraw_activity(
            acting_user=request.user, activity=activity, reason=form.cleaned_data["reason"]
        )
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The activity is withdrawn."))
    return redirect("reporting:activity_detail", activity_id=activity.pk)


@require_POST
def activity_photo_add(request: AuthenticatedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity_for_edit(request.user, activity_id)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo."))
        return redirect("reporting:activity_detail", activity_id=activity.pk)
    try:
        activity_actions.add_activity_photo(
            acting_user=request.user, activity=activity, photo=form.cleaned_data["photo"]
        )
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The photo is added."))
    return redirect("reporting:activity_detail", activity_id=activity.pk)


@require_GET
def activity_photo(request: AuthenticatedRequest, activity_id: int, photo_id: int) -> FileResponse:
    activity = access_activity(request.user, activity_id)
    photo = access_photo(activity, photo_id)
    if not photo.image:
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="kegiatan-{activity.pk}-{photo.pk}.jpg"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@answers_bad_request
def activity_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """The activity log of an area and month (names of PSMs included: coordinators only)."""
    if not can_export_activities(request.user):
        raise PermissionRefused()
    _form, region, period, mine, sources = _work_filters(request)
    member = own_member(request.user) if mine else None
    rows = work_rows(prefix=region, period=period, member=member, sources=sources, limit=50_000)
    title = _("Concrete work, %(period)s") % {"period": period.label}
    return export_tables(
        request.user,
        "activities",
        region,
        fmt,
        activity_tables(rows, title),
        f"kerja-nyata-{region or 'nasional'}-{period.key}",
        period=period.key,
    )


@require_GET
@answers_bad_request
def threew_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """3W (who does what where), HXL-tagged, for an area and month (or a year: YYYY)."""
    region = region_param(request)
    raw = request.GET.get("periode") or ""
    try:
        period = Period.parse(raw) if raw else month_param(request)
    except ValueError as exc:
        raise BadRequest(_("Give a month as YYYY-MM or a year as YYYY.")) from exc
    code = region.code if region is not None else None
    title = region.chain if region is not None else _("Indonesia")
    table = threew_table(code, period, suppress=suppresses(request.user), title=title)
    return export_tables(
        request.user,
        "3w",
        code,
        fmt,
        [table],
        f"3w-{code or 'nasional'}-{period.key}",
        period=period.key,
    )
