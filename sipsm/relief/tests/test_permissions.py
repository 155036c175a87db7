"""Every relief route x every persona: the status, and that a refusal changes nothing
(the same loop as sipsm.core.tests.test_permission_matrix, with the relief tables watched)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from ninja import NinjaAPI

from sipsm.core.tests.matrix import PERSONAS, Case
from sipsm.core.tests.test_permission_matrix import _request, _routes
from sipsm.core.tests.test_permission_matrix import snapshot as core_snapshot
from sipsm.relief import urls as relief_urls
from sipsm.relief.api import router
from sipsm.relief.models import AffectedPerson, CapAlert, Household, Need, Relief, Shelter
from sipsm.relief.tests.permission_cases import RELIEF_CASES
from sipsm.relief.tests.support import make_incident, make_need, make_person
from sipsm.testing import build_world

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[Any, ...]:
    return (
        core_snapshot(),
        tuple(Need.objects.order_by("pk").values_list("pk", "status", "category", "village_id")),
        tuple(
            AffectedPerson.objects.order_by("pk").values_list(
                "pk", "full_name", "condition", "nik_index", "duplicate_of_id", "shelter_id"
            )
        ),
        tuple(Household.objects.order_by("pk").values_list("pk", "head_name", "kk_index", "size")),
        tuple(
            Shelter.objects.order_by("pk").values_list(
                "pk", "name", "is_open", "manual_count", "capacity"
            )
        ),
        Relief.objects.count(),
        CapAlert.objects.count(),
    )


def relief_routes() -> set[str]:
    api = NinjaAPI(urls_namespace="relief_routes")
    api.add_router("/", router)
    api_routes = {
        "api/v1/" + route
        for route in _routes(api.urls[0])
        if route not in {"", "openapi.json", "docs"}
    }
    return set(_routes(relief_urls.urlpatterns)) | api_routes


def test_it_covers_every_relief_route() -> None:
    covered = {case.route for case in RELIEF_CASES}
    assert relief_routes() - covered == set()
    assert covered - relief_routes() == set()


def test_it_lists_every_persona_in_every_case() -> None:
    for case in RELIEF_CASES:
        assert set(case.expect) == set(PERSONAS), case.id


@pytest.mark.parametrize("case", RELIEF_CASES, ids=[c.id for c in RELIEF_CASES])
def test_it_answers_each_persona_as_the_matrix_says(
    case: Case, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    users = world.personas()
    failures: list[str] = []
    for persona in PERSONAS:
        with transaction.atomic():
            path = case.path(world)
            data = case.data(world) if case.data else None
            client = Client()
            if persona != "anonymous":
                client.force_login(users[persona])
            before = snapshot()
            response = _request(client, case, path, data)
            after = snapshot()
            expected = case.expect[persona]
            if response.status_code != expected:
                failures.append(f"{persona}: got {response.status_code}, expected {expected}")
            changed = before != after
            if persona in case.mutates and not changed:
                failures.append(f"{persona}: expected a change, nothing changed")
            if persona not in case.mutates and changed:
                failures.append(f"{persona}: the database changed")
            transaction.set_rollback(True)
    assert failures == []


# Beyond the matrix ------------------------------------------------------------------------


def test_an_outsider_cannot_see_people_by_any_route(world, client_for):
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


def test_rows_of_another_incident_are_not_found(world, client_for):
    first = make_incident(world)
    second = make_incident(world, title="Longsor")
    need = make_need(world, second)
    person = make_person(world, second)
    client = client_for("national")
    assert client.get(f"/kejadian/{first.pk}/kebutuhan/{need.pk}/").status_code == 404
    assert client.get(f"/kejadian/{first.pk}/warga/{person.pk}/").status_code == 404
    assert client.get(f"/api/v1/incidents/{first.pk}/people/{person.pk}").status_code == 404
    assert client.get("/kejadian/999999/sitrep/").status_code == 404


def test_a_psm_who_only_declined_cannot_enter_data(world, client_for):
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
