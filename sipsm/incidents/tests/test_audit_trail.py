"""Every state change of an incident is in the audit log, automatic ones too."""

from __future__ import annotations

import pytest

from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.dispatch import escalate, respond_to_alert
from sipsm.incidents.actions.lifecycle import change_status, set_affected_villages
from sipsm.incidents.models import Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _verified(world: World) -> Incident:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    return incident


def _audit(incident: Incident, verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb, object_id=str(incident.pk)).order_by("pk"))


def test_escalation_is_audited_with_its_outcome(world: World) -> None:
    incident = _verified(world)

    escalate(incident_id=incident.pk, wave=1)

    [event] = _audit(incident, "incident.escalate")
    assert event.actor is None
    assert event.region_code == incident.region_id
    assert event.data["outcome"] == "widened"
    assert event.data["wave"] == 1
    assert event.data["expired"] == 3


def test_an_escalation_that_stops_is_audited_too(world: World) -> None:
    incident = _verified(world)
    incident.type.max_waves = 1
    incident.type.save()

    assert escalate(incident_id=incident.pk, wave=1) == "no more waves"

    assert [e.data["outcome"] for e in _audit(incident, "incident.escalate")] == ["exhausted"]


def test_adding_affected_villages_is_audited(world: World) -> None:
    incident = flood_in(world)

    added = set_affected_villages(
        acting_user=world.regency,
        incident=incident,
        villages=[world.village_a, world.village_b],
        source="reported",
    )

    assert added == 1  # village_a was already the place of the report
    [event] = _audit(incident, "incident.areas")
    assert event.actor == world.regency
    assert event.data == {"added": 1, "source": "reported"}
    set_affected_villages(
        acting_user=world.regency, incident=incident, villages=[world.village_b], source="reported"
    )
    assert len(_audit(incident, "incident.areas")) == 1  # nothing new, nothing logged


def test_the_first_acceptance_moving_the_incident_to_responding_is_audited(world: World) -> None:
    incident = _verified(world)

    respond_to_alert(
        assignment=incident.assignments.get(member=world.member_a), accept=True, via="link"
    )
    respond_to_alert(
        assignment=incident.assignments.get(member=world.member_b), accept=True, via="link"
    )

    [event] = _audit(incident, "incident.responding")
    assert event.changes == {"status": ["verified", "responding"]}
    assert event.data["reason"] == "first_accept"
