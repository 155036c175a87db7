"""The call-out: alerts through the outbox, one-tap answers, escalation and the board."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import signing
from django.test import Client

from sipsm.accounts.roles import Role
from sipsm.incidents.actions.dispatch import check_in, escalate, respond_to_alert
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.links import SALT, assignment_from_token, token_for
from sipsm.incidents.models import REPLY_DIGITS, Assignment, Incident, new_reply_code
from sipsm.incidents.tests.support import flood_in
from sipsm.notifications.models import Message
from sipsm.testing import World, make_user

pytestmark = pytest.mark.django_db


def _verified(world: World) -> Incident:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    return incident


def test_it_alerts_the_nearest_first_with_a_link_and_a_reply_code(world: World) -> None:
    incident = _verified(world)

    ranked = list(incident.assignments.order_by("rank").values_list("member_id", flat=True))
    assert ranked[0] == world.member_a.pk
    assert ranked[-1] == world.member_far.pk
    assignment = incident.assignments.get(member=world.member_a)
    message = Message.objects.get(member=world.member_a, channel="sms")
    assert f"TERIMA {assignment.reply_code}" in message.body
    assert "/tugas/" in message.body
    assert message.related_id == str(incident.pk)
    # The link in the SMS is a token the standard signer accepts, for this very assignment.
    token = message.link.rstrip("/").rsplit("/", 1)[-1]
    assert assignment_from_token(token) == assignment
    assert signing.TimestampSigner(salt=SALT).unsign(token) == (
        f"{assignment.pk}-{assignment.reply_code}"
    )


def test_it_does_not_alert_a_psm_busy_on_another_incident(world: World) -> None:
    first = _verified(world)
    respond_to_alert(
        assignment=first.assignments.get(member=world.member_a), accept=True, via="link"
    )

    second = _verified(world)

    assert world.member_a.pk not in set(second.assignments.values_list("member_id", flat=True))


def test_accepting_through_the_link_needs_no_login(world: World) -> None:
    incident = _verified(world)
    assignment = incident.assignments.get(member=world.member_a)
    client = Client()

    page = client.get(f"/tugas/{token_for(assignment)}/")
    assert page.status_code == 200
    response = client.post(f"/tugas/{token_for(assignment)}/", {"action": "accept"})

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACCEPTED
    incident.refresh_from_db()
    assert incident.status == Incident.Status.RESPONDING
    assert incident.first_accept_at is not None


def test_a_forged_or_foreign_token_is_refused(world: World) -> None:
    incident = _verified(world)
    assignment = incident.assignments.get(member=world.member_a)
    token = token_for(assignment)

    assert Client().get(f"/tugas/{token[:-2]}xx/").status_code == 404
    assignment.reply_code = "000000"
    assignment.save(update_fields=["reply_code"])
    assert Client().get(f"/tugas/{token}/").status_code == 404


def test_checking_in_records_the_first_arrival(world: World) -> None:
    incident = _verified(world)
    assignment = respond_to_alert(
        assignment=incident.assignments.get(member=world.member_a), accept=True, via="link"
    )

    check_in(assignment=assignment, lat=0.61, lon=122.98)

    incident.refresh_from_db()
    assert incident.first_on_site_at is not None
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.ON_SITE


def test_escalation_widens_the_search_and_tells_the_coordinators(world: World) -> None:
    incident = _verified(world)
    tksk = world.district
    before = incident.assignments.count()

    result = escalate(incident_id=incident.pk, wave=1)

    assert result == "wave 2"
    assert set(incident.assignments.filter(wave=1).values_list("status", flat=True)) == {"expired"}
    assert incident.assignments.count() == before  # nobody else is left to ask here
    notified = set(
        Message.objects.filter(category="escalation", channel="in_app").values_list(
            "user_id", flat=True
        )
    )
    assert notified == {tksk.pk, world.regency.pk}


def test_escalation_stops_when_enough_responders_accepted(world: World) -> None:
    incident = _verified(world)
    incident.type.minimum_responders = 1
    incident.type.save()
    respond_to_alert(
        assignment=incident.assignments.get(member=world.member_a), accept=True, via="sms"
    )

    assert escalate(incident_id=incident.pk, wave=1) == "enough responders"


def test_the_board_shows_who_accepted(world: World, client_for: Any) -> None:
    incident = _verified(world)
    respond_to_alert(
        assignment=incident.assignments.get(member=world.member_b), accept=True, via="link"
    )

    response = client_for("regency").get(f"/kejadian/{incident.pk}/papan/")

    assert response.context["counts"]["accepted"] == 1
    assert [a.member_id for a in response.context["groups"]["accepted"]] == [world.member_b.pk]


def test_exact_positions_are_for_coordinators_of_an_active_incident(
    world: World, client_for: Any
) -> None:
    incident = _verified(world)
    assignment = respond_to_alert(
        assignment=incident.assignments.get(member=world.member_a), accept=True, via="link"
    )
    check_in(assignment=assignment, lat=0.612345, lon=122.981234)

    coordinator = client_for("regency").get(f"/kejadian/{incident.pk}/papan/").content.decode()
    psm = client_for("village").get(f"/kejadian/{incident.pk}/papan/").content.decode()
    partner = client_for("partner").get(f"/kejadian/{incident.pk}/papan/").content.decode()

    assert "0.6123" in coordinator
    assert "0.6123" not in psm
    assert "0.6123" not in partner
    change_status(acting_user=world.regency, incident=incident, to_status="closed")
    assert (
        "0.6123"
        not in client_for("regency").get(f"/kejadian/{incident.pk}/papan/").content.decode()
    )


def test_an_unused_coordinator_account_is_not_notified(world: World) -> None:
    make_user("tksk.lain", Role.DISTRICT_COORDINATOR, world.member_far.home_village_id[:8])
    incident = _verified(world)

    escalate(incident_id=incident.pk, wave=1)

    notified = Message.objects.filter(category="escalation", user__username="tksk.lain")
    assert notified.count() == 0


def test_a_psm_sees_their_own_callouts(world: World, client_for: Any) -> None:
    world.member_a.user = world.village
    world.member_a.save(update_fields=["user"])
    incident = _verified(world)

    response = client_for("village").get("/tugas/")

    rows = response.context["rows"]
    assert [(a.incident_id, a.member_id) for a, _token in rows] == [
        (incident.pk, world.member_a.pk)
    ]
    assert f"/tugas/{rows[0][1]}/" in response.content.decode()


def test_a_psm_called_out_elsewhere_can_open_that_incident(world: World, client_for: Any) -> None:
    world.member_far.user = world.other_regency  # any account linked to the far member
    world.member_far.save(update_fields=["user"])
    incident = _verified(world)
    assert incident.assignments.filter(member=world.member_far).exists()

    response = client_for("other_regency").get(f"/kejadian/{incident.pk}/")

    assert response.status_code == 200


def test_reply_codes_are_six_digits_from_two_to_nine() -> None:
    codes = {new_reply_code() for _ in range(2000)}
    assert all(len(code) == 6 and set(code) <= set(REPLY_DIGITS) for code in codes)
    # Every digit turns up in every position (uniform draw; 2000 codes make a miss unlikely).
    assert all({code[i] for code in codes} == set(REPLY_DIGITS) for i in range(6))
    assert len(codes) > 1900
