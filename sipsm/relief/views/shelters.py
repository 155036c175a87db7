"""Evacuation sites and aid posts: list with occupancy, open, edit, head count, close."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.relief.access import (
    access_incident_for_shelters,
    access_relief_incident,
    access_shelter,
)
from sipsm.relief.actions import shelters as shelter_actions
from sipsm.relief.forms import HeadCountForm, ShelterForm
from sipsm.relief.models import AffectedPerson, Shelter
from sipsm.relief.permissions import can_manage_shelters, can_see_people, shelter_villages
from sipsm.relief.views.common import back, form_error, rights

GONE = [AffectedPerson.Condition.DECEASED, AffectedPerson.Condition.MISSING]


def with_registered(queryset: Any) -> Any:
    return queryset.annotate(
        registered=Count(
            "occupants",
            filter=Q(occupants__duplicate_of__isnull=True) & ~Q(occupants__condition__in=GONE),
        )
    )


@require_GET
def shelter_list(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    rows = []
    for shelter in with_registered(
        Shelter.objects.filter(incident=incident).select_related("village")
    ).order_by("-is_open", "name"):
        registered = int(shelter.registered)
        rows.append(
            {
                "obj": shelter,
                "registered": registered,
                "people": shelter.occupancy(registered) if shelter.is_open else 0,
            }
        )
    return render(
        request,
        "relief/shelters.html",
        {
            **rights(request, incident),
            "shelters": rows,
            "total_people": sum(r["people"] for r in rows),
            "total_capacity": sum(r["obj"].capacity or 0 for r in rows if r["obj"].is_open),
        },
    )


@require_http_methods(["GET", "POST"])
def shelter_create(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_incident_for_shelters(request.user, incident_id)
    form = ShelterForm(request.POST or None, villages=shelter_villages(request.user, incident))
    if request.method == "POST" and form.is_valid():
        try:
            shelter = shelter_actions.open_shelter(
                acting_user=request.user, incident=incident, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Shelter recorded."))
            return redirect("relief:shelter", incident_id=incident.pk, shelter_id=shelter.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": _("Open a shelter or aid post"),
            "back": "relief:shelters",
            "geolocate": True,
        },
        status=400 if form.errors else 200,
    )


@require_GET
def shelter_detail(
    request: AuthenticatedRequest, incident_id: int, shelter_id: int
) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    shelter = access_shelter(request.user, incident, shelter_id)
    registered = with_registered(Shelter.objects.filter(pk=shelter.pk)).get().registered
    occupants = (
        shelter.occupants.filter(duplicate_of__isnull=True).order_by("full_name")
        if can_see_people(request.user, incident)
        else None
    )
    return render(
        request,
        "relief/shelter.html",
        {
            **rights(request, incident),
            "shelter": shelter,
            "registered": registered,
            "occupancy": shelter.occupancy(registered) if shelter.is_open else 0,
            "occupants": occupants,
            "count_form": HeadCountForm(initial={"manual_count": shelter.manual_count}),
        },
    )


@require_http_methods(["GET", "POST"])
def shelter_edit(request: AuthenticatedRequest, incident_id: int, shelter_id: int) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    shelter = access_shelter(request.user, incident, shelter_id)
    if not can_manage_shelters(request.user, incident):
        raise PermissionRefused()
    initial = {
        "village": shelter.village,
        "name": shelter.name,
        "kind": shelter.kind,
        "address": shelter.address,
        "capacity": shelter.capacity,
        "lat": shelter.lat,
        "lon": shelter.lon,
    }
    form = ShelterForm(
        request.POST or None, initial=initial, villages=shelter_villages(request.user, incident)
    )
    if request.method == "POST" and form.is_valid():
        try:
            shelter_actions.update_shelter(
                acting_user=request.user, shelter=shelter, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Shelter updated."))
            return redirect("relief:shelter", incident_id=incident.pk, shelter_id=shelter.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": shelter.name,
            "back": "relief:shelters",
            "geolocate": True,
        },
        status=400 if form.errors else 200,
    )


def _managed(request: AuthenticatedRequest, incident_id: int, shelter_id: int) -> Shelter:
    incident = access_relief_incident(request.user, incident_id)
    shelter = access_shelter(request.user, incident, shelter_id)
    if not can_manage_shelters(request.user, incident):
        raise PermissionRefused()
    return shelter


@require_POST
def shelter_count(request: AuthenticatedRequest, incident_id: int, shelter_id: int) -> HttpResponse:
    shelter = _managed(request, incident_id, shelter_id)
    target: dict[str, Any] = {"incident_id": incident_id, "shelter_id": shelter.pk}
    form = HeadCountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a number."))
        return redirect("relief:shelter", incident_id=incident_id, shelter_id=shelter.pk)
    try:
        shelter_actions.record_head_count(
            acting_user=request.user, shelter=shelter, count=form.cleaned_data["manual_count"]
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        return back(request, exc, "relief:shelter", **target)
    messages.success(request, _("Head count saved."))
    return redirect("relief:shelter", incident_id=incident_id, shelter_id=shelter.pk)


@require_POST
def shelter_close(request: AuthenticatedRequest, incident_id: int, shelter_id: int) -> HttpResponse:
    shelter = _managed(request, incident_id, shelter_id)
    target: dict[str, Any] = {"incident_id": incident_id, "shelter_id": shelter.pk}
    try:
        shelter_actions.close_shelter(acting_user=request.user, shelter=shelter)
    except PermissionRefused:
        raise
    except ActionError as exc:
        return back(request, exc, "relief:shelter", **target)
    messages.success(request, _("Shelter closed."))
    return redirect("relief:shelter", incident_id=incident_id, shelter_id=shelter.pk)


@require_POST
def shelter_reopen(
    request: AuthenticatedRequest, incident_id: int, shelter_id: int
) -> HttpResponse:
    shelter = _managed(request, incident_id, shelter_id)
    target: dict[str, Any] = {"incident_id": incident_id, "shelter_id": shelter.pk}
    try:
        shelter_actions.reopen_shelter(acting_user=request.user, shelter=shelter)
    except PermissionRefused:
        raise
    except ActionError as exc:
        return back(request, exc, "relief:shelter", **target)
    messages.success(request, _("Shelter reopened."))
    return redirect("relief:shelter", incident_id=incident_id, shelter_id=shelter.pk)
