"""Every list of incidents (or of call-outs) costs the same number of queries for 2 rows as
for 20: no query per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sipsm.incidents.actions.lifecycle import change_status, set_affected_villages
from sipsm.incidents.models import Assignment, Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.registry.models import Member
from sipsm.relief.models import Shelter
from sipsm.testing import World, make_active_member

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15


def _incident(world: World) -> Incident:
    """A verified flood in two villages with a shelter, member_a on site (checked in) and
    member_b accepted: every kind of map feature, every count."""
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified", callout=False)
    set_affected_villages(
        acting_user=world.regency, incident=incident, villages=[world.village_b], source="reported"
    )
    Shelter.objects.create(incident=incident, name="Posko Masjid", village=world.village_a)
    Assignment.objects.create(
        incident=incident,
        member=world.member_a,
        status="on_site",
        check_in_lat=0.61,
        check_in_lon=122.98,
    )
    Assignment.objects.create(incident=incident, member=world.member_b, status="accepted")
    return incident


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _same_for_2_and_20(add_row: Callable[[], Any], client: Client, url: str) -> int:
    for _ in range(2):
        add_row()
    client.get(url)  # the first request of a session also writes the session
    few = _queries(client, url)
    for _ in range(18):
        add_row()
    many = _queries(client, url)
    assert many == few
    return many


@pytest.mark.parametrize("persona", ["regency", "village", "partner"])
def test_the_api_list(world: World, client_for: Any, persona: str) -> None:
    url = "/api/v1/incidents"
    assert _same_for_2_and_20(lambda: _incident(world), client_for(persona), url) <= MAX_QUERIES
    items = client_for(persona).get(url).json()["items"]
    assert {(i["affected_villages"], i["responders"], i["on_site"]) for i in items} == {(2, 2, 1)}


@pytest.mark.parametrize("persona", ["regency", "village", "partner"])
def test_the_map(world: World, client_for: Any, persona: str) -> None:
    url = "/kejadian/peta.geojson"
    assert _same_for_2_and_20(lambda: _incident(world), client_for(persona), url) <= MAX_QUERIES
    kinds = [f["properties"]["kind"] for f in client_for(persona).get(url).json()["features"]]
    assert kinds.count("village") == 40
    assert kinds.count("shelter") == 20
    assert kinds.count("responders") == 40  # per incident: member_a's and member_b's village


def test_the_incident_list_page(world: World, client_for: Any) -> None:
    client = client_for("regency")
    assert _same_for_2_and_20(lambda: _incident(world), client, "/kejadian/") <= MAX_QUERIES


def test_my_callouts(world: World, client_for: Any) -> None:
    world.member_a.user = world.village
    world.member_a.save(update_fields=["user"])
    client = client_for("village")
    assert _same_for_2_and_20(lambda: _incident(world), client, "/tugas/") <= MAX_QUERIES
    assert len(client.get("/tugas/").context["rows"]) == 20


def test_the_board(world: World, client_for: Any) -> None:
    incident = _incident(world)
    names = iter(range(100))

    def answer() -> None:
        member: Member = make_active_member(
            world.province, world.village_b, full_name=f"Relawan {next(names)}"
        )
        Assignment.objects.create(incident=incident, member=member, status="accepted")

    url = f"/kejadian/{incident.pk}/papan/"
    for persona in ("regency", "partner"):
        assert _same_for_2_and_20(answer, client_for(persona), url) <= MAX_QUERIES
