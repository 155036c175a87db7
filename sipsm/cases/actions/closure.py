"""Closing a case, supervisors' approvals, transfers to another worker or village, and
explicit shares."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.cases.actions.common import clean_text, event, locked, require_open, require_work
from sipsm.cases.models import Approval, Case, CaseTask, Share, Transfer
from sipsm.cases.permissions import (
    approval_required,
    can_approve,
    can_be_worker,
    can_share_with,
    can_work_on,
)
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.regions.models import Region


def _close(acting_user: User, case: Case) -> None:
    now = timezone.now()
    case.status = Case.Status.CLOSED
    case.closed_at = now
    case.closed_by = acting_user
    case.updated_at = now
    case.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    case.tasks.filter(status=CaseTask.Status.OPEN).update(status=CaseTask.Status.CANCELLED)


@transaction.atomic
def request_closure(*, acting_user: User, case: Case, reason: str, note: str = "") -> Case:
    """Close the case with a reason: at once when no approval is needed or the acting user is
    a supervisor who may approve it, otherwise after a supervisor approves."""
    require_work(acting_user, case)
    if reason not in Case.ClosureReason.values:
        raise ActionError(_("Choose a reason."), field="reason")
    if reason == Case.ClosureReason.OTHER and not clean_text(note):
        raise ActionError(_("Explain the reason."), field="note")
    case = locked(case)
    require_open(case)
    if case.approvals.filter(kind=Approval.Kind.HIGH_RISK, status="pending").exists():
        raise Conflict(
            _("A supervisor must first review this high-risk case."), code="review_pending"
        )
    if case.transfers.filter(status=Transfer.Status.PENDING).exists():
        raise Conflict(_("A transfer of this case is pending."), code="transfer_pending")
    case.closure_reason = reason
    case.closure_note = clean_text(note)
    case.closure_requested_at = timezone.now()
    needs_approval = approval_required("closure") and not can_approve(acting_user, case)
    if needs_approval:
        case.status = Case.Status.CLOSURE_REQUESTED
        case.save(
            update_fields=["status", "closure_reason", "closure_note", "closure_requested_at"]
        )
        approval = Approval.objects.create(
            case=case, kind=Approval.Kind.CLOSURE, requested_by=acting_user
        )
        event(acting_user, "case.closure.request", case, reason=reason, approval=approval.pk)
        return case
    case.save(update_fields=["closure_reason", "closure_note", "closure_requested_at"])
    _close(acting_user, case)
    event(acting_user, "case.close", case, reason=reason, approved_by=acting_user.pk)
    return case


@transaction.atomic
def decide_approval(
    *, acting_user: User, approval: Approval, approve: bool, note: str = ""
) -> Approval:
    """A supervisor (not the worker) approves, or returns with a note, a pending request."""
    case = approval.case
    if not can_approve(acting_user, case):
        raise PermissionRefused()
    case = locked(case)
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if approval.status != Approval.Status.PENDING:
        raise Conflict(_("This request was already decided."), code="decided")
    if not approve and not clean_text(note):
        raise ActionError(_("Tell the worker why it is returned."), field="note")
    if (
        approve
        and approval.kind == Approval.Kind.HIGH_RISK
        and not case.stage_at_least(Case.Stage.PLANNED)
    ):
        raise Conflict(
            _("The case plan has not been submitted yet; approve it with the plan."),
            code="no_plan",
        )
    approval.status = Approval.Status.APPROVED if approve else Approval.Status.RETURNED
    approval.decided_by = acting_user
    approval.decided_at = timezone.now()
    approval.note = clean_text(note)
    approval.save(update_fields=["status", "decided_by", "decided_at", "note"])
    if approval.kind == Approval.Kind.CLOSURE:
        if approve:
            _close(acting_user, case)
        else:
            case.status = Case.Status.OPEN
            case.closure_requested_at = None
            case.save(update_fields=["status", "closure_requested_at"])
    event(
        acting_user,
        "case.approval.decide",
        case,
        approval=approval.pk,
        kind=approval.kind,
        status=approval.status,
    )
    if approval.kind == Approval.Kind.CLOSURE and approve:
        event(acting_user, "case.close", case, reason=case.closure_reason)
    return approval


# Transfers ----------------------------------------------------------------------------------


@transaction.atomic
def request_transfer(
    *, acting_user: User, case: Case, to_worker: User, to_village: Region, reason: str
) -> Transfer:
    """Offer the case to another worker (and village); nothing changes until they accept."""
    require_work(acting_user, case)
    if to_village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field="to_village")
    if to_worker.pk == case.worker_id and to_village.code == case.village_id:
        raise ActionError(_("This is the current worker and village."), field="to_worker")
    if not can_be_worker(to_worker, to_village.code):
        raise ActionError(
            _("This user cannot take cases in the village chosen."), field="to_worker"
        )
    if not clean_text(reason):
        raise ActionError(_("Give a reason."), field="reason")
    case = locked(case)
    require_open(case)
    if case.transfers.filter(status=Transfer.Status.PENDING).exists():
        raise Conflict(_("A transfer of this case is already pending."), code="transfer_pending")
    transfer = Transfer.objects.create(
        case=case,
        from_worker=case.worker,
        to_worker=to_worker,
        to_village=to_village,
        reason=clean_text(reason),
        requested_by=acting_user,
    )
    event(
        acting_user,
        "case.transfer.request",
        case,
        transfer=transfer.pk,
        to_worker=to_worker.pk,
        to_village=to_village.code,
    )
    return transfer


@transaction.atomic
def decide_transfer(
    *, acting_user: User, transfer: Transfer, accept: bool, note: str = ""
) -> Transfer:
    """The offered worker accepts (the case, its village and the old worker's open tasks
    move to them) or declines."""
    if transfer.to_worker_id != acting_user.pk:
        raise PermissionRefused(_("Only the worker the case is offered to can answer."))
    case = locked(transfer.case)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PENDING:
        raise Conflict(_("This transfer was already answered."), code="decided")
    if accept and not can_be_worker(acting_user, transfer.to_village_id):
        raise PermissionRefused(_("You cannot take cases in that village."))
    transfer.status = Transfer.Status.ACCEPTED if accept else Transfer.Status.DECLINED
    transfer.decided_at = timezone.now()
    transfer.decision_note = clean_text(note, 500)
    transfer.save(update_fields=["status", "decided_at", "decision_note"])
    before = {"worker": case.worker_id, "village": case.village_id}
    if accept:
        case.tasks.filter(status=CaseTask.Status.OPEN, responsible_id=case.worker_id).update(
            responsible=acting_user
        )
        case.worker = acting_user
        case.village_id = transfer.to_village_id
        case.updated_at = timezone.now()
        case.save(update_fields=["worker", "village", "updated_at"])
    event(
        acting_user,
        "case.transfer.decide",
        case,
        transfer=transfer.pk,
        status=transfer.status,
        before=before,
    )
    return transfer


@transaction.atomic
def cancel_transfer(*, acting_user: User, transfer: Transfer) -> Transfer:
    case = transfer.case
    if not can_work_on(acting_user, case):
        raise PermissionRefused()
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PENDING:
        raise Conflict(_("This transfer was already answered."), code="decided")
    transfer.status = Transfer.Status.CANCELLED
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decided_at"])
    event(acting_user, "case.transfer.cancel", case, transfer=transfer.pk)
    return transfer


# Shares -------------------------------------------------------------------------------------


@transaction.atomic
def share_case(*, acting_user: User, case: Case, user: User, reason: str) -> Share:
    """Let one more user read the case (never a government partner)."""
    require_work(acting_user, case)
    if user.pk in {acting_user.pk, case.worker_id} or not can_share_with(user):
        raise ActionError(_("The case cannot be shared with this user."), field="user")
    if not clean_text(reason):
        raise ActionError(_("Give a reason."), field="reason")
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("This case is closed."), code="closed")
    if case.shares.filter(user=user, revoked_at__isnull=True).exists():
        raise Conflict(_("The case is already shared with this user."), code="already_shared")
    share = Share.objects.create(
        case=case, user=user, reason=clean_text(reason, 300), shared_by=acting_user
    )
    event(acting_user, "case.share", case, share=share.pk, user=user.pk)
    return share


@transaction.atomic
def revoke_share(*, acting_user: User, share: Share) -> Share:
    case = share.case
    if not can_work_on(acting_user, case):
        raise PermissionRefused()
    share = Share.objects.select_for_update().get(pk=share.pk)
    if share.revoked_at is not None:
        raise Conflict(_("This share was already revoked."), code="revoked")
    share.revoked_at = timezone.now()
    share.revoked_by = acting_user
    share.save(update_fields=["revoked_at", "revoked_by"])
    event(acting_user, "case.share.revoke", case, share=share.pk, user=share.user_id)
    return share
