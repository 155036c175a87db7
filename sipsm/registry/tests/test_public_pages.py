"""Pages without an account: the PSM application and the member card verification."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from sipsm.core.models import AuditEvent
from sipsm.registry.actions.members import change_member_status
from sipsm.registry.forms import APPLICATION_FORM_SALT
from sipsm.registry.models import Member
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db


def _application(world: World, **overrides: str) -> dict[str, str]:
    form = {
        "full_name": "Zahra Mootalu",
        "nik": synthetic_nik(world.village_b),
        "sex": "F",
        "birth_date": "1999-09-09",
        "home_village": world.village_b.code,
        "ktp_village": world.village_b.code,
        "literate": "on",
        "commitment_declared": "on",
        "consent": "on",
        "form_token": signing.dumps(time.time() - 20, salt=APPLICATION_FORM_SALT),
    }
    form.update(overrides)
    return form


def test_it_accepts_an_application_without_an_account(world: World) -> None:
    response = Client().post("/daftar/", _application(world))

    assert response.status_code == 302
    assert response["Location"] == "/daftar/terkirim/"
    member = Member.objects.get(full_name="Zahra Mootalu")
    assert (member.status, member.stage) == (Member.Status.CANDIDATE, Member.Stage.APPLIED)
    event = AuditEvent.objects.get(verb="member.register", object_id=str(member.pk))
    assert event.actor is None
    assert event.data["channel"] == "public"


def test_it_needs_consent_to_process_the_data(world: World) -> None:
    response = Client().post("/daftar/", _application(world, consent=""))

    assert response.status_code == 400
    assert not Member.objects.filter(full_name="Zahra Mootalu").exists()


def test_it_answers_a_known_nik_exactly_like_a_new_one(world: World) -> None:
    members_before = Member.objects.count()

    response = Client().post("/daftar/", _application(world, nik=world.member_b.nik))

    assert response.status_code == 302
    assert response["Location"] == "/daftar/terkirim/"
    assert Member.objects.count() == members_before
    event = AuditEvent.objects.get(verb="member.application_duplicate_nik")
    assert event.region_code == world.village_b.code
    assert world.member_b.nik not in str(event.data)


@pytest.mark.parametrize("trick", ["honeypot", "too-fast", "forged-token"])
def test_it_keeps_simple_bots_out(world: World, trick: str) -> None:
    overrides = {
        "honeypot": {"website": "https://spam.example"},
        "too-fast": {"form_token": signing.dumps(time.time(), salt=APPLICATION_FORM_SALT)},
        "forged-token": {"form_token": "forged"},
    }[trick]

    response = Client().post("/daftar/", _application(world, **overrides))

    assert response.status_code == 400
    assert not Member.objects.filter(full_name="Zahra Mootalu").exists()


def test_it_limits_applications_per_address(world: World, settings: Any) -> None:
    settings.SIPSM_PUBLIC_APPLICATIONS_PER_IP = (2, 3600)
    client = Client()
    for name in ("Satu Mootalu", "Dua Mootalu"):
        nik = synthetic_nik(world.village_b)
        assert (
            client.post("/daftar/", _application(world, full_name=name, nik=nik)).status_code == 302
        )

    response = client.post("/daftar/", _application(world, nik=synthetic_nik(world.village_b)))

    assert response.status_code == 429
    assert not Member.objects.filter(full_name="Zahra Mootalu").exists()


def test_it_verifies_an_active_card_without_showing_the_nik(world: World) -> None:
    member = world.member_a

    response = Client().get(f"/kta/v/{member.verification_token}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "VALID: active member of IPSM" in content
    assert "Nur A***** H*****" in content
    assert "Nur Aisyah Hulopi" not in content
    assert member.nik not in content
    assert member.nik[:6] not in content


def test_it_flags_the_card_of_an_inactive_member(world: World) -> None:
    member = change_member_status(
        acting_user=world.regency, member=world.member_a, status="inactive", reason="Pindah"
    )

    response = Client().get(f"/kta/v/{member.verification_token}/")

    assert "NOT VALID" in response.content.decode()


def test_it_knows_no_card_for_an_unknown_or_cardless_token(world: World) -> None:
    assert Client().get("/kta/v/tidak-ada/").status_code == 404
    candidate_token = world.candidate_a.verification_token
    assert Client().get(f"/kta/v/{candidate_token}/").status_code == 404


def test_the_application_form_offers_villages_by_name(world: World) -> None:
    response = Client().get("/wilayah/cari/", {"home_village__q": "kayubulan", "pick": "1"})

    assert b'data-code="75.01.01.1001"' in response.content
