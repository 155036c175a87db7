"""TERIMA / TOLAK / BATAL / CEK by text message."""

from __future__ import annotations

import pytest

from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.inbound import handle_message
from sipsm.incidents.models import Assignment, Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.testing import World

pytestmark = pytest.mark.django_db
A = Assignment.Status
STRANGER = "+6281377000999"


def send(text: str, *, sender: str, channel: str = "sms") -> str:
    return handle_message(channel=channel, sender=sender, text=text)


def verified(world: World) -> Incident:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    return incident


def alert_of(world: World, incident: Incident) -> Assignment:
    return incident.assignments.select_related("member").get(member=world.member_a)


def test_it_accepts_a_call_out_by_code_from_the_members_phone(world: World) -> None:
    incident = verified(world)
    assignment = alert_of(world, incident)

    reply = send(f"TERIMA {assignment.reply_code}", sender=world.member_a.phone)

    assignment.refresh_from_db()
    incident.refresh_from_db()
    assert assignment.status == A.ACCEPTED
    assert incident.status == Incident.Status.RESPONDING
    assert reply.startswith("Thank you, you accepted the call-out: Banjir in ")
    assert "/tugas/" in reply
    assert incident.events.filter(verb="accepted", note__endswith="(sms)").count() == 1


def test_it_declines_a_call_out(world: World) -> None:
    incident = verified(world)
    assignment = alert_of(world, incident)

    reply = send(f"tolak  {assignment.reply_code}.", sender=world.member_a.phone)

    assignment.refresh_from_db()
    assert assignment.status == A.DECLINED
    assert reply.startswith(f"Noted: you declined call-out {assignment.reply_code} (Banjir in ")


def test_it_refuses_the_right_code_from_another_phone(world: World) -> None:
    incident = verified(world)
    assignment = alert_of(world, incident)

    reply = send(f"TERIMA {assignment.reply_code}", sender=STRANGER)

    assignment.refresh_from_db()
    assert assignment.status == A.ALERTED
    assert reply == (
        f'No open call-out with code "{assignment.reply_code}" for this number. Check the '
        "6-digit code in the call-out message and send: TERIMA <code>."
    )


def test_it_refuses_another_members_code(world: World) -> None:
    incident = verified(world)
    other = incident.assignments.get(member=world.member_b)

    reply = send(f"TERIMA {other.reply_code}", sender=world.member_a.phone)

    other.refresh_from_db()
    assert other.status == A.ALERTED
    assert reply.startswith(f'No open call-out with code "{other.reply_code}"')


def test_it_helps_with_a_wrong_code(world: World) -> None:
    verified(world)

    reply = send("TERIMA 000000", sender=world.member_a.phone)

    assert reply.startswith('No open call-out with code "000000" for this number.')
    assert set(Assignment.objects.values_list("status", flat=True)) == {A.ALERTED}


def test_it_accepts_without_a_code_when_one_call_out_waits(world: World) -> None:
    incident = verified(world)

    send("TERIMA", sender=world.member_a.phone)

    assert alert_of(world, incident).status == A.ACCEPTED


def test_it_asks_for_the_code_when_several_call_outs_wait(world: World) -> None:
    verified(world)
    verified(world)

    reply = send("terima", sender=world.member_a.phone)

    assert reply == (
        "Send TERIMA followed by the 6-digit code from the call-out message, e.g. TERIMA 123456."
    )
    assert set(Assignment.objects.values_list("status", flat=True)) == {A.ALERTED}


@pytest.mark.parametrize("form", ["national", "digits"])
def test_it_matches_the_phone_in_any_usual_form(world: World, form: str) -> None:
    incident = verified(world)
    assignment = alert_of(world, incident)
    phone = world.member_a.phone
    sender = "0" + phone[3:] if form == "national" else phone[1:]

    send(f"TERIMA {assignment.reply_code}", sender=sender)

    assert alert_of(world, incident).status == A.ACCEPTED


def test_it_explains_a_closed_incident(world: World) -> None:
    incident = verified(world)
    assignment = alert_of(world, incident)
    change_status(acting_user=world.regency, incident=incident, to_status="closed")

    reply = send(f"TERIMA {assignment.reply_code}", sender=world.member_a.phone)

    assert reply.startswith(f'No open call-out with code "{assignment.reply_code}"')


def test_it_asks_a_telegram_user_without_a_known_number_to_share_it(world: World) -> None:
    incident = verified(world)
    assignment = alert_of(world, incident)

    reply = send(f"TERIMA {assignment.reply_code}", sender="", channel="telegram")

    assert reply.startswith("We do not know your phone number on this channel yet.")
    assert alert_of(world, incident).status == A.ALERTED


def test_it_records_the_channel_of_the_answer(world: World) -> None:
    incident = verified(world)
    assignment = alert_of(world, incident)

    send(f"TERIMA {assignment.reply_code}", sender=world.member_a.phone, channel="whatsapp")

    assert incident.events.filter(verb="accepted", note__endswith="(whatsapp)").count() == 1


# --- BATAL and CEK --------------------------------------------------------------------------


def sms_report(world: World, phone: str) -> Incident:
    send(f"LAPOR BANJIR {world.village_a.code} air naik", sender=phone)
    return Incident.objects.get()


def test_it_lets_the_reporter_withdraw_an_unverified_report(world: World) -> None:
    incident = sms_report(world, STRANGER)

    reply = send(f"BATAL {incident.tracking_code.lower()}", sender=STRANGER)

    incident.refresh_from_db()
    assert incident.status == Incident.Status.STOOD_DOWN
    assert reply == f"Report {incident.tracking_code} has been withdrawn. Thank you."
    assert incident.events.filter(to_status="stood_down").get().note == (
        "Withdrawn by the reporter (sms)"
    )


def test_it_does_not_let_another_number_withdraw_a_report(world: World) -> None:
    incident = sms_report(world, STRANGER)

    reply = send(f"BATAL {incident.tracking_code}", sender=world.member_a.phone)

    incident.refresh_from_db()
    assert incident.status == Incident.Status.REPORTED
    assert reply == f'No report "{incident.tracking_code}" was sent from this number.'


def test_it_keeps_a_verified_report_running(world: World) -> None:
    incident = sms_report(world, STRANGER)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")

    reply = send(f"BATAL {incident.tracking_code}", sender=STRANGER)

    incident.refresh_from_db()
    assert incident.status == Incident.Status.VERIFIED
    assert reply.startswith(f"Report {incident.tracking_code} is already being handled")


def test_batal_with_a_call_out_code_declines(world: World) -> None:
    incident = verified(world)
    assignment = alert_of(world, incident)
    send(f"TERIMA {assignment.reply_code}", sender=world.member_a.phone)

    send(f"BATAL {assignment.reply_code}", sender=world.member_a.phone)

    assert alert_of(world, incident).status == A.DECLINED


def test_it_tells_the_status_of_a_report(world: World) -> None:
    incident = sms_report(world, STRANGER)

    reply = send(f"CEK {incident.tracking_code}", sender=world.member_a.phone)

    assert reply == (
        f"Report {incident.tracking_code} (Banjir in {world.village_a.name}): Reported."
    )
    assert send("CEK ZZZZZZZZ", sender=STRANGER) == 'No report with the code "ZZZZZZZZ".'
