"""Relief given to people and households: list and record."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.relief.access import access_people_incident, require_entries
from sipsm.relief.actions import relief as relief_actions
from sipsm.relief.forms import ReliefForm
from sipsm.relief.models import NeedCategory, Relief
from sipsm.relief.views.common import PAGE_SIZE, form_error, rights


@require_GET
def relief_list(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    relief = Relief.objects.filter(incident=incident).select_related(
        "person", "household", "recorded_by"
    )
    kind = request.GET.get("kind", "")
    if kind in NeedCategory.values:
        relief = relief.filter(kind=kind)
    return render(
        request,
        "relief/relief_list.html",
        {
            **rights(request, incident),
            "kind": kind,
            "kinds": NeedCategory.choices,
            "page_obj": Paginator(relief.order_by("-given_on", "-id"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def relief_create(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_people_incident(request.user, incident_id)
    require_entries(request.user, incident)
    initial = {
        key: request.GET[param]
        for key, param in (("person", "orang"), ("household", "keluarga"))
        if request.GET.get(param, "").isdigit()
    }
    form = ReliefForm(request.POST or None, initial=initial, incident_id=incident.pk)
    if request.method == "POST" and form.is_valid():
        try:
            relief_actions.give_relief(
                acting_user=request.user,
                incident=incident,
                data=form.to_data(),
                person=form.cleaned_data.get("person"),
                household=form.cleaned_data.get("household"),
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Relief recorded."))
            return redirect("relief:relief", incident_id=incident.pk)
    return render(
        request,
        "relief/form.html",
        {
            **rights(request, incident),
            "form": form,
            "title": _("Record relief given"),
            "back": "relief:relief",
        },
        status=400 if form.errors else 200,
    )
