"""The only way views, the API and exports obtain case files and what hangs off them.

`access_case` returns a case the user may read or raises Http404 (the same for a missing
and a forbidden case, so ids reveal nothing), and logs every attempt: `access.case.read`
for a read, `access.case.denied` for a refusal, including anonymous callers. Rows inside a
case (tasks, referrals, consents...) are looked up within the case only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import Http404

from sipsm.accounts.models import User
from sipsm.cases.models import (
    Approval,
    Case,
    CaseQuerySet,
    CaseTask,
    Consent,
    Goal,
    Intake,
    ProviderQuerySet,
    Referral,
    ServiceProvider,
    Share,
    Transfer,
)
from sipsm.cases.permissions import (
    can_approve,
    can_edit_provider,
    can_read_case,
    can_see_directory,
    can_triage_intakes,
    can_work_on,
    visibility_q,
)
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused

AnyUser = User | AnonymousUser


def visible_cases(user: AnyUser) -> CaseQuerySet:
    if not isinstance(user, User):
        return Case.objects.none()
    return Case.objects.filter(visibility_q(user))


def log_case_read(user: User, case: Case, *, what: str = "case") -> None:
    record_event(
        actor=user,
        verb="access.case.read",
        target=case,
        region_code=case.village_id,
        data={"what": what},
    )


def log_case_list(user: User, case_ids: Iterable[int], **data: Any) -> None:
    """Log which case files a list showed the user (nothing when it showed none)."""
    ids = list(dict.fromkeys(case_ids))
    if ids:
        record_event(
            actor=user,
            verb="access.case.list",
            region_code=user.scope_code or "",
            data={**data, "cases": ids},
        )


def _deny(user: AnyUser, case_id: int, case: Case | None, reason: str) -> Http404:
    record_event(
        actor=user if isinstance(user, User) else None,
        verb="access.case.denied",
        target=case,
        region_code=case.village_id if case is not None else "",
        data={"case_id": case_id, "reason": reason},
    )
    return Http404()


def access_case(user: AnyUser, case_id: int, *, read: str = "case") -> Case:
    """A case the user may read; logs the read (`read` says which part) or the refusal.
    Pass `read=""` when the caller goes on to change the case (the action is audited)."""
    case = (
        Case.objects.select_related("person", "village", "worker", "supervisor")
        .filter(pk=case_id)
        .first()
    )
    if not isinstance(user, User) or not user.is_authenticated:
        raise _deny(user, case_id, case, "anonymous")
    if case is None:
        raise _deny(user, case_id, None, "missing")
    if not can_read_case(user, case):
        raise _deny(user, case_id, case, "not_visible")
    if read:
        log_case_read(user, case, what=read)
    return case


def access_case_for_work(user: AnyUser, case_id: int) -> Case:
    """A case the user may change (403 for a reader who may not, e.g. a shared viewer)."""
    case = access_case(user, case_id, read="")
    assert isinstance(user, User)
    if not can_work_on(user, case):
        raise PermissionRefused()
    return case


def access_case_for_approval(user: AnyUser, case_id: int) -> Case:
    case = access_case(user, case_id, read="")
    assert isinstance(user, User)
    if not can_approve(user, case):
        raise PermissionRefused()
    return case


def _within(model: type[Model], case: Case, row_id: int, **extra: Any) -> Any:
    row = model._default_manager.filter(pk=row_id, case=case, **extra).first()
    if row is None:
        raise Http404
    return row


def access_task(case: Case, task_id: int) -> CaseTask:
    task: CaseTask = _within(CaseTask, case, task_id)
    return task


def access_goal(case: Case, goal_id: int) -> Goal:
    goal: Goal = _within(Goal, case, goal_id)
    return goal


def access_referral(case: Case, referral_id: int) -> Referral:
    referral: Referral = _within(Referral, case, referral_id)
    return referral


def access_consent(case: Case, consent_id: int) -> Consent:
    consent: Consent = _within(Consent, case, consent_id)
    return consent


def access_approval(case: Case, approval_id: int) -> Approval:
    approval: Approval = _within(Approval, case, approval_id)
    return approval


def access_transfer(case: Case, transfer_id: int) -> Transfer:
    transfer: Transfer = _within(Transfer, case, transfer_id)
    return transfer


def access_share(case: Case, share_id: int) -> Share:
    share: Share = _within(Share, case, share_id)
    return share


# The provider directory -------------------------------------------------------------------


def providers_for(user: User) -> ProviderQuerySet:
    if not can_see_directory(user):
        return ServiceProvider.objects.none()
    return ServiceProvider.objects.all()


def access_provider(user: User, provider_id: int) -> ServiceProvider:
    if not can_see_directory(user):
        raise Http404
    provider = ServiceProvider.objects.select_related("region").filter(pk=provider_id).first()
    if provider is None:
        raise Http404
    return provider


def access_provider_for_edit(user: User, provider_id: int) -> ServiceProvider:
    provider = access_provider(user, provider_id)
    if not can_edit_provider(user, provider):
        raise PermissionRefused()
    return provider


# Referrals from the public ------------------------------------------------------------------


def intakes_for(user: User) -> Any:
    if not can_triage_intakes(user):
        return Intake.objects.none()
    return Intake.objects.filter(user.scope_q("village__code"))


def access_intake(user: User, intake_id: int) -> Intake:
    """A public referral in the user's area; reads are logged like case reads."""
    if not can_triage_intakes(user):
        raise Http404
    intake = Intake.objects.select_related("village", "category").filter(pk=intake_id).first()
    if intake is None or not user.covers(intake.village_id):
        raise Http404
    record_event(
        actor=user, verb="access.intake.read", target=intake, region_code=intake.village_id
    )
    return intake
