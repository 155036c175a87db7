"""Relief permissions beyond the matrix: the route x persona matrix of the relief pages and API
(sipsm/relief/tests/permission_cases.py) runs in sipsm/core/tests/test_permission_matrix.py,
which watches the relief tables too (sipsm/relief/tests/state.py)."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.relief.models import AffectedPerson
from sipsm.relief.tests.support import make_incident, make_need, make_person
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_an_outsider_cannot_see_people_by_any_route(world: World, client_for: Any) -> None:
    incident = make_incident(world)
    person = make_person(world, incident, full_name="Rahasia Nama")
    for persona in ("other_regency", "other_village"):
        client = client_for(persona)
        for path in (
            f"/kejadian/{incident.pk}/warga/",
            f"/kejadian/{incident.pk}/warga/{person.pk}/",
            f"/kejadian/{incident.pk}/bantuan/",
            f"/api/v1/incidents/{incident.pk}/people",
            f"/api/v1/incidents/{incident.pk}/people/{person.pk}",
        ):
            response = client.get(path)
            assert response.status_code == 404, (persona, path)
            assert b"Rahasia" not in response.content
    # The partner sees the counts but no names.
    partner = client_for("partner")
    assert partner.get(f"/kejadian/{incident.pk}/warga/").status_code == 403
    assert b"Rahasia" not in partner.get(f"/kejadian/{incident.pk}/sitrep/").content


def test_rows_of_another_incident_are_not_found(world: World, client_for: Any) -> None:
    first = make_incident(world)
    second = make_incident(world, title="Longsor")
    need = make_need(world, second)
    person = make_person(world, second)
    client = client_for("national")
    assert client.get(f"/kejadian/{first.pk}/kebutuhan/{need.pk}/").status_code == 404
    assert client.get(f"/kejadian/{first.pk}/warga/{person.pk}/").status_code == 404
    assert client.get(f"/api/v1/incidents/{first.pk}/people/{person.pk}").status_code == 404
    assert client.get("/kejadian/999999/sitrep/").status_code == 404


def test_a_psm_who_only_declined_cannot_enter_data(world: World, client_for: Any) -> None:
    from sipsm.relief.tests.support import engage

    incident = make_incident(world, engaged=False)
    engage(world, incident, status="declined")
    client = client_for("village")
    assert client.get(f"/kejadian/{incident.pk}/warga/").status_code == 200
    response = client.post(
        f"/kejadian/{incident.pk}/warga/baru/",
        {"village": world.village_a.code, "full_name": "X", "condition": "safe"},
    )
    assert response.status_code == 403
    assert AffectedPerson.objects.count() == 0
