"""Incident pages for members and coordinators: list, report, detail with the live board."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.core.images import clean_photo
from sipsm.incidents.access import (
    access_incident,
    access_incident_for_management,
    access_incident_photo,
    incidents_for,
)
from sipsm.incidents.actions import dispatch, lifecycle
from sipsm.incidents.actions.lifecycle import TRANSITIONS, IncidentReport
from sipsm.incidents.forms import IncidentForm, StatusForm
from sipsm.incidents.models import Assignment, Channel, Incident, IncidentEvent, IncidentType
from sipsm.incidents.permissions import (
    can_manage_incident,
    can_report,
    can_see_exact_positions,
    can_see_incidents,
    can_see_photo,
    can_see_responders,
)
from sipsm.incidents.timing import incident_timings


@require_GET
def incident_list(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_incidents(request.user):
        raise Http404
    incidents = incidents_for(request.user)
    status = request.GET.get("status", "")
    if status == "open":
        incidents = incidents.open()
    elif status in Incident.Status.values:
        incidents = incidents.filter(status=status)
    kind = request.GET.get("type", "")
    if kind:
        incidents = incidents.filter(type__code=kind)
    incidents = incidents.select_related("type", "region").order_by("-reported_at", "-id")
    incidents = incidents.with_counts()
    page = Paginator(incidents, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "incidents/list.html",
        {
            "page_obj": page,
            "status": status,
            "kind": kind,
            "types": IncidentType.objects.all(),
            "statuses": Incident.Status.choices,
            "can_report": can_report(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def incident_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_report(request.user):
        raise PermissionRefused()
    form = IncidentForm(
        request.POST or None, request.FILES or None, scope_code=request.user.scope_code
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            photo = clean_photo(data["photo"]) if data.get("photo") else None
            incident = lifecycle.report_incident(
                acting_user=request.user,
                report=IncidentReport(
                    type=data["type"],
                    title=data["title"],
                    region=data["village"],
                    channel=Channel.MEMBER,
                    description=data["description"],
                    severity=data["severity"],
                    lat=data.get("lat"),
                    lon=data.get("lon"),
                    location_text=data["location_text"],
                    reporter_name=request.user.get_full_name() or request.user.get_username(),
                ),
                photo=photo,
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form.add_error(exc.field or None, str(exc.message))
        else:
            messages.success(
                request,
                _("Incident reported. Tracking code: %(code)s") % {"code": incident.tracking_code},
            )
            return redirect("incidents:detail", incident_id=incident.pk)
    return render(
        request, "incidents/form.html", {"form": form}, status=400 if form.errors else 200
    )


# Timeline entries that name a PSM (in the note, and the PSM's account as the actor).
PERSONAL_EVENTS = {"accepted", "declined", "on_site", "checked_out"}


def _board_context(request: AuthenticatedRequest, incident: Incident) -> dict[str, Any]:
    names = can_see_responders(request.user, incident)
    rows = incident.assignments.order_by("wave", "rank")
    if names:
        rows = rows.select_related("member", "member__home_village")
    else:
        rows = rows.only("id", "status", "incident_id")
    assignments = list(rows)
    # Who is helping first, then who has still to answer, then the rest.
    order = ["on_site", "accepted", "alerted", "done", "declined", "expired", "cancelled"]
    groups: dict[str, list[Assignment]] = {s: [] for s in order}
    for assignment in assignments:
        groups[assignment.status].append(assignment)
    return {
        "incident": incident,
        "groups": groups,
        "counts": {s: len(v) for s, v in groups.items()},
        "any_assignment": bool(assignments),
        "show_names": names,
        "exact_positions": can_see_exact_positions(request.user, incident),
    }


def _timeline(request: AuthenticatedRequest, incident: Incident) -> list[IncidentEvent]:
    events = list(incident.events.all()[:200])  # each with .label (models.IncidentEvent)
    if not can_see_responders(request.user, incident):
        # The partner reads what happened and when, not who (reporters and PSMs are people).
        for event in events:
            event.actor_label = ""
            if event.verb in PERSONAL_EVENTS:
                event.note = ""
    return events


@require_GET
def incident_detail(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_incident(request.user, incident_id)
    manage = can_manage_incident(request.user, incident)
    context = _board_context(request, incident)
    context.update(
        {
            "areas": incident.areas.select_related("village")[:500],
            "area_count": incident.areas.count(),
            "events": _timeline(request, incident),
            "can_manage": manage,
            "show_photo": bool(incident.photo) and can_see_photo(request.user, incident),
            "next_statuses": [
                (s, Incident.Status(s).label)
                for s in sorted(TRANSITIONS.get(incident.status, set()))
            ],
            "status_form": StatusForm(),
            "timings": incident_timings(incident),
        }
    )
    return render(request, "incidents/detail.html", context)


@require_GET
def incident_board(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    """The live call-out board (htmx polls it)."""
    incident = access_incident(request.user, incident_id)
    return render(request, "incidents/_board.html", _board_context(request, incident))


@require_POST
def incident_status(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_incident_for_management(request.user, incident_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.change_status(
                acting_user=request.user,
                incident=incident,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                callout=form.cleaned_data["callout"],
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("incidents:detail", incident_id=incident.pk)


@require_POST
def incident_callout(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    """Alert more PSMs now (the next wave, further out)."""
    incident = access_incident_for_management(request.user, incident_id)
    try:
        _wave, alerted = dispatch.alert_next_wave(acting_user=request.user, incident=incident)
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(n)d more PSMs alerted.") % {"n": alerted})
    return redirect("incidents:detail", incident_id=incident.pk)


@require_GET
def incident_photo(request: AuthenticatedRequest, incident_id: int) -> FileResponse:
    """The photo sent with the report (a JPEG without metadata, see core.images.clean_photo)."""
    incident = access_incident_photo(request.user, incident_id)
    response = FileResponse(incident.photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
