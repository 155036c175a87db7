"""An incident's lifecycle: every transition is an action with time and actor."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.core.errors import Conflict, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.models import Assignment, Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_a_member_report_starts_as_reported_with_its_village(world: World) -> None:
    incident = flood_in(world)

    assert incident.status == Incident.Status.REPORTED
    assert list(incident.areas.values_list("village_id", "source")) == [
        (world.village_a.code, "reported")
    ]
    assert list(incident.events.values_list("verb", "to_status")) == [("reported", "reported")]
    assert len(incident.tracking_code) == 8


def test_verifying_records_the_time_and_starts_the_callout(world: World) -> None:
    incident = flood_in(world)

    change_status(acting_user=world.district, incident=incident, to_status="verified")

    incident.refresh_from_db()
    assert incident.verified_at is not None
    assert incident.first_alert_at is not None
    assert set(incident.assignments.values_list("member_id", flat=True)) == {
        world.member_a.pk,
        world.member_b.pk,
        world.member_far.pk,
    }
    event = AuditEvent.objects.get(verb="incident.verified")
    assert event.actor == world.district
    assert event.changes == {"status": ["reported", "verified"]}


def test_it_refuses_a_transition_outside_the_lifecycle(world: World) -> None:
    incident = flood_in(world)

    with pytest.raises(Conflict):
        change_status(acting_user=world.regency, incident=incident, to_status="closed")
    incident.refresh_from_db()
    assert incident.status == "reported"


def test_a_village_psm_cannot_verify(world: World) -> None:
    incident = flood_in(world)

    with pytest.raises(PermissionRefused):
        change_status(acting_user=world.village, incident=incident, to_status="verified")


def test_a_coordinator_of_another_regency_cannot_verify(world: World) -> None:
    incident = flood_in(world)

    with pytest.raises(PermissionRefused):
        change_status(acting_user=world.other_regency, incident=incident, to_status="verified")


def test_closing_cancels_the_unanswered_alerts(world: World) -> None:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")

    change_status(
        acting_user=world.regency, incident=incident, to_status="closed", note="Air surut"
    )

    statuses = set(incident.assignments.values_list("status", flat=True))
    assert statuses == {Assignment.Status.CANCELLED}
    incident.refresh_from_db()
    assert incident.closed_at is not None


def test_a_false_alarm_is_final(world: World) -> None:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="false_alarm")

    with pytest.raises(Conflict):
        change_status(acting_user=world.regency, incident=incident, to_status="verified")


def test_the_status_page_action_changes_the_status(world: World, client_for: Any) -> None:
    incident = flood_in(world)

    response = client_for("district").post(
        f"/kejadian/{incident.pk}/status/", {"status": "verified", "note": "dicek", "callout": ""}
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "verified"
    assert incident.assignments.count() == 0


def test_a_new_report_is_announced_to_the_tksk_and_the_regency(world: World) -> None:
    from sipsm.notifications.models import Message

    incident = flood_in(world)

    told = set(
        Message.objects.filter(
            category="new_report", channel="in_app", related_id=str(incident.pk)
        ).values_list("user_id", flat=True)
    )
    assert told == {world.district.pk, world.regency.pk}
