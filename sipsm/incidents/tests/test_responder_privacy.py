"""Who answered a call-out is personal: the government partner (aggregates only) gets counts,
never names, home villages or distances, on the API, the board and the timeline."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.incidents.actions.dispatch import check_in, respond_to_alert
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.models import Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _answered(world: World) -> Incident:
    """Verified and called out; member_a accepted and checked in, member_b accepted."""
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    accepted = respond_to_alert(
        assignment=incident.assignments.get(member=world.member_a), accept=True, via="link"
    )
    check_in(assignment=accepted, lat=0.61, lon=122.98)
    respond_to_alert(
        assignment=incident.assignments.get(member=world.member_b), accept=True, via="sms"
    )
    return incident


NAMES = ("Nur Aisyah Hulopi", "Rahmat Gobel")


def test_the_partner_gets_no_per_person_list_from_the_api(world: World, client_for: Any) -> None:
    incident = _answered(world)

    response = client_for("partner").get(f"/api/v1/incidents/{incident.pk}/assignments")

    assert response.status_code == 403
    body = response.content.decode()
    for name in NAMES:
        assert name not in body
    assert "member_id" not in body
    assert world.member_a.home_village_id not in body


def test_the_partner_reads_the_counts_in_the_incident(world: World, client_for: Any) -> None:
    incident = _answered(world)

    one = client_for("partner").get(f"/api/v1/incidents/{incident.pk}").json()
    listed = client_for("partner").get("/api/v1/incidents").json()["items"]

    assert (one["responders"], one["on_site"]) == (2, 1)
    assert [(i["id"], i["responders"], i["on_site"]) for i in listed] == [(incident.pk, 2, 1)]
    for name in NAMES:
        assert name not in str(one)


def test_psms_and_coordinators_still_see_who_answers(world: World, client_for: Any) -> None:
    incident = _answered(world)

    for persona in ("regency", "district", "village"):
        rows = client_for(persona).get(f"/api/v1/incidents/{incident.pk}/assignments").json()
        assert {r["member_name"] for r in rows if r["status"] != "alerted"} == set(NAMES), persona


def test_the_partner_sees_counts_but_no_names_on_the_board(world: World, client_for: Any) -> None:
    incident = _answered(world)

    board = client_for("partner").get(f"/kejadian/{incident.pk}/papan/")
    page = client_for("partner").get(f"/kejadian/{incident.pk}/")

    assert board.context["counts"]["accepted"] == 1
    assert board.context["counts"]["on_site"] == 1
    for response in (board, page):
        html = response.content.decode()
        assert 'id="count-on-site">1<' in html
        assert "board-table" not in html
        for name in NAMES:
            assert name not in html, name
    # The incident is in village_a; member_b's home village appears only on a named board.
    assert world.member_b.home_village.name not in board.content.decode()
    named = client_for("district").get(f"/kejadian/{incident.pk}/papan/").content.decode()
    assert world.member_b.home_village.name in named


def test_the_partner_sees_the_timeline_without_names(world: World, client_for: Any) -> None:
    world.member_a.user = world.village
    world.member_a.save(update_fields=["user"])
    incident = _answered(world)

    partner = client_for("partner").get(f"/kejadian/{incident.pk}/").content.decode()
    coordinator = client_for("regency").get(f"/kejadian/{incident.pk}/").content.decode()

    assert "Accepted" in partner
    assert "On site" in partner
    for name in NAMES:
        assert name not in partner
        assert name in coordinator
    assert "· psm.a" not in partner  # the reporter's and the PSM's account
    assert "· psm.a" in coordinator
