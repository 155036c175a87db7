"""Needs assessed per village: list, record, re-assess, mark met."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.relief.access import (
    access_incident_for_entries,
    access_need,
    access_relief_incident,
    require_entries,
)
from sipsm.relief.actions import needs as need_actions
from sipsm.relief.forms import NeedForm, NeedStatusForm
from sipsm.relief.models import Need, NeedCategory
from sipsm.relief.permissions import entry_villages
from sipsm.relief.views.common import PAGE_SIZE, back, form_error, rights


@require_GET
def need_list(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    needs = Need.objects.filter(incident=incident).select_related("village", "assessed_by")
    status = request.GET.get("status", "")
    if status == "gap":
        needs = needs.exclude(status=Need.Status.MET)
    elif status in Need.Status.values:
        needs = needs.filter(status=status)
    category = request.GET.get("category", "")
    if category in NeedCategory.values:
        needs = needs.filter(category=category)
    page = Paginator(needs.order_by("status", "village_id", "category", "id"), PAGE_SIZE)
    return render(
        request,
        "relief/needs.html",
        {
            **rights(request, incident),
            "page_obj": page.get_page(request.GET.get("page")),
            "status": status,
            "category": category,
            "statuses": Need.Status.choices,
            "categories": NeedCategory.choices,
            "status_form": NeedStatusForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def need_create(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_incident_for_entries(request.user, incident_id)
    form = NeedForm(request.POST or None, villages=entry_villages(request.user, incident))
    if request.method == "POST" and form.is_valid():
        try:
            need_actions.record_need(
                acting_user=request.user, incident=incident, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Need recorded."))
            return redirect("relief:needs", incident_id=incident.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": _("Record a need"),
            "back": "relief:needs",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def need_edit(request: AuthenticatedRequest, incident_id: int, need_id: int) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    need = access_need(request.user, incident, need_id)
    require_entries(request.user, incident)
    initial = {
        "village": need.village,
        "category": need.category,
        "people_affected": need.people_affected,
        "quantity": need.quantity,
        "unit": need.unit,
        "description": need.description,
        "priority": need.priority,
        "status": need.status,
    }
    form = NeedForm(
        request.POST or None, initial=initial, villages=entry_villages(request.user, incident)
    )
    if request.method == "POST" and form.is_valid():
        try:
            need_actions.update_need(acting_user=request.user, need=need, data=form.to_data())
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Need updated."))
            return redirect("relief:needs", incident_id=incident.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": _("Re-assess a need"),
            "back": "relief:needs",
        },
        status=400 if form.errors else 200,
    )


@require_POST
def need_status(request: AuthenticatedRequest, incident_id: int, need_id: int) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    need = access_need(request.user, incident, need_id)
    require_entries(request.user, incident)
    form = NeedStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("relief:needs", incident_id=incident.pk)
    try:
        need_actions.set_need_status(
            acting_user=request.user, need=need, status=form.cleaned_data["status"]
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        return back(request, exc, "relief:needs", incident_id=incident.pk)
    messages.success(request, _("Status changed."))
    return redirect("relief:needs", incident_id=incident.pk)
