"""Situation report (page and PDF), HXL exports and CAP alerts."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.incidents.access import incidents_for
from sipsm.incidents.models import Incident
from sipsm.incidents.permissions import can_see_incidents
from sipsm.relief import hxl
from sipsm.relief.access import (
    access_cap_alert,
    access_incident_for_alerts,
    access_relief_incident,
)
from sipsm.relief.actions import cap as cap_actions
from sipsm.relief.forms import CapAlertForm
from sipsm.relief.models import CapAlert, Need
from sipsm.relief.sitrep import build_sitrep, render_sitrep_pdf
from sipsm.relief.views.common import form_error, rights


@require_GET
def sitrep_page(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    return render(
        request,
        "relief/sitrep.html",
        {**rights(request, incident), "sitrep": build_sitrep(incident)},
    )


@require_GET
def sitrep_pdf(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    sitrep = build_sitrep(incident)
    stamp = timezone.localtime(sitrep.generated_at).strftime("%Y%m%d-%H%M")
    response = HttpResponse(render_sitrep_pdf(sitrep), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sitrep-{incident.tracking_code}-{stamp}.pdf"'
    )
    return response


def _csv(lines: Iterable[str], name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


@require_GET
def hxl_incidents(request: AuthenticatedRequest) -> StreamingHttpResponse:
    """Incidents the user can see, with their people counts (HXL-tagged CSV)."""
    if not can_see_incidents(request.user):
        raise Http404
    incidents = incidents_for(request.user)
    status = request.GET.get("status", "")
    if status == "open":
        incidents = incidents.open()
    elif status in Incident.Status.values:
        incidents = incidents.filter(status=status)
    return _csv(hxl.incidents_csv(incidents.order_by("-reported_at", "-id")), "kejadian-hxl")


@require_GET
def hxl_needs(request: AuthenticatedRequest) -> StreamingHttpResponse:
    """Needs of every incident the user can see (HXL-tagged CSV)."""
    if not can_see_incidents(request.user):
        raise Http404
    needs = Need.objects.filter(incident__in=incidents_for(request.user).values("pk"))
    if request.GET.get("status") == "gap":
        needs = needs.exclude(status=Need.Status.MET)
    return _csv(hxl.needs_csv(needs), "kebutuhan-hxl")


@require_GET
def hxl_incident_needs(request: AuthenticatedRequest, incident_id: int) -> StreamingHttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    return _csv(
        hxl.needs_csv(Need.objects.filter(incident=incident)),
        f"kebutuhan-{incident.tracking_code}-hxl",
    )


@require_http_methods(["GET", "POST"])
def cap_alerts(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    """The CAP alerts issued about the incident; managers issue new ones here."""
    if request.method == "POST":
        incident = access_incident_for_alerts(request.user, incident_id)
    else:
        incident = access_relief_incident(request.user, incident_id)
    context = rights(request, incident)
    earlier = list(CapAlert.objects.filter(incident=incident).order_by("sent", "pk"))
    form = None
    if context["can_issue_alerts"]:
        form = CapAlertForm(
            request.POST or None,
            initial={
                "msg_type": CapAlert.MsgType.UPDATE if earlier else CapAlert.MsgType.ALERT,
                "headline": f"{incident.type.name}: {incident.title}"[:160],
                "description": incident.description,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                alert = cap_actions.issue_cap_alert(
                    acting_user=request.user, incident=incident, data=form.to_data()
                )
            except PermissionRefused:
                raise
            except ActionError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("CAP message %(id)s issued.") % {"id": alert.identifier}
                )
                return redirect("relief:cap", incident_id=incident.pk)
    return render(
        request,
        "relief/cap.html",
        {**context, "alerts": earlier, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
def cap_alert_xml(request: AuthenticatedRequest, incident_id: int, alert_id: int) -> HttpResponse:
    incident = access_relief_incident(request.user, incident_id)
    alert = access_cap_alert(request.user, incident, alert_id)
    response = HttpResponse(alert.xml, content_type="application/cap+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{alert.identifier}.xml"'
    return response
