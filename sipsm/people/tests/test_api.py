"""People in the API: scoped like the pages; NIK and KK only masked; merging."""

from __future__ import annotations

import pytest

from sipsm.core.models import AuditEvent
from sipsm.people.models import Person
from sipsm.people.tests.support import CHILD_BIRTH, make_person
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db


def test_it_lists_only_people_in_the_callers_area_with_masked_nik(world: World, client_for) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    person = make_person(world, nik=nik)
    make_person(world, actor=world.other_village, village=world.village_b, full_name="Beni")

    body = client_for("village").get("/api/v1/people").json()

    assert [(p["id"], p["nik_masked"]) for p in body["items"]] == [
        (person.pk, f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}")
    ]
    assert nik not in str(body)


def test_it_gives_address_and_phone_only_in_the_logged_read_of_one_person(
    world: World, client_for
) -> None:
    person = make_person(world, address="Emperan Toko Sinar Jaya", phone="+6281234500001")
    client = client_for("village")

    listed = client.get("/api/v1/people").json()["items"]
    searched = client.post(
        "/api/v1/people/search", {"q": "Andi"}, content_type="application/json"
    ).json()["items"]
    one = client.get(f"/api/v1/people/{person.pk}").json()

    assert [p["id"] for p in listed] == [p["id"] for p in searched] == [person.pk]
    assert "Sinar Jaya" not in str(listed) + str(searched)
    assert "4500001" not in str(listed) + str(searched)
    assert (one["address"], one["phone"]) == ("Emperan Toko Sinar Jaya", "+6281234500001")
    reads = AuditEvent.objects.filter(verb="access.person.read", object_id=str(person.pk))
    assert [e.data for e in reads] == [{"what": "api"}]


def test_it_answers_404_for_a_person_outside_the_area(world: World, client_for) -> None:
    person = make_person(world)

    assert client_for("other_village").get(f"/api/v1/people/{person.pk}").status_code == 404
    assert client_for("partner").get("/api/v1/people").status_code == 403


def test_it_registers_and_merges_through_the_api(world: World, client_for) -> None:
    first = make_person(world)
    created = client_for("village").post(
        "/api/v1/people",
        {
            "full_name": "Andi Saputera",
            "village_code": world.village_b.code,
            "birth_date": CHILD_BIRTH.isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 403  # village_b is outside the PSM's area

    second = make_person(world, actor=world.other_village, village=world.village_b)
    found = client_for("district").get(f"/api/v1/people/{second.pk}/duplicates").json()
    merged = client_for("district").post(
        f"/api/v1/people/{first.pk}/merge",
        {"other_id": second.pk, "keep": "this"},
        content_type="application/json",
    )

    assert [m["person"]["id"] for m in found] == [first.pk]
    assert merged.status_code == 200
    assert Person.objects.get(pk=second.pk).merged_into_id == first.pk


def test_it_hides_sensitive_groups_in_the_api_from_a_psm(world: World, client_for) -> None:
    person = make_person(world)
    client_for("village").post(
        f"/api/v1/people/{person.pk}/ppks",
        {"category": "korban-trafficking", "since": "2025-01-01"},
        content_type="application/json",
    )

    psm = client_for("village").get(f"/api/v1/people/{person.pk}").json()
    tksk = client_for("district").get(f"/api/v1/people/{person.pk}").json()

    assert psm["ppks"] == []
    assert [g["category"] for g in tksk["ppks"]] == ["korban-trafficking"]
