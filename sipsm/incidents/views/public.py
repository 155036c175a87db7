"""The public emergency report at /lapor/ and the tracking page; no account needed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.core.errors import ActionError
from sipsm.core.images import clean_photo
from sipsm.core.middleware import client_ip
from sipsm.core.ratelimit import hit
from sipsm.incidents.actions.lifecycle import IncidentReport, report_incident
from sipsm.incidents.forms import PublicIncidentForm, TrackingForm
from sipsm.incidents.models import Channel, Incident

PER_IP = (10, 3600)
PER_PHONE = (5, 3600)


@login_not_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    form = PublicIncidentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        limit, window = getattr(settings, "SIPSM_PUBLIC_REPORTS_PER_IP", PER_IP)
        if not hit("lapor-ip", client_ip(request) or "-", limit=limit, window_seconds=window):
            return render(request, "incidents/public/too_many.html", status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        phone = data["reporter_phone"]
        if phone and not hit("lapor-phone", phone, limit=PER_PHONE[0], window_seconds=PER_PHONE[1]):
            return render(request, "incidents/public/too_many.html", status=429)
        try:
            photo = clean_photo(data["photo"]) if data.get("photo") else None
            incident = report_incident(
                acting_user=None,
                report=IncidentReport(
                    type=data["type"],
                    title=data["title"],
                    region=data["village"],
                    channel=Channel.PUBLIC,
                    description=data["description"],
                    lat=data.get("lat"),
                    lon=data.get("lon"),
                    location_text=data["location_text"],
                    reporter_name=data["reporter_name"],
                    reporter_phone=phone,
                ),
                photo=photo,
            )
        except ActionError as exc:
            form.add_error(exc.field or None, str(exc.message))
        else:
            return redirect("incidents:public_track", code=incident.tracking_code)
    return render(
        request, "incidents/public/report.html", {"form": form}, status=400 if form.errors else 200
    )


@login_not_required
@require_GET
def track(request: HttpRequest, code: str = "") -> HttpResponse:
    """Status of a report by its tracking code; shows no names and no responder locations."""
    form = TrackingForm(request.GET or None)
    if not code and form.is_valid():
        return redirect("incidents:public_track", code=form.cleaned_data["code"].strip().upper())
    incident = None
    if code:
        incident = (
            Incident.objects.select_related("type", "region")
            .filter(tracking_code=code.upper())
            .first()
        )
        if incident is None:
            raise Http404(_("No report with this code."))
    return render(request, "incidents/public/track.html", {"incident": incident, "form": form})
