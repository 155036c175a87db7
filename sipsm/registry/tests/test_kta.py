"""The member card: a page with an SVG QR code and a PDF, both pointing at the public check."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.core.models import AuditEvent
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_shows_the_card_with_a_qr_to_the_verification_page(
    world: World, client_for: Any
) -> None:
    member = world.member_a

    response = client_for("village").get(f"/anggota/{member.pk}/kta/")

    content = response.content.decode()
    assert f"http://testserver/kta/v/{member.verification_token}/" in content
    assert "<svg" in content
    assert member.kta_number in content
    assert member.nik not in content


def test_it_renders_a_pdf_card_and_records_the_print(world: World, client_for: Any) -> None:
    member = world.member_a

    response = client_for("regency").get(f"/anggota/{member.pk}/kta.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert member.kta_number.encode() in response.content
    assert member.nik.encode() not in response.content
    assert (
        AuditEvent.objects.filter(verb="member.print_card", object_id=str(member.pk)).count() == 1
    )


def test_a_candidate_has_no_card_yet(world: World, client_for: Any) -> None:
    assert client_for("regency").get(f"/anggota/{world.candidate_a.pk}/kta/").status_code == 404
