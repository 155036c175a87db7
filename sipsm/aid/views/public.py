"""The public complaint form (no account; rate-limited, honeypot and timing checks) and the
tracking page where the complainant reads the status and the answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.aid.actions import complaints as complaint_actions
from sipsm.aid.forms import PublicComplaintForm, TrackingForm
from sipsm.aid.models import Complaint
from sipsm.aid.views.common import form_error
from sipsm.core.errors import ActionError
from sipsm.core.middleware import client_ip
from sipsm.core.ratelimit import hit

PER_IP = (10, 3600)


@login_not_required
@require_http_methods(["GET", "POST"])
def public_complaint(request: HttpRequest) -> HttpResponse:
    form = PublicComplaintForm(request.POST or None)
    if request.method == "POST":
        limit, window = getattr(settings, "SIPSM_PUBLIC_REPORTS_PER_IP", PER_IP)
        if not hit("bansos-ip", client_ip(request) or "-", limit=limit, window_seconds=window):
            return render(request, "aid/public/too_many.html", status=429)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            complaint = complaint_actions.receive_public_complaint(
                data=complaint_actions.ComplaintData(
                    kind=c["kind"],
                    category=c["category"],
                    village=c["village"],
                    description=c["description"],
                    program=c.get("program"),
                    about_name=c["about_name"],
                    complainant_name=c["complainant_name"],
                    complainant_phone=c["complainant_phone"],
                )
            )
        except ActionError as exc:
            form_error(form, exc)
        else:
            return redirect("aid:public_track", code=complaint.tracking_code)
    return render(
        request, "aid/public/form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_not_required
@require_GET
def public_track(request: HttpRequest, code: str = "") -> HttpResponse:
    """Status and answer of a complaint by its code; no names, no phone, no internal notes."""
    form = TrackingForm(request.GET or None)
    if not code and form.is_valid():
        return redirect("aid:public_track", code=form.cleaned_data["code"].strip().upper())
    complaint = None
    if code:
        complaint = (
            Complaint.objects.select_related("village").filter(tracking_code=code.upper()).first()
        )
        if complaint is None:
            raise Http404(_("No complaint with this code."))
    return render(request, "aid/public/track.html", {"complaint": complaint, "form": form})
