"""Referrals: refused without consent, sent with a supervisor's audited override; the
lifecycle sent -> accepted/rejected -> completed, revocable by the sender only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sipsm.cases.actions import referrals as referral_actions
from sipsm.cases.models import Case, Referral, RightRecord
from sipsm.cases.tests.support import guardian_consent, make_provider, refer
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.regions.models import Region
from sipsm.testing import World

pytestmark = pytest.mark.django_db

OVERRIDE = "Anak terancam kekerasan di rumah; wali tidak dapat dihubungi."


def _send(world: World, case: Case, user, override: str = "") -> Referral:
    return referral_actions.send_referral(
        acting_user=user,
        case=case,
        provider=make_provider(world, name="UPTD PPA", kind="uptd_ppa", services=("protection",)),
        service="protection",
        override_reason=override,
    )


def test_it_refuses_a_referral_without_consent(world: World, case: Case) -> None:
    with pytest.raises(ActionError) as refused:
        _send(world, case, world.village)

    assert refused.value.code == "consent_required"
    assert Referral.objects.count() == 0


def test_it_refuses_an_override_by_the_worker(world: World, case: Case) -> None:
    with pytest.raises(PermissionRefused):
        _send(world, case, world.village, override=OVERRIDE)

    assert Referral.objects.count() == 0


def test_it_sends_with_a_supervisors_override_recorded_in_the_audit_log(
    world: World, case: Case
) -> None:
    referral = _send(world, case, world.district, override=OVERRIDE)

    assert (referral.status, referral.consent, referral.override_by) == (
        "sent",
        None,
        world.district,
    )
    event = AuditEvent.objects.get(verb="case.referral.consent_override")
    assert (event.actor, event.object_id, event.data) == (
        world.district,
        str(case.pk),
        {
            "referral": referral.pk,
            "provider": referral.provider_id,
            "reason_given": True,
            "reason_length": len(OVERRIDE),
        },
    )
    assert referral.override_reason == OVERRIDE


def test_it_refuses_a_childs_own_consent(world: World, case: Case) -> None:
    with pytest.raises(ActionError) as refused:
        referral_actions.record_consent(
            acting_user=world.village,
            case=case,
            given_by="person",
            method="verbal",
            given_on=timezone.localdate(),
        )

    assert refused.value.field == "given_by"


def test_it_needs_consent_again_after_it_is_withdrawn(world: World, case: Case) -> None:
    consent = guardian_consent(world, case)
    referral_actions.withdraw_consent(acting_user=world.village, consent=consent)

    with pytest.raises(ActionError) as refused:
        _send(world, case, world.village)

    assert refused.value.code == "consent_required"


def test_it_refuses_a_provider_that_does_not_serve_the_village(world: World, case: Case) -> None:
    guardian_consent(world, case)
    far = make_provider(world, coverage=[Region.objects.get(code=world.village_b.code)])

    with pytest.raises(ActionError) as refused:
        refer(world, case, far)

    assert refused.value.field == "provider"


def test_it_completes_an_accepted_referral_and_meets_the_right(world: World, case: Case) -> None:
    referral = refer(world, case)
    referral_actions.respond_to_referral(
        acting_user=world.village, referral=referral, accepted=True
    )

    referral_actions.complete_referral(
        acting_user=world.village, referral=referral, outcome="Masuk kelas 4", right_status="met"
    )

    referral.refresh_from_db()
    assert referral.status == "completed"
    right = RightRecord.objects.get(case=case)
    assert (right.right, right.status, right.evidence, right.referral) == (
        "education",
        "met",
        "Masuk kelas 4",
        referral,
    )


def test_it_completes_only_an_accepted_referral(world: World, case: Case) -> None:
    referral = refer(world, case)
    referral_actions.respond_to_referral(
        acting_user=world.village, referral=referral, accepted=False
    )

    with pytest.raises(Conflict):
        referral_actions.complete_referral(
            acting_user=world.village, referral=referral, outcome="x"
        )


def test_it_lets_only_the_sender_revoke(world: World, case: Case) -> None:
    referral = refer(world, case)

    with pytest.raises(PermissionRefused):
        referral_actions.revoke_referral(acting_user=world.district, referral=referral, reason="x")
    referral_actions.revoke_referral(acting_user=world.village, referral=referral, reason="Salah")

    referral.refresh_from_db()
    assert referral.status == "revoked"
    with pytest.raises(Conflict):
        referral_actions.revoke_referral(acting_user=world.village, referral=referral, reason="x")


def test_it_refuses_through_the_page_and_passes_with_the_override(
    world: World, case: Case, client_for
) -> None:
    provider = make_provider(world)
    form = {"provider": provider.pk, "service": "education"}

    refused = client_for("village").post(f"/kasus/{case.pk}/rujukan/", form)
    sent = client_for("district").post(
        f"/kasus/{case.pk}/rujukan/", {**form, "override_reason": OVERRIDE}
    )

    assert refused.status_code == 400
    assert "Record the consent of the person or their guardian first" in refused.content.decode()
    assert sent.status_code == 302
    assert Referral.objects.get().override_by == world.district
    assert AuditEvent.objects.filter(verb="case.referral.consent_override").count() == 1
