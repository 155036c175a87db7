"""The work on a case from its page: assessment, plan, tasks, services, notes, the SPM
"basic needs met" event, closure and approvals, transfers, shares, the named supervisor.

Each view obtains the case through `access_case_for_work` (or `_for_approval`), validates its
form, calls one action and goes back to the case page with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sipsm.accounts.models import User
from sipsm.cases.access import (
    access_approval,
    access_case,
    access_case_for_approval,
    access_case_for_work,
    access_share,
    access_task,
    access_transfer,
)
from sipsm.cases.actions import closure as closure_actions
from sipsm.cases.actions import work as work_actions
from sipsm.cases.forms import (
    AssessmentForm,
    BasicNeedsForm,
    ClosureForm,
    DecisionForm,
    GoalForm,
    NoteForm,
    ResultForm,
    ServiceForm,
    ShareForm,
    SupervisorForm,
    TaskForm,
    TransferDecisionForm,
    TransferForm,
)
from sipsm.cases.models import Case
from sipsm.cases.permissions import can_work_on
from sipsm.cases.views.common import (
    case_route,
    case_team,
    failed,
    form_error,
    invalid,
    to_case,
    user_of,
)
from sipsm.core.errors import ActionError, PermissionRefused


def _run(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    done: str,
    anchor: str = "",
) -> HttpResponse:
    """Validate, run the action, and go back to the case with a message."""
    if not form.is_valid():
        return invalid(request, case, form, anchor)
    try:
        action(form.cleaned_data)
    except PermissionRefused:
        raise
    except ActionError as exc:
        return failed(request, case, exc, anchor)
    messages.success(request, done)
    return to_case(request, case, anchor)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@case_route
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, case_id: int) -> HttpResponse:
    """The assessment form (GET) and recording it (POST)."""
    if request.method == "GET":
        case = access_case(user_of(request), case_id, read="assessment_form")
        if not can_work_on(_user(request), case):
            raise PermissionRefused()
        return render(request, "cases/assessment.html", {"case": case, "form": AssessmentForm()})
    case = access_case_for_work(user_of(request), case_id)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            work_actions.record_assessment(
                acting_user=_user(request), case=case, data=form.to_data()
            )
        except PermissionRefused:
            raise
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Assessment recorded."))
            return to_case(request, case, "assessment")
    return render(request, "cases/assessment.html", {"case": case, "form": form}, status=400)


@case_route
@require_POST
def goal_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        GoalForm(request.POST),
        lambda c: work_actions.add_goal(
            acting_user=_user(request), case=case, description=c["description"], domain=c["domain"]
        ),
        _("Goal added."),
        "plan",
    )


@case_route
@require_POST
def task_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        TaskForm(request.POST, case=case, people=case_team(case)),
        lambda c: work_actions.add_task(
            acting_user=_user(request),
            case=case,
            kind=c["kind"],
            title=c["title"],
            due_on=c["due_on"],
            responsible=c["responsible"],
            goal=c.get("goal"),
        ),
        _("Task added."),
        "plan",
    )


@case_route
@require_POST
def task_complete(request: HttpRequest, case_id: int, task_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    task = access_task(case, task_id)
    return _run(
        request,
        case,
        ResultForm(request.POST),
        lambda c: work_actions.complete_task(
            acting_user=_user(request), task=task, result=c["result"]
        ),
        _("Task done."),
        "plan",
    )


@case_route
@require_POST
def plan_submit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    try:
        work_actions.submit_plan(acting_user=_user(request), case=case)
    except PermissionRefused:
        raise
    except ActionError as exc:
        return failed(request, case, exc, "plan")
    messages.success(request, _("The case plan is submitted."))
    return to_case(request, case, "plan")


@case_route
@require_POST
def service_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        ServiceForm(request.POST),
        lambda c: work_actions.record_service(
            acting_user=_user(request),
            case=case,
            kind=c["kind"],
            delivered_on=c["delivered_on"],
            description=c["description"],
        ),
        _("Service recorded."),
        "services",
    )


@case_route
@require_POST
def note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        NoteForm(request.POST),
        lambda c: work_actions.add_note(
            acting_user=_user(request), case=case, kind=c["kind"], on=c["on"], text=c["text"]
        ),
        _("Note added."),
        "notes",
    )


@case_route
@require_POST
def basic_needs_met(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        BasicNeedsForm(request.POST),
        lambda c: work_actions.record_basic_needs_met(
            acting_user=_user(request), case=case, met_on=c["met_on"], note=c["note"]
        ),
        _("Recorded: basic needs met."),
        "assessment",
    )


@case_route
@require_POST
def closure(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    form = ClosureForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form, "closure")
    try:
        case = closure_actions.request_closure(
            acting_user=_user(request),
            case=case,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        return failed(request, case, exc, "closure")
    if case.status == Case.Status.CLOSED:
        messages.success(request, _("The case is closed."))
    else:
        messages.success(request, _("Closure requested; a supervisor will decide."))
    return to_case(request, case, "closure")


@case_route
@require_POST
def approval_decide(request: HttpRequest, case_id: int, approval_id: int) -> HttpResponse:
    case = access_case_for_approval(user_of(request), case_id)
    approval = access_approval(case, approval_id)
    return _run(
        request,
        case,
        DecisionForm(request.POST),
        lambda c: closure_actions.decide_approval(
            acting_user=_user(request),
            approval=approval,
            approve=c["decision"] == "approve",
            note=c["note"],
        ),
        _("Decision recorded."),
        "approvals",
    )


@case_route
@require_POST
def supervisor_set(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        SupervisorForm(request.POST),
        lambda c: work_actions.set_supervisor(
            acting_user=_user(request), case=case, supervisor=c["supervisor"]
        ),
        _("Supervisor saved."),
        "team",
    )


@case_route
@require_POST
def transfer_request(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        TransferForm(request.POST),
        lambda c: closure_actions.request_transfer(
            acting_user=_user(request),
            case=case,
            to_worker=c["to_worker"],
            to_village=c["to_village"],
            reason=c["reason"],
        ),
        _("Transfer offered; it takes effect when the new worker accepts."),
        "team",
    )


@case_route
@require_POST
def transfer_decide(request: HttpRequest, case_id: int, transfer_id: int) -> HttpResponse:
    """The worker a case is offered to accepts or declines it."""
    case = access_case(user_of(request), case_id, read="")
    transfer = access_transfer(case, transfer_id)
    form = TransferDecisionForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form, "team")
    accept = form.cleaned_data["decision"] == "accept"
    try:
        closure_actions.decide_transfer(
            acting_user=_user(request),
            transfer=transfer,
            accept=accept,
            note=form.cleaned_data["note"],
        )
    except PermissionRefused:
        raise
    except ActionError as exc:
        return failed(request, case, exc, "team")
    messages.success(request, _("Transfer accepted.") if accept else _("Transfer declined."))
    return to_case(request, case, "team")


@case_route
@require_POST
def transfer_cancel(request: HttpRequest, case_id: int, transfer_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    transfer = access_transfer(case, transfer_id)
    try:
        closure_actions.cancel_transfer(acting_user=_user(request), transfer=transfer)
    except PermissionRefused:
        raise
    except ActionError as exc:
        return failed(request, case, exc, "team")
    messages.success(request, _("Transfer cancelled."))
    return to_case(request, case, "team")


@case_route
@require_POST
def share_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    return _run(
        request,
        case,
        ShareForm(request.POST),
        lambda c: closure_actions.share_case(
            acting_user=_user(request), case=case, user=c["user"], reason=c["reason"]
        ),
        _("The case is shared."),
        "team",
    )


@case_route
@require_POST
def share_revoke(request: HttpRequest, case_id: int, share_id: int) -> HttpResponse:
    case = access_case_for_work(user_of(request), case_id)
    share = access_share(case, share_id)
    try:
        closure_actions.revoke_share(acting_user=_user(request), share=share)
    except PermissionRefused:
        raise
    except ActionError as exc:
        return failed(request, case, exc, "team")
    messages.success(request, _("The share is revoked."))
    return to_case(request, case, "team")
