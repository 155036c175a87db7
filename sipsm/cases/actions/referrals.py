"""Consent, referrals to service providers, and the rights of a child.

A referral is sent only with a recorded consent that is not withdrawn: for a child, a parent
or guardian's (UU PDP Pasal 25); for an adult, their own or a guardian's (Pasal 26). Without
it, a supervisor of the case may send it with an override and a reason, which is written to
the audit trail as `case.referral.consent_override`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.cases.actions.common import (
    advance,
    clean_text,
    event,
    locked,
    require_not_closed,
    require_not_future,
    require_open,
    require_work,
    touch,
)
from sipsm.cases.actions.consent_texts import current_consent_text
from sipsm.cases.models import (
    Case,
    ChildRight,
    Consent,
    ConsentText,
    ProviderService,
    Referral,
    RightRecord,
    RightStatus,
    ServiceProvider,
)
from sipsm.cases.permissions import can_approve
from sipsm.cases.rights import SERVICE_RIGHT, InvalidDetails, clean_details
from sipsm.core.errors import ActionError, Conflict, PermissionRefused

MIN_OVERRIDE_REASON = 10


@transaction.atomic
def record_consent(
    *,
    acting_user: User,
    case: Case,
    given_by: str,
    method: str,
    given_on: dt.date,
    guardian_name: str = "",
    guardian_relationship: str = "",
    note: str = "",
    consent_text: ConsentText | None = None,
) -> Consent:
    """Record a consent to the consent text read out (the one in force unless given); the
    text's hash is kept with the consent as proof of what was agreed to."""
    require_work(acting_user, case)
    if given_by not in Consent.GivenBy.values:
        raise ActionError(_("Say who gave the consent."), field="given_by")
    if method not in Consent.Method.values:
        raise ActionError(_("Say how the consent was given."), field="method")
    require_not_future(given_on, "given_on")
    if case.is_child and given_by != Consent.GivenBy.GUARDIAN:
        raise ActionError(
            _("For a child, a parent or guardian gives consent (UU PDP Pasal 25)."),
            field="given_by",
        )
    if given_by == Consent.GivenBy.GUARDIAN:
        if not clean_text(guardian_name):
            raise ActionError(_("Give the guardian's name."), field="guardian_name")
        if guardian_relationship not in Consent.GuardianRelationship.values:
            raise ActionError(_("Give the guardian's relationship."), field="guardian_relationship")
    require_not_closed(case)
    text = consent_text or current_consent_text()
    consent = Consent.objects.create(
        case=case,
        consent_text=text,
        text_hash=text.sha256,
        given_by=given_by,
        guardian_name=clean_text(guardian_name, 150) if given_by == "guardian" else "",
        guardian_relationship=guardian_relationship if given_by == "guardian" else "",
        method=method,
        given_on=given_on,
        note=clean_text(note),
        recorded_by=acting_user,
    )
    touch(case)
    event(
        acting_user,
        "case.consent.record",
        case,
        consent=consent.pk,
        given_by=given_by,
        relationship=consent.guardian_relationship,
        method=method,
        text_version=text.version,
        text_hash=text.sha256,
    )
    return consent


@transaction.atomic
def withdraw_consent(*, acting_user: User, consent: Consent, note: str = "") -> Consent:
    case = consent.case
    require_work(acting_user, case)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise Conflict(_("This consent was already withdrawn."), code="withdrawn")
    consent.withdrawn_on = timezone.localdate()
    consent.withdrawn_by = acting_user
    consent.withdrawal_note = clean_text(note, 300)
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_note"])
    event(
        acting_user,
        "case.consent.withdraw",
        case,
        consent=consent.pk,
        note_given=bool(consent.withdrawal_note),
    )
    return consent


def valid_consent(case: Case) -> Consent | None:
    """The latest consent that allows referring: not withdrawn and, for a child, a guardian's."""
    consents = case.consents.filter(withdrawn_on__isnull=True)
    if case.is_child:
        consents = consents.filter(given_by=Consent.GivenBy.GUARDIAN)
    return consents.order_by("-given_on", "-id").first()


@transaction.atomic
def send_referral(
    *,
    acting_user: User,
    case: Case,
    provider: ServiceProvider,
    service: str,
    reason: str = "",
    urgent: bool = False,
    override_reason: str = "",
) -> Referral:
    require_work(acting_user, case)
    if service not in ProviderService.values:
        raise ActionError(_("Unknown service."), field="service")
    if not provider.active:
        raise ActionError(_("This provider is no longer active."), field="provider")
    if service not in provider.services:
        raise ActionError(_("This provider does not offer this service."), field="service")
    if not ServiceProvider.objects.covering(case.village_id).filter(pk=provider.pk).exists():
        raise ActionError(_("This provider does not serve the case's village."), field="provider")
    case = locked(case)
    require_open(case)
    if case.referrals.filter(
        provider=provider, service=service, status__in=[Referral.Status.SENT, "accepted"]
    ).exists():
        raise Conflict(_("This referral is already open."), code="duplicate_referral")
    consent = valid_consent(case)
    override = clean_text(override_reason, 1000)
    if consent is None:
        if not override:
            raise ActionError(
                _(
                    "Record the consent of the person or their guardian first; without it, "
                    "only a supervisor can refer, with a reason."
                ),
                code="consent_required",
                field="override_reason",
            )
        if not can_approve(acting_user, case):
            raise PermissionRefused(
                _("Only a supervisor can refer without consent."), code="override_refused"
            )
        if len(override) < MIN_OVERRIDE_REASON:
            raise ActionError(
                _("Explain why the referral cannot wait for consent."), field="override_reason"
            )
    referral = Referral.objects.create(
        case=case,
        provider=provider,
        service=service,
        reason=clean_text(reason),
        urgent=urgent,
        consent=consent,
        override_by=acting_user if consent is None else None,
        override_reason=override if consent is None else "",
        sent_by=acting_user,
    )
    advance(case, Case.Stage.IN_SERVICE)
    touch(case)
    event(
        acting_user,
        "case.referral.send",
        case,
        referral=referral.pk,
        provider=provider.pk,
        service=service,
        consent=consent.pk if consent else None,
        override=consent is None,
    )
    if consent is None:
        event(
            acting_user,
            "case.referral.consent_override",
            case,
            referral=referral.pk,
            provider=provider.pk,
            # The reason is in the referral, encrypted; the trail says that one was given.
            reason_given=True,
            reason_length=len(override),
        )
    return referral


