"""The registration flow through the pages: apply -> recommend -> verify -> permanent KTA."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.core.models import AuditEvent
from sipsm.registry.models import Member
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_moves_a_candidate_to_active_with_a_temporary_kta(world: World, client_for: Any) -> None:
    candidate = world.candidate_a

    response = client_for("village").post(f"/anggota/{candidate.pk}/rekomendasi/", {"note": "ok"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == Member.Stage.RECOMMENDED

    response = client_for("regency").post(f"/anggota/{candidate.pk}/verifikasi/")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == Member.Status.ACTIVE
    assert candidate.kta_temporary is True
    assert candidate.kta_number == "IPSM-7501-S00003"  # member_a and member_b came first

    response = client_for("national").post(f"/anggota/{candidate.pk}/kta-tetap/")
    candidate.refresh_from_db()
    assert candidate.kta_temporary is False
    assert candidate.kta_number == "IPSM-7501-00001"
    verbs = list(
        AuditEvent.objects.for_object(candidate).order_by("id").values_list("verb", flat=True)
    )
    assert verbs == [
        "member.register",
        "member.recommend",
        "member.verify",
        "member.issue_permanent_kta",
    ]


def test_it_refuses_to_verify_an_ineligible_candidate(world: World, client_for: Any) -> None:
    candidate = world.candidate_a
    candidate.bimtek_dasar_date = None
    candidate.save(update_fields=["bimtek_dasar_date"])
    client_for("village").post(f"/anggota/{candidate.pk}/rekomendasi/")

    response = client_for("regency").post(f"/anggota/{candidate.pk}/verifikasi/", follow=True)

    candidate.refresh_from_db()
    assert candidate.status == Member.Status.CANDIDATE
    assert candidate.kta_number is None
    assert "Bimtek" in response.content.decode()


def test_a_village_psm_cannot_verify(world: World, client_for: Any) -> None:
    candidate = world.candidate_a
    client_for("village").post(f"/anggota/{candidate.pk}/rekomendasi/")

    response = client_for("village").post(f"/anggota/{candidate.pk}/verifikasi/")

    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == Member.Status.CANDIDATE
    assert not AuditEvent.objects.filter(verb="member.verify", object_id=str(candidate.pk)).exists()
