"""Enrolment, waiting list, QR check-in, assessment; passing updates the member register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from sipsm.core.errors import Conflict
from sipsm.core.models import AuditEvent
from sipsm.notifications.models import Message
from sipsm.registry.models import Member
from sipsm.testing import World
from sipsm.training.actions import enrolment as enrolment_actions
from sipsm.training.models import Enrolment
from sipsm.training.tests import support as s
from sipsm.training.tests.qr_reading import qr_text_in_pdf

pytestmark = pytest.mark.django_db


def _skills(member: Member) -> list[str]:
    return sorted(member.skills.values_list("code", flat=True))


def test_it_puts_enrolments_past_the_quota_on_the_waiting_list(world: World) -> None:
    first = s.enrolment(world, quota=1)
    second = enrolment_actions.enrol(
        acting_user=world.regency, session=first.session, member=world.member_b
    )

    assert (first.status, second.status) == ("enrolled", "waitlisted")

    enrolment_actions.cancel(acting_user=world.village, enrolment=first)

    second.refresh_from_db()
    assert second.status == "enrolled"
    told = Message.objects.filter(category="training", member=world.member_b)
    assert list(told.values_list("channel", flat=True)) == ["sms"]


def test_it_refuses_a_second_enrolment_in_the_same_session(world: World) -> None:
    enrolment = s.enrolment(world)

    with pytest.raises(Conflict):
        enrolment_actions.enrol(
            acting_user=world.village, session=enrolment.session, member=enrolment.member
        )


def test_it_checks_a_participant_in_by_their_qr_ticket(world: World, client_for: Any) -> None:
    enrolment = s.enrolment(world)
    organiser = client_for("regency")

    shown = organiser.get(f"/pelatihan/tiket/{enrolment.ticket_token}/")
    organiser.post(f"/pelatihan/tiket/{enrolment.ticket_token}/")

    assert b"Nur Aisyah Hulopi" in shown.content
    enrolment.refresh_from_db()
    assert enrolment.checked_in_at is not None
    assert (
        client_for("other_village").get(f"/pelatihan/tiket/{enrolment.ticket_token}/").status_code
        == 404
    )


def test_it_adds_the_course_skills_when_a_participant_passes(world: World) -> None:
    assert _skills(world.member_a) == ["first_aid", "logistics"]
    enrolment = s.enrolment(world, stage="checked_in", code="tanggap-darurat-bencana")

    passed = enrolment_actions.assess(acting_user=world.regency, enrolment=enrolment, score=70)

    assert passed.passed is True
    assert passed.certificate_number == f"IPSM/TANGGAP-DARURAT/2025/{enrolment.pk:06d}"
    member = Member.objects.get(pk=world.member_a.pk)
    assert _skills(member) == [
        "disaster_response",
        "evacuation",
        "first_aid",
        "logistics",
        "public_kitchen",
        "shelter_management",
    ]
    event = AuditEvent.objects.filter(verb="member.training_completed").get()
    assert event.object_id == str(member.pk)
    assert event.data == {"course": "tanggap-darurat-bencana"}


def test_it_records_the_bimtek_dasar_date_when_the_member_had_none(world: World) -> None:
    Member.objects.filter(pk=world.member_a.pk).update(bimtek_dasar_date=None)
    enrolment = s.enrolment(world, stage="checked_in", code="bimtek-dasar-psm")

    enrolment_actions.assess(acting_user=world.regency, enrolment=enrolment, score=90)

    member = Member.objects.get(pk=world.member_a.pk)
    assert member.bimtek_dasar_date == dt.date(2025, 7, 3)
    assert member.bimtek_dasar_organizer == "IPSM Kabupaten Gorontalo"


def test_it_keeps_an_earlier_bimtek_dasar_date(world: World) -> None:
    enrolment = s.enrolment(world, stage="checked_in", code="bimtek-dasar-psm")

    enrolment_actions.assess(acting_user=world.regency, enrolment=enrolment, score=90)

    assert Member.objects.get(pk=world.member_a.pk).bimtek_dasar_date == dt.date(2024, 5, 2)


def test_it_changes_nothing_in_the_register_below_the_pass_mark(world: World) -> None:
    enrolment = s.enrolment(world, stage="checked_in", code="perlindungan-anak")

    failed = enrolment_actions.assess(acting_user=world.regency, enrolment=enrolment, score=69)

    assert (failed.passed, failed.certificate_token) == (False, None)
    assert _skills(Member.objects.get(pk=world.member_a.pk)) == ["first_aid", "logistics"]
    assert not AuditEvent.objects.filter(verb="member.training_completed").exists()


def test_it_does_not_assess_a_participant_who_did_not_attend(world: World) -> None:
    enrolment = s.enrolment(world)

    with pytest.raises(Conflict) as error:
        enrolment_actions.assess(acting_user=world.regency, enrolment=enrolment, score=95)

    assert error.value.code == "absent"
    assert Enrolment.objects.get(pk=enrolment.pk).score is None


def test_it_issues_a_certificate_pdf_whose_qr_opens_the_public_page(
    world: World, client_for: Any
) -> None:
    enrolment = s.enrolment(world, stage="passed")

    pdf = client_for("village").get(f"/pelatihan/peserta/{enrolment.pk}/sertifikat.pdf")
    public = client_for("other_regency")
    public.logout()
    page = public.get(f"/sertifikat/v/{enrolment.certificate_token}/")

    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"] == f'attachment; filename="sertifikat-{enrolment.pk}.pdf"'
    assert page.status_code == 200
    assert b"Nur A***** H*****" in page.content
    assert b"Pertolongan Pertama" in page.content
    assert b"Nur Aisyah Hulopi" not in page.content
    assert public.get("/sertifikat/v/tidak-ada/").status_code == 404


def test_it_shows_the_participant_a_ticket_qr_until_certified(
    world: World, client_for: Any
) -> None:
    enrolment = s.enrolment(world)
    client = client_for("village")

    before = client.get("/pelatihan/saya/").content.decode()
    enrolment_actions.check_in(acting_user=world.regency, enrolment=enrolment)
    enrolment_actions.assess(acting_user=world.regency, enrolment=enrolment, score=80)
    after = client.get("/pelatihan/saya/").content.decode()

    assert "<svg" in before
    assert f"/pelatihan/tiket/{enrolment.ticket_token}/" in before
    assert "<svg" not in after
    assert "Certificate (PDF)" in after


def test_the_certificate_qr_decodes_to_the_public_page_that_verifies_it(
    world: World, client_for: Any
) -> None:
    enrolment = s.enrolment(world, stage="passed")
    pdf = client_for("village").get(f"/pelatihan/peserta/{enrolment.pk}/sertifikat.pdf")

    url = qr_text_in_pdf(pdf.content)

    assert url == f"http://testserver/sertifikat/v/{enrolment.certificate_token}/"
    page = Client().get(url.removeprefix("http://testserver"))
    assert page.status_code == 200
    assert enrolment.certificate_number.encode() in page.content
    assert b"Nur A***** H*****" in page.content


def test_it_finds_no_member_by_a_kta_number_outside_the_organisers_area(
    world: World, client_for: Any
) -> None:
    session = s.session(world)
    client = client_for("regency")
    path = f"/pelatihan/sesi/{session.pk}/peserta/"

    far = client.post(path, {"kta_number": world.member_far.kta_number}, follow=True)
    unknown = client.post(path, {"kta_number": "99.99.99.9999.99999"}, follow=True)

    def said(response: Any) -> list[str]:
        return [str(m) for m in response.context["messages"]]

    assert said(far) == said(unknown) == ["No member has this KTA number."]
    assert world.member_far.full_name not in far.content.decode()
    assert not Enrolment.objects.filter(session=session).exists()