def _locked_referral(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)


@transaction.atomic
def respond_to_referral(
    *, acting_user: User, referral: Referral, accepted: bool, note: str = ""
) -> Referral:
    """Record the provider's answer (given by phone, letter or in person)."""
    require_work(acting_user, referral.case)
    referral = _locked_referral(referral)
    if referral.status != Referral.Status.SENT:
        raise Conflict(_("Only a sent referral can be answered."), code="wrong_status")
    referral.status = Referral.Status.ACCEPTED if accepted else Referral.Status.REJECTED
    referral.responded_at = timezone.now()
    referral.responded_by = acting_user
    referral.response_note = clean_text(note)
    referral.save(update_fields=["status", "responded_at", "responded_by", "response_note"])
    event(
        acting_user,
        "case.referral.respond",
        referral.case,
        referral=referral.pk,
        status=referral.status,
    )
    return referral


@transaction.atomic
def complete_referral(
    *,
    acting_user: User,
    referral: Referral,
    outcome: str,
    right_status: str = "",
    right_details: dict[str, Any] | None = None,
) -> Referral:
    """The provider gave the service. For a child, the right the service serves can be
    updated at the same time (`right_status`), with the outcome as evidence."""
    case = referral.case
    require_work(acting_user, case)
    if not clean_text(outcome):
        raise ActionError(_("Describe the outcome."), field="outcome")
    referral = _locked_referral(referral)
    if referral.status != Referral.Status.ACCEPTED:
        raise Conflict(_("Only an accepted referral can be completed."), code="wrong_status")
    require_not_closed(case)
    referral.status = Referral.Status.COMPLETED
    referral.completed_at = timezone.now()
    referral.outcome = clean_text(outcome)
    referral.save(update_fields=["status", "completed_at", "outcome"])
    event(acting_user, "case.referral.complete", case, referral=referral.pk)
    right = SERVICE_RIGHT.get(ProviderService(referral.service))
    if right_status and right is not None and case.is_child:
        record_right(
            acting_user=acting_user,
            case=case,
            right=right,
            status=right_status,
            as_of=timezone.localdate(),
            evidence=referral.outcome,
            details=right_details or {},
            referral=referral,
        )
    return referral


@transaction.atomic
def revoke_referral(*, acting_user: User, referral: Referral, reason: str) -> Referral:
    """Only the user who sent a referral may revoke it, while it is sent or accepted."""
    referral = _locked_referral(referral)
    if referral.sent_by_id != acting_user.pk:
        raise PermissionRefused(_("Only the sender can revoke a referral."))
    require_work(acting_user, referral.case)
    if not referral.is_live:
        raise Conflict(_("This referral can no longer be revoked."), code="wrong_status")
    if not clean_text(reason):
        raise ActionError(_("Give a reason."), field="reason")
    referral.status = Referral.Status.REVOKED
    referral.revoked_at = timezone.now()
    referral.revoke_reason = clean_text(reason)
    referral.save(update_fields=["status", "revoked_at", "revoke_reason"])
    event(acting_user, "case.referral.revoke", referral.case, referral=referral.pk)
    return referral


@transaction.atomic
def record_right(
    *,
    acting_user: User,
    case: Case,
    right: str,
    status: str,
    as_of: dt.date,
    evidence: str = "",
    details: dict[str, Any] | None = None,
    referral: Referral | None = None,
) -> RightRecord:
    """A new status of one of the child's five rights, with evidence and facts."""
    require_work(acting_user, case)
    if right not in ChildRight.values:
        raise ActionError(_("Unknown right."), field="right")
    if status not in RightStatus.values:
        raise ActionError(_("Unknown status."), field="status")
    require_not_future(as_of, "as_of")
    if not case.is_child:
        raise Conflict(_("Rights are tracked for children's cases."), code="not_child")
    require_not_closed(case)
    try:
        cleaned = clean_details(right, details or {})
    except InvalidDetails as exc:
        raise ActionError(exc.message, field=exc.name) from exc
    if status == RightStatus.MET and not clean_text(evidence):
        raise ActionError(_("Say what shows that the right is met."), field="evidence")
    record = RightRecord.objects.create(
        case=case,
        right=right,
        status=status,
        as_of=as_of,
        evidence=clean_text(evidence),
        details=RightRecord.facts_text(cleaned),
        referral=referral,
        recorded_by=acting_user,
    )
    touch(case)
    event(
        acting_user,
        "case.right.record",
        case,
        right=right,
        status=status,
        as_of=as_of,
        referral=referral.pk if referral else None,
    )
    return record
