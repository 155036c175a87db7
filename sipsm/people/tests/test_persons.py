"""Registering and reading people: encryption, duplicates shown first, PPKS groups, lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sipsm.core.errors import ActionError
from sipsm.core.models import AuditEvent
from sipsm.people.actions import persons as person_actions
from sipsm.people.models import Person, PpksMembership
from sipsm.people.tests.support import CHILD_BIRTH, make_person, ppks
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db


def test_it_stores_nik_address_and_phone_encrypted(world: World) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    person = make_person(world, nik=nik, address="Emperan Toko Sinar Jaya", phone="+6281234500001")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nik, nik_index, address, phone FROM people_person WHERE id = %s", [person.pk]
        )
        raw = cursor.fetchone()

    assert all(value.startswith("v1$") for value in (raw[0], raw[2], raw[3]))
    assert nik not in "".join(raw)
    assert "Sinar Jaya" not in raw[2]
    assert Person.objects.with_nik(nik).get() == person


def test_it_refuses_a_nik_registered_already_in_the_users_area(world: World) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    make_person(world, nik=nik)

    with pytest.raises(ActionError) as refused:
        make_person(world, nik=nik, village=world.village_b, actor=world.district)

    assert refused.value.code == "duplicate_nik"
    assert Person.objects.count() == 1


def test_it_turns_an_estimated_age_into_a_birth_year(world: World) -> None:
    person = make_person(world, birth_date=None, age_years=9)

    assert person.estimated_birth_year == timezone.localdate().year - 9
    assert person.age == 9
    assert person.age_is_estimated is True


def test_it_shows_possible_duplicates_before_registering(world: World, client_for) -> None:
    existing = make_person(world)
    form = {
        "full_name": "Andy Saputra",
        "sex": "M",
        "birth_date": CHILD_BIRTH.isoformat(),
        "village": world.village_a.code,
    }
    client = client_for("village")

    first = client.post("/warga/baru/", form)
    second = client.post("/warga/baru/", {**form, "confirm_new": "1"})

    assert first.status_code == 200
    assert f"/warga/{existing.pk}/" in first.content.decode()
    assert Person.objects.count() == 2
    assert second.status_code == 302


def test_it_records_several_ppks_groups_with_dates(world: World) -> None:
    person = make_person(world)
    for code, since in (("anak-jalanan", dt.date(2025, 1, 5)), ("pemulung", dt.date(2024, 8, 1))):
        person_actions.add_ppks_membership(
            acting_user=world.village, person=person, category=ppks(code), since=since
        )
    membership = PpksMembership.objects.get(person=person, category__code="pemulung")

    person_actions.end_ppks_membership(
        acting_user=world.village, membership=membership, until=dt.date(2025, 2, 1)
    )

    assert list(
        PpksMembership.objects.filter(person=person)
        .order_by("since")
        .values_list("category__code", "since", "until")
    ) == [
        ("pemulung", dt.date(2024, 8, 1), dt.date(2025, 2, 1)),
        ("anak-jalanan", dt.date(2025, 1, 5), None),
    ]
    assert AuditEvent.objects.filter(verb="person.ppks_end").count() == 1


def test_it_refuses_a_childrens_group_for_an_adult(world: World) -> None:
    adult = make_person(world, birth_date=dt.date(1980, 1, 1), full_name="Hasan")

    with pytest.raises(ActionError) as refused:
        person_actions.add_ppks_membership(
            acting_user=world.village,
            person=adult,
            category=ppks("anak-jalanan"),
            since=dt.date(2025, 1, 1),
        )

    assert refused.value.field == "category"


def test_it_hides_sensitive_groups_from_a_psm(world: World, client_for) -> None:
    person = make_person(world)
    person_actions.add_ppks_membership(
        acting_user=world.village,
        person=person,
        category=ppks("anak-korban-tindak-kekerasan"),
        since=dt.date(2025, 1, 1),
    )

    def groups_table(persona: str) -> str:
        page = client_for(persona).get(f"/warga/{person.pk}/").content.decode()
        start = page.index('id="ppks-groups"')
        return page[start : page.index("</table>", start)]

    assert "Korban Tindak Kekerasan" not in groups_table("village")
    assert "Anak yang menjadi Korban Tindak Kekerasan" in groups_table("district")
    assert "1 confidential group is shown to coordinators only." in (
        client_for("village").get(f"/warga/{person.pk}/").content.decode()
    )


def test_it_lists_people_in_a_constant_number_of_queries(world: World, client_for) -> None:
    client = client_for("district")
    make_person(world)
    client.get("/warga/")
    with CaptureQueriesContext(connection) as few:
        client.get("/warga/")
    for n in range(6):
        person = make_person(world, full_name=f"Anak {n}", birth_date=dt.date(2012, 1, n + 1))
        person_actions.add_ppks_membership(
            acting_user=world.village,
            person=person,
            category=ppks("anak-jalanan"),
            since=dt.date(2025, 1, 1),
        )

    with CaptureQueriesContext(connection) as many:
        response = client.get("/warga/")

    assert response.status_code == 200
    assert len(many) == len(few)


def test_it_finds_a_person_by_nik_without_putting_it_in_the_url(world: World, client_for) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    person = make_person(world, nik=nik)
    make_person(world, full_name="Other")

    response = client_for("village").post("/warga/", {"nik": nik})

    assert list(response.context["page_obj"]) == [person]


def test_it_hides_people_outside_the_area(world: World, client_for) -> None:
    person = make_person(world)

    assert client_for("other_village").get(f"/warga/{person.pk}/").status_code == 404
    assert list(client_for("other_village").get("/warga/").context["page_obj"]) == []
