"""The map: responders counted per home village for all who see the incident; where they
checked in only for coordinators of an active incident; nothing for those who do not see it."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.incidents.actions.dispatch import check_in, respond_to_alert
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.models import Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _with_responders(world: World) -> Incident:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    on_site = respond_to_alert(
        assignment=incident.assignments.get(member=world.member_a), accept=True, via="link"
    )
    check_in(assignment=on_site, lat=0.612345, lon=122.981234)
    respond_to_alert(
        assignment=incident.assignments.get(member=world.member_b), accept=True, via="link"
    )
    respond_to_alert(
        assignment=incident.assignments.get(member=world.member_far), accept=False, via="link"
    )
    return incident


def _features(client: Any, kind: str) -> list[dict[str, Any]]:
    data = client.get("/kejadian/peta.geojson").json()
    return [f for f in data["features"] if f["properties"]["kind"] == kind]


@pytest.mark.parametrize("persona", ["regency", "district", "village", "partner"])
def test_whoever_sees_the_incident_sees_responders_per_village(
    world: World, client_for: Any, persona: str
) -> None:
    _with_responders(world)

    counts = {
        f["properties"]["village"]: (f["properties"]["responders"], f["properties"]["on_site"])
        for f in _features(client_for(persona), "responders")
    }

    assert counts == {world.village_a.name: (1, 1), world.village_b.name: (1, 0)}
    texts = str(_features(client_for(persona), "responders"))
    assert "Nur Aisyah" not in texts
    assert "0.6123" not in texts


def test_exact_positions_only_for_coordinators_of_an_active_incident(
    world: World, client_for: Any
) -> None:
    incident = _with_responders(world)

    [responder] = _features(client_for("regency"), "responder")
    assert responder["geometry"]["coordinates"] == [122.981234, 0.612345]
    assert responder["properties"]["name"] == "Nur Aisyah Hulopi"
    for persona in ("village", "partner"):
        assert _features(client_for(persona), "responder") == []
    assert _features(client_for("other_regency"), "responders") == []

    change_status(acting_user=world.regency, incident=incident, to_status="recovery")
    change_status(acting_user=world.regency, incident=incident, to_status="closed")
    assert _features(client_for("regency"), "responder") == []
