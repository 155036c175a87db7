"""Consent, referrals to service providers, and the child's rights page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sipsm.cases import rights as child_rights
from sipsm.cases.access import (
    access_case,
    access_case_for_work,
    access_consent,
    access_referral,
)
from sipsm.cases.actions import referrals as referral_actions
from sipsm.cases.forms import (
    CompleteReferralForm,
    ConsentForm,
    ReasonForm,
    ReferralForm,
    RespondForm,
    RightForm,
)
from sipsm.cases.models import Case, ChildRight, ServiceProvider
from sipsm.cases.permissions import can_approve, can_work_on
from sipsm.cases.views.common import case_route, failed, form_error, to_case, user_of
from sipsm.cases.views.workflow import _run, _user
from sipsm.core.errors import ActionError, PermissionRefused


@case_route
@require_POST
def consent_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        ConsentForm(request.POST),
        lambda c: referral_actions.record_consent(
            acting_user=_user(request),
            case=case,
            given_by=c["given_by"],
            method=c["method"],
            given_on=c["given_on"],
            guardian_name=c["guardian_name"],
            guardian_relationship=c["guardian_relationship"],
            note=c["note"],
        ),
        _("Consent recorded."),
        "referrals",
    )


@case_route
@require_POST
def consent_withdraw(request: HttpRequest, case_id: int, consent_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    consent = access_consent(case, consent_id)
    try:
        referral_actions.withdraw_consent(
            acting_user=_user(request), consent=consent, note=request.POST.get("note", "")
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        return failed(request, case, exc, "referrals")
    messages.success(request, _("Consent withdrawn."))
    return to_case(request, case, "referrals")


def _providers(case: Case) -> object:
    return ServiceProvider.objects.active().covering(case.village_id).order_by("name")


@case_route
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """Choose a provider serving the case's village and send the referral."""
    case = (
        access_case(user_of(request), case_id, read="referral_form")
        if request.method == "GET"
        else access_case_for_work(user_of(request), case_id)
    )
    user = _user(request)
    if not can_work_on(user, case):
        raise PermissionRefused()
    form = ReferralForm(request.POST or None, providers=_providers(case))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            referral_actions.send_referral(
                acting_user=user,
                case=case,
                provider=c["provider"],
                service=c["service"],
                reason=c["reason"],
                urgent=c["urgent"],
                override_reason=c["override_reason"],
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Referral sent."))
            return to_case(request, case, "referrals")
    return render(
        request,
        "cases/referral_form.html",
        {
            "case": case,
            "form": form,
            "consent": referral_actions.valid_consent(case),
            "can_override": can_approve(user, case),
        },
        status=400 if form.errors else 200,
    )


@case_route
@require_POST
def referral_respond(request: HttpRequest, case_id: int, referral_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    referral = access_referral(case, referral_id)
    return _run(
        request,
        case,
        RespondForm(request.POST),
        lambda c: referral_actions.respond_to_referral(
            acting_user=_user(request),
            referral=referral,
            accepted=c["decision"] == "accept",
            note=c["note"],
        ),
        _("The provider's answer is recorded."),
        "referrals",
    )


@case_route
@require_POST
def referral_complete(request: HttpRequest, case_id: int, referral_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    referral = access_referral(case, referral_id)
    return _run(
        request,
        case,
        CompleteReferralForm(request.POST),
        lambda c: referral_actions.complete_referral(
            acting_user=_user(request),
            referral=referral,
            outcome=c["outcome"],
            right_status=c["right_status"],
        ),
        _("Referral completed."),
        "referrals",
    )


@case_route
@require_POST
def referral_revoke(request: HttpRequest, case_id: int, referral_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    referral = access_referral(case, referral_id)
    return _run(
        request,
        case,
        ReasonForm(request.POST),
        lambda c: referral_actions.revoke_referral(
            acting_user=_user(request), referral=referral, reason=c["reason"]
        ),
        _("Referral revoked."),
        "referrals",
    )


@case_route
@require_http_methods(["GET", "POST"])
def rights_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """The child's five rights at a glance, with their history and a form for each (GET);
    recording a new status of one right (POST). Reads are logged like the case file."""
    if request.method == "GET":
        case = access_case(user_of(request), case_id, read="rights")
    else:
        case = access_case_for_work(user_of(request), case_id)
    user = _user(request)
    forms = {right.value: RightForm(right=right.value) for right in ChildRight}
    if request.method == "POST":
        right = request.POST.get("right", "")
        if right not in forms:
            messages.error(request, _("Unknown right."))
            return to_case(request, case, "rights")
        form = RightForm(request.POST, right=right)
        forms[right] = form
        if form.is_valid():
            try:
                referral_actions.record_right(
                    acting_user=user,
                    case=case,
                    right=right,
                    status=form.cleaned_data["status"],
                    as_of=form.cleaned_data["as_of"],
                    evidence=form.cleaned_data["evidence"],
                    details=form.details(),
                )
            except PermissionRefused:
                raise
            except ActionError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("The right's status is recorded."))
                return to_case(request, case, "rights")
    records = list(case.rights.select_related("recorded_by").order_by("-as_of", "-id"))
    states = child_rights.current_rights(records)
    return render(
        request,
        "cases/rights.html",
        {
            "case": case,
            "states": states,
            "forms": [(state, forms[state.right]) for state in states],
            "history": [(r, child_rights.detail_rows(r.right, r.facts)) for r in records],
            "can_work": can_work_on(user, case) and not case.is_closed and case.is_child,
        },
        status=400 if any(f.errors for f in forms.values()) else 200,
    )
