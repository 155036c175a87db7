"""Referrals from the public: the open form at /peduli/ (no account), and the list where
PSMs and coordinators of the village open a case from a referral or dismiss it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sipsm.cases.access import access_intake, intakes_for
from sipsm.cases.actions import intake as intake_actions
from sipsm.cases.forms import IntakeForm, ReasonForm
from sipsm.cases.models import Intake
from sipsm.cases.permissions import can_triage_intakes
from sipsm.cases.views.common import PAGE_SIZE
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.http import AuthenticatedRequest
from sipsm.core.middleware import client_ip
from sipsm.core.ratelimit import hit

PER_IP = (10, 3600)


@login_not_required
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None)
    if request.method == "POST":
        limit, window = getattr(settings, "SIPSM_PUBLIC_REPORTS_PER_IP", PER_IP)
        if not hit("peduli-ip", client_ip(request) or "-", limit=limit, window_seconds=window):
            return render(request, "cases/public/too_many.html", status=429)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            intake_actions.receive_intake(
                data=intake_actions.IntakeData(
                    village=c["village"],
                    description=c["description"],
                    category=c.get("category"),
                    about_name=c["about_name"],
                    about_sex=c["about_sex"],
                    about_age=c.get("about_age"),
                    location_text=c["location_text"],
                    reporter_name=c["reporter_name"],
                    reporter_phone=c["reporter_phone"],
                )
            )
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return redirect("cases:intake_done")
    return render(
        request, "cases/public/form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_not_required
@require_GET
def intake_done(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/public/done.html")


@require_GET
def intake_list(request: AuthenticatedRequest) -> HttpResponse:
    if not can_triage_intakes(request.user):
        raise PermissionRefused()
    status = request.GET.get("status", Intake.Status.NEW)
    intakes = intakes_for(request.user).select_related("village", "category")
    if status in Intake.Status.values:
        intakes = intakes.filter(status=status)
    page = Paginator(intakes.order_by("-received_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/intakes.html",
        {"page_obj": page, "status": status, "statuses": Intake.Status.choices},
    )


@require_GET
def intake_detail(request: AuthenticatedRequest, intake_id: int) -> HttpResponse:
    intake = access_intake(request.user, intake_id)
    return render(
        request,
        "cases/intake.html",
        {"intake": intake, "reason_form": ReasonForm(), "cases": intake.cases.all()},
    )


@require_POST
def intake_dismiss(request: AuthenticatedRequest, intake_id: int) -> HttpResponse:
    intake = access_intake(request.user, intake_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("cases:intake", intake_id=intake.pk)
    try:
        intake_actions.dismiss_intake(
            acting_user=request.user, intake=intake, reason=form.cleaned_data["reason"]
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The referral is dismissed."))
    return redirect("cases:intake", intake_id=intake.pk)
