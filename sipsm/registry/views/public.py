"""Pages for people without an account: applying to become a PSM, verifying a member card."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError
from sipsm.core.middleware import client_ip
from sipsm.core.ratelimit import hit
from sipsm.registry.actions import members as member_actions
from sipsm.registry.forms import PublicApplicationForm
from sipsm.registry.kta import member_unit
from sipsm.registry.models import Member

PER_IP = (10, 3600)


@login_not_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = PublicApplicationForm(request.POST or None)
    if request.method == "POST":
        limit, window = getattr(settings, "SIPSM_PUBLIC_APPLICATIONS_PER_IP", PER_IP)
        if not hit("daftar-ip", client_ip(request) or "-", limit=limit, window_seconds=window):
            return render(request, "incidents/public/too_many.html", status=429)
    if request.method == "POST" and form.is_valid():
        try:
            member_actions.register_member(acting_user=None, data=form.to_data())
        except ActionError as exc:
            if exc.code != "duplicate_nik":
                form.add_error(exc.field or None, str(exc.message))
            else:
                # Answer exactly as for a new application, so that nobody can probe which NIKs
                # are on file; the attempt is in the audit trail for the coordinators.
                record_event(
                    actor=None,
                    verb="member.application_duplicate_nik",
                    region_code=form.cleaned_data["home_village"].code,
                )
                return redirect("registry:apply_done")
        else:
            return redirect("registry:apply_done")
    return render(
        request, "registry/public/apply.html", {"form": form}, status=400 if form.errors else 200
    )


@login_not_required
@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/public/apply_done.html")


def _member_by_token(token: str) -> Member:
    member = (
        Member.objects.select_related("home_village")
        .filter(verification_token=token, kta_number__isnull=False)
        .first()
    )
    if member is None:
        raise Http404
    return member


@login_not_required
@require_GET
def verify_card(request: HttpRequest, token: str) -> HttpResponse:
    """What the card's QR opens: masked name, photo, unit, status. Never the NIK."""
    member = _member_by_token(token)
    return render(
        request,
        "registry/public/verify.html",
        {
            "member": member,
            "unit": member_unit(member),
            "is_valid": member.status == Member.Status.ACTIVE,
        },
    )


@login_not_required
@require_GET
def verify_card_photo(request: HttpRequest, token: str) -> HttpResponseBase:
    member = _member_by_token(token)
    if not member.photo:
        raise Http404
    return FileResponse(member.photo.open("rb"), content_type="image/jpeg")
