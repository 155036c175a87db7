"""Meetings and decisions; action items with progress, evidence and an overdue list."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.coordination.access import access_action_item, access_decision, access_meeting
from sipsm.coordination.actions import meetings as meeting_actions
from sipsm.coordination.forms import (
    ActionItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    ProgressForm,
)
from sipsm.coordination.models import ActionItem, ActionUpdate, Attachment, Decision, Meeting
from sipsm.coordination.permissions import can_read, coordinates
from sipsm.coordination.views.common import PAGE_SIZE, form_error
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest


@require_GET
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_read(user):
        raise Http404
    meetings = Meeting.objects.visible_to(user).select_related("unit")
    kind = request.GET.get("jenis", "")
    if kind in Meeting.Kind.values:
        meetings = meetings.filter(kind=kind)
    meetings = meetings.annotate(decision_count=Count("decisions"))
    page = Paginator(meetings.order_by("-starts_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coordination/meetings/list.html",
        {
            "page_obj": page,
            "kind": kind,
            "kinds": Meeting.Kind.choices,
            "can_create": coordinates(user, user.scope_code),
        },
    )


def _meeting_form_page(
    request: AuthenticatedRequest, form: MeetingForm, meeting: Meeting | None
) -> HttpResponse:
    return render(
        request,
        "coordination/form.html",
        {"form": form, "title": meeting.title if meeting else _("New meeting")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    if not coordinates(request.user, request.user.scope_code):
        raise PermissionRefused()
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_actions.create_meeting(
                acting_user=request.user, region=form.cleaned_data["unit"], data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("coordination:meeting_detail", meeting.pk)
    return _meeting_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    if not coordinates(request.user, meeting.region_id):
        raise PermissionRefused()
    initial = {
        "unit": meeting.region,
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "status": meeting.status,
    }
    form = MeetingForm(request.POST or None, request.FILES or None, initial=initial)
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            meeting_actions.update_meeting(
                acting_user=request.user, meeting=meeting, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("coordination:meeting_detail", meeting.pk)
    return _meeting_form_page(request, form, meeting)


@require_GET
def meeting_detail(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    manage = coordinates(request.user, meeting.region_id)
    decisions = Decision.objects.filter(meeting=meeting).prefetch_related(
        Prefetch(
            "action_items",
            queryset=ActionItem.objects.select_related("unit", "owner").order_by("due_date", "id"),
        )
    )
    return render(
        request,
        "coordination/meetings/detail.html",
        {
            "meeting": meeting,
            "manage": manage,
            "attendance": list(meeting.attendance.select_related("member")),
            "decisions": list(decisions),
            "attachments": list(meeting.attachments.all()),
            "attendance_form": AttendanceForm(),
            "decision_form": DecisionForm(),
            "item_form": ActionItemForm(),
        },
    )


@require_POST
def meeting_attendance(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    if not coordinates(request.user, meeting.region_id):
        raise PermissionRefused()
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            meeting_actions.record_attendance(
                acting_user=request.user, meeting=meeting, **form.cleaned_data
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Attendance recorded."))
    return redirect("coordination:meeting_detail", meeting.pk)


@require_POST
def meeting_decision(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    if not coordinates(request.user, meeting.region_id):
        raise PermissionRefused()
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the decision."))
    else:
        meeting_actions.add_decision(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Decision recorded."))
    return redirect("coordination:meeting_detail", meeting.pk)


@require_POST
def decision_action_item(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = access_decision(request.user, decision_id)
    meeting = decision.meeting
    if not coordinates(request.user, meeting.region_id):
        raise PermissionRefused()
    form = ActionItemForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("coordination:meeting_detail", meeting.pk)
    try:
        meeting_actions.add_action_item(
            acting_user=request.user,
            decision=decision,
            region=form.cleaned_data["unit"] or meeting.region,
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
            owner=form.cleaned_data["owner"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Action item added."))
    return redirect("coordination:meeting_detail", meeting.pk)


@require_GET
def action_item_list(request: AuthenticatedRequest) -> HttpResponse:
    """Action items in the user's units; `?terlambat=1` keeps the overdue ones, and the side
    table counts overdue items per unit."""
    user = request.user
    if not can_read(user):
        raise Http404
    items = ActionItem.objects.visible_to(user).select_related("unit", "owner", "decision__meeting")
    overdue_only = request.GET.get("terlambat") == "1"
    if overdue_only:
        items = items.overdue()
    status = request.GET.get("status", "")
    if status in ActionItem.Status.values:
        items = items.filter(status=status)
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        items = items.filter(unit_id=int(unit))
    per_unit = (
        ActionItem.objects.visible_to(user)
        .overdue()
        .values("unit_id", "unit__name")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__name")[:50]
    )
    page = Paginator(items.order_by("due_date", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/meetings/action_items.html",
        {
            "page_obj": page,
            "overdue_only": overdue_only,
            "status": status,
            "statuses": ActionItem.Status.choices,
            "unit": unit,
            "per_unit": list(per_unit),
            "today": timezone.localdate(),
        },
    )


@require_GET
def action_item_detail(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = access_action_item(request.user, item_id)
    updates = (
        ActionUpdate.objects.filter(item=item)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
    )
    return render(
        request,
        "coordination/meetings/action_item.html",
        {
            "item": item,
            "updates": list(updates),
            "can_update": meeting_actions.can_update_item(request.user, item),
            "form": ProgressForm(initial={"progress": item.progress, "status": item.status}),
        },
    )


@require_POST
def action_item_progress(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = access_action_item(request.user, item_id)
    if not meeting_actions.can_update_item(request.user, item):
        raise PermissionRefused()
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            meeting_actions.add_progress(
                acting_user=request.user,
                item=item,
                note=form.cleaned_data["note"],
                progress=form.cleaned_data["progress"],
                status=form.cleaned_data["status"],
                files=form.cleaned_data["attachments"],
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Progress recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("coordination:action_item_detail", item.pk)
