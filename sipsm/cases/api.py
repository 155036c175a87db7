"""Casework in the API: cases and their work, consent and referrals, children's rights, the
provider directory, public referrals, and the aggregates (rights per region, SPM).

Scoped like the pages, through the same access functions and actions. Routes under
/cases/{case_id} answer an anonymous call with 404 (like a forbidden or missing case) and
log it; every read of a case file is logged.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sipsm.accounts.api_auth import SessionAuth, TokenAuth
from sipsm.accounts.models import User
from sipsm.cases import api_schemas as s
from sipsm.cases import rights as child_rights
from sipsm.cases.access import (
    access_approval,
    access_case,
    access_case_for_approval,
    access_case_for_work,
    access_consent,
    access_intake,
    access_provider,
    access_referral,
    access_share,
    access_task,
    access_transfer,
)
from sipsm.cases.actions import closure as closure_actions
from sipsm.cases.actions import intake as intake_actions
from sipsm.cases.actions import referrals as referral_actions
from sipsm.cases.actions import work as work_actions
from sipsm.cases.api_directory import router as directory_router
from sipsm.cases.api_lists import LoggedCasePage, filtered_cases, today_lists
from sipsm.cases.api_lists import worker_user as _worker_user
from sipsm.cases.models import Case
from sipsm.core.errors import ActionError
from sipsm.people.access import access_current_person
from sipsm.people.api import _village, person_data, refuse_name_in_url
from sipsm.people.models import LegalBasis, WelfareCategory

router = Router()
router.add_router("", directory_router)


class _Anonymous:
    """Lets an anonymous call reach a case route, which answers it with 404 and logs it."""

    def __call__(self, request: HttpRequest) -> object:
        return AnonymousUser()


CASE_AUTH = [TokenAuth(), SessionAuth(), _Anonymous()]


def _caller(request: HttpRequest) -> User | AnonymousUser:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else AnonymousUser()


def _acting(request: HttpRequest) -> User:
    user = _caller(request)
    assert isinstance(user, User)
    return user


def _user_named(username: str, field: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ActionError(_("No active user with this username."), field=field)
    return user


# Cases ---------------------------------------------------------------------------------------


@router.get("/cases", response=list[s.CaseOut], summary="Cases you may read")
@paginate(LoggedCasePage, page_size=50)
def list_cases(request: HttpRequest, filters: Query[s.CaseFilters]) -> Any:
    user = _worker_user(request)
    refuse_name_in_url(request, "/api/v1/cases/search")
    return filtered_cases(user, filters)


@router.post("/cases/search", response=list[s.CaseOut], summary="Search cases by number or name")
@paginate(LoggedCasePage, page_size=50)
def search_cases(request: HttpRequest, payload: s.CaseSearchIn) -> Any:
    return filtered_cases(_worker_user(request), payload, payload.q)


@router.get("/cases/today", response=s.TodayOut, summary="Your tasks due, approvals, transfers")
def today(request: HttpRequest) -> dict[str, Any]:
    return today_lists(_worker_user(request))


@router.post("/cases", response={201: s.CaseOut}, summary="Open a case")
def open_case(request: HttpRequest, payload: s.OpenCaseIn) -> Status[Case]:
    user = _worker_user(request)
    groups = list(WelfareCategory.objects.ppks().filter(code__in=payload.ppks))
    if len(groups) != len(set(payload.ppks)):
        raise ActionError(_("Unknown PPKS group."), field="ppks")
    intake = access_intake(user, payload.intake_id) if payload.intake_id else None
    data = intake_actions.CaseData(
        village=_village(payload.village_code, "village_code"),
        summary=payload.summary,
        ppks=groups,
        legal_basis=payload.legal_basis or LegalBasis.PUBLIC_TASK,
    )
    if payload.person_id is not None:
        person = access_current_person(user, payload.person_id)
        case = intake_actions.open_case(acting_user=user, person=person, data=data, intake=intake)
    elif payload.person is not None:
        case = intake_actions.open_case_for_new_person(
            acting_user=user, person_data=person_data(payload.person), data=data, intake=intake
        )
    else:
        raise ActionError(_("Give person_id or person."), field="person")
    return Status(201, case)


@router.get("/cases/{case_id}", response=s.CaseFileOut, auth=CASE_AUTH, summary="A case file")
def get_case(request: HttpRequest, case_id: int) -> Case:
    """Every read is logged; a case you may not read is 404, as is a missing one."""
    return access_case(_caller(request), case_id, read="api")


@router.post(
    "/cases/{case_id}/assessments",
    response={201: s.AssessmentOut},
    auth=CASE_AUTH,
    summary="Record an assessment",
)
def add_assessment(request: HttpRequest, case_id: int, payload: s.AssessmentIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    data = work_actions.AssessmentData(
        risk_level=payload.risk_level,
        assessed_on=payload.assessed_on,
        narrative=payload.narrative,
        needs={
            domain: work_actions.NeedData(level=need.level, note=need.note)
            for domain, need in payload.needs.items()
        },
        spm_group=payload.spm_group,
        spm_setting=payload.spm_setting,
    )
    assessment = work_actions.record_assessment(acting_user=_acting(request), case=case, data=data)
    return Status(201, assessment)


@router.post(
    "/cases/{case_id}/goals", response={201: s.GoalOut}, auth=CASE_AUTH, summary="Add a goal"
)
def add_goal(request: HttpRequest, case_id: int, payload: s.GoalIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    goal = work_actions.add_goal(
        acting_user=_acting(request),
        case=case,
        description=payload.description,
        domain=payload.domain,
    )
    return Status(201, goal)


@router.post(
    "/cases/{case_id}/tasks",
    response={201: s.TaskOut},
    auth=CASE_AUTH,
    summary="Add a plan action or follow-up",
)
def add_task(request: HttpRequest, case_id: int, payload: s.TaskIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    responsible = (
        _user_named(payload.responsible, "responsible") if payload.responsible else case.worker
    )
    goal = case.goals.filter(pk=payload.goal_id).first() if payload.goal_id else None
    if payload.goal_id and goal is None:
        raise ActionError(_("Unknown goal."), field="goal_id")
    task = work_actions.add_task(
        acting_user=_acting(request),
        case=case,
        kind=payload.kind,
        title=payload.title,
        due_on=payload.due_on,
        responsible=responsible,
        goal=goal,
    )
    return Status(201, task)


@router.post(
    "/cases/{case_id}/tasks/{task_id}/complete",
    response=s.TaskOut,
    auth=CASE_AUTH,
    summary="Mark a task done",
)
def complete_task(request: HttpRequest, case_id: int, task_id: int, payload: s.ResultIn) -> Any:
    case = access_case_for_work(_caller(request), case_id)
    task = access_task(case, task_id)
    return work_actions.complete_task(
        acting_user=_acting(request), task=task, result=payload.result
    )


@router.post(
    "/cases/{case_id}/plan/submit", response=s.CaseOut, auth=CASE_AUTH, summary="Submit the plan"
)
def submit_plan(request: HttpRequest, case_id: int) -> Case:
    case = access_case_for_work(_caller(request), case_id)
    return work_actions.submit_plan(acting_user=_acting(request), case=case)


@router.post(
    "/cases/{case_id}/services",
    response={201: s.ServiceOut},
    auth=CASE_AUTH,
    summary="Record a service given",
)
def add_service(request: HttpRequest, case_id: int, payload: s.ServiceIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    user = _acting(request)
    provider = access_provider(user, payload.provider_id) if payload.provider_id else None
    service = work_actions.record_service(
        acting_user=user,
        case=case,
        kind=payload.kind,
        delivered_on=payload.delivered_on,
        description=payload.description,
        provider=provider,
    )
    return Status(201, service)


@router.post(
    "/cases/{case_id}/notes", response={201: s.NoteOut}, auth=CASE_AUTH, summary="Add a note"
)
def add_note(request: HttpRequest, case_id: int, payload: s.NoteIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    note = work_actions.add_note(
        acting_user=_acting(request), case=case, kind=payload.kind, on=payload.on, text=payload.text
    )
    return Status(201, note)


@router.post(
    "/cases/{case_id}/basic-needs-met",
    response={201: s.BasicNeedsOut},
    auth=CASE_AUTH,
    summary="Record that the person's basic needs were met (SPM)",
)
def basic_needs_met(request: HttpRequest, case_id: int, payload: s.BasicNeedsIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    record = work_actions.record_basic_needs_met(
        acting_user=_acting(request), case=case, met_on=payload.met_on, note=payload.note
    )
    return Status(201, record)


@router.post(
    "/cases/{case_id}/consents",
    response={201: s.ConsentOut},
    auth=CASE_AUTH,
    summary="Record consent (a guardian's for a child)",
)
def add_consent(request: HttpRequest, case_id: int, payload: s.ConsentIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    consent = referral_actions.record_consent(
        acting_user=_acting(request),
        case=case,
        given_by=payload.given_by,
        method=payload.method,
        given_on=payload.given_on,
        guardian_name=payload.guardian_name,
        guardian_relationship=payload.guardian_relationship,
        note=payload.note,
    )
    return Status(201, consent)


@router.post(
    "/cases/{case_id}/consents/{consent_id}/withdraw",
    response=s.ConsentOut,
    auth=CASE_AUTH,
    summary="Withdraw a consent",
)
def withdraw_consent(
    request: HttpRequest, case_id: int, consent_id: int, payload: s.WithdrawIn
) -> Any:
    case = access_case_for_work(_caller(request), case_id)
    consent = access_consent(case, consent_id)
    return referral_actions.withdraw_consent(
        acting_user=_acting(request), consent=consent, note=payload.note
    )


@router.post(
    "/cases/{case_id}/referrals",
    response={201: s.ReferralOut},
    auth=CASE_AUTH,
    summary="Refer to a provider (needs consent, or a supervisor's override)",
)
def send_referral(request: HttpRequest, case_id: int, payload: s.ReferralIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    user = _acting(request)
    referral = referral_actions.send_referral(
        acting_user=user,
        case=case,
        provider=access_provider(user, payload.provider_id),
        service=payload.service,
        reason=payload.reason,
        urgent=payload.urgent,
        override_reason=payload.override_reason,
    )
    return Status(201, referral)


@router.post(
    "/cases/{case_id}/referrals/{referral_id}/respond",
    response=s.ReferralOut,
    auth=CASE_AUTH,
    summary="Record the provider's answer",
)
def respond_referral(
    request: HttpRequest, case_id: int, referral_id: int, payload: s.RespondIn
) -> Any:
    case = access_case_for_work(_caller(request), case_id)
    return referral_actions.respond_to_referral(
        acting_user=_acting(request),
        referral=access_referral(case, referral_id),
        accepted=payload.accepted,
        note=payload.note,
    )


@router.post(
    "/cases/{case_id}/referrals/{referral_id}/complete",
    response=s.ReferralOut,
    auth=CASE_AUTH,
    summary="The provider gave the service",
)
def complete_referral(
    request: HttpRequest, case_id: int, referral_id: int, payload: s.CompleteIn
) -> Any:
    case = access_case_for_work(_caller(request), case_id)
    return referral_actions.complete_referral(
        acting_user=_acting(request),
        referral=access_referral(case, referral_id),
        outcome=payload.outcome,
        right_status=payload.right_status,
    )


@router.post(
    "/cases/{case_id}/referrals/{referral_id}/revoke",
    response=s.ReferralOut,
    auth=CASE_AUTH,
    summary="Revoke a referral you sent",
)
def revoke_referral(
    request: HttpRequest, case_id: int, referral_id: int, payload: s.ReasonIn
) -> Any:
    case = access_case_for_work(_caller(request), case_id)
    return referral_actions.revoke_referral(
        acting_user=_acting(request),
        referral=access_referral(case, referral_id),
        reason=payload.reason,
    )


@router.get(
    "/cases/{case_id}/rights",
    response=list[s.RightStateOut],
    auth=CASE_AUTH,
    summary="The child's five rights at a glance",
)
def get_rights(request: HttpRequest, case_id: int) -> list[Any]:
    case = access_case(_caller(request), case_id, read="rights")
    return [
        {"right": r.right, "label": r.label, "status": r.status, "record": r.record}
        for r in child_rights.current_rights(list(case.rights.all()))
    ]


@router.post(
    "/cases/{case_id}/rights",
    response={201: s.RightOut},
    auth=CASE_AUTH,
    summary="Record a new status of a child's right",
)
def record_right(request: HttpRequest, case_id: int, payload: s.RightIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    record = referral_actions.record_right(
        acting_user=_acting(request),
        case=case,
        right=payload.right,
        status=payload.status,
        as_of=payload.as_of,
        evidence=payload.evidence,
        details=payload.details,
    )
    return Status(201, record)


@router.post(
    "/cases/{case_id}/closure",
    response=s.CaseOut,
    auth=CASE_AUTH,
    summary="Close (or ask a supervisor to close) the case",
)
def close_case(request: HttpRequest, case_id: int, payload: s.ClosureIn) -> Case:
    case = access_case_for_work(_caller(request), case_id)
    return closure_actions.request_closure(
        acting_user=_acting(request), case=case, reason=payload.reason, note=payload.note
    )


@router.post(
    "/cases/{case_id}/approvals/{approval_id}/decide",
    response=s.ApprovalOut,
    auth=CASE_AUTH,
    summary="A supervisor approves or returns a request",
)
def decide_approval(
    request: HttpRequest, case_id: int, approval_id: int, payload: s.DecisionIn
) -> Any:
    case = access_case_for_approval(_caller(request), case_id)
    return closure_actions.decide_approval(
        acting_user=_acting(request),
        approval=access_approval(case, approval_id),
        approve=payload.approve,
        note=payload.note,
    )


@router.post(
    "/cases/{case_id}/supervisor",
    response=s.CaseOut,
    auth=CASE_AUTH,
    summary="Name (or clear) the case's supervisor",
)
def set_supervisor(request: HttpRequest, case_id: int, payload: s.SupervisorIn) -> Case:
    case = access_case_for_work(_caller(request), case_id)
    supervisor = _user_named(payload.username, "username") if payload.username else None
    return work_actions.set_supervisor(
        acting_user=_acting(request), case=case, supervisor=supervisor
    )


@router.post(
    "/cases/{case_id}/transfers",
    response={201: s.TransferOut},
    auth=CASE_AUTH,
    summary="Offer the case to another worker or village",
)
def request_transfer(request: HttpRequest, case_id: int, payload: s.TransferIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    transfer = closure_actions.request_transfer(
        acting_user=_acting(request),
        case=case,
        to_worker=_user_named(payload.to_username, "to_username"),
        to_village=_village(payload.to_village_code, "to_village_code"),
        reason=payload.reason,
    )
    return Status(201, transfer)


@router.post(
    "/cases/{case_id}/transfers/{transfer_id}/decide",
    response=s.TransferOut,
    auth=CASE_AUTH,
    summary="Accept or decline a case offered to you",
)
def decide_transfer(
    request: HttpRequest, case_id: int, transfer_id: int, payload: s.TransferDecisionIn
) -> Any:
    case = access_case(_caller(request), case_id, read="")
    return closure_actions.decide_transfer(
        acting_user=_acting(request),
        transfer=access_transfer(case, transfer_id),
        accept=payload.accept,
        note=payload.note,
    )


@router.post(
    "/cases/{case_id}/transfers/{transfer_id}/cancel",
    response=s.TransferOut,
    auth=CASE_AUTH,
    summary="Cancel a pending transfer",
)
def cancel_transfer(request: HttpRequest, case_id: int, transfer_id: int) -> Any:
    case = access_case_for_work(_caller(request), case_id)
    return closure_actions.cancel_transfer(
        acting_user=_acting(request), transfer=access_transfer(case, transfer_id)
    )


@router.post(
    "/cases/{case_id}/shares",
    response={201: s.ShareOut},
    auth=CASE_AUTH,
    summary="Share the case with a user (read only)",
)
def share_case(request: HttpRequest, case_id: int, payload: s.ShareIn) -> Status[Any]:
    case = access_case_for_work(_caller(request), case_id)
    share = closure_actions.share_case(
        acting_user=_acting(request),
        case=case,
        user=_user_named(payload.username, "username"),
        reason=payload.reason,
    )
    return Status(201, share)


@router.post(
    "/cases/{case_id}/shares/{share_id}/revoke",
    response=s.ShareOut,
    auth=CASE_AUTH,
    summary="Revoke a share",
)
def revoke_share(request: HttpRequest, case_id: int, share_id: int) -> Any:
    case = access_case_for_work(_caller(request), case_id)
    return closure_actions.revoke_share(
        acting_user=_acting(request), share=access_share(case, share_id)
    )
