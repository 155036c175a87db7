"""The certificate verification page that the certificate's QR opens (no account needed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sipsm.training.models import Enrolment


@login_not_required
@require_GET
def verify_certificate(request: HttpRequest, token: str) -> HttpResponse:
    """Masked name, course, dates, organiser and number: what is needed to check a paper."""
    enrolment = (
        Enrolment.objects.select_related("member", "session__course", "session__unit")
        .filter(certificate_token=token)
        .first()
    )
    if enrolment is None:
        raise Http404
    return render(request, "training/verify.html", {"enrolment": enrolment})
