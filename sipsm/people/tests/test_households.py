"""Households (family cards): the KK blind index, one KK per person at a time, reasons
kept encrypted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from sipsm.core.errors import ActionError, Conflict
from sipsm.core.models import AuditEvent
from sipsm.people.actions import households as household_actions
from sipsm.people.actions import persons as person_actions
from sipsm.people.models import Household, HouseholdMembership
from sipsm.people.tests.support import make_household, make_kk, make_person, ppks
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def test_it_finds_a_household_by_its_kk_number_only_through_the_index(world: World) -> None:
    kk = make_kk(world.village_a)
    household = make_household(world, kk=kk)

    with connection.cursor() as cursor:
        cursor.execute("SELECT kk FROM people_household WHERE id = %s", [household.pk])
        (raw,) = cursor.fetchone()

    assert raw.startswith("v1$")
    assert kk not in raw
    assert Household.objects.with_kk(kk).get() == household
    assert household.kk_masked == f"{kk[:4]} {kk[4:6]}** **** {kk[12:]}"


def test_it_refuses_a_kk_number_registered_already(world: World) -> None:
    kk = make_kk(world.village_a)
    make_household(world, kk=kk)

    with pytest.raises(ActionError) as refused:
        make_household(world, kk=kk)

    assert refused.value.code == "duplicate_kk"


def test_it_moves_a_person_to_a_new_family_card(world: World) -> None:
    child = make_person(world)
    old, new = make_household(world), make_household(world)
    household_actions.add_member(
        acting_user=world.village, household=old, person=child, relationship="anak"
    )

    household_actions.add_member(
        acting_user=world.village, household=new, person=child, relationship="cucu"
    )

    rows = HouseholdMembership.objects.filter(person=child).order_by("id")
    assert [(m.household_id, m.relationship, m.until is None) for m in rows] == [
        (old.pk, "anak", False),
        (new.pk, "cucu", True),
    ]
    # The old membership started today too, so it ends today (never before it started).
    assert rows[0].until == timezone.localdate()


def test_it_allows_one_head_per_family_card(world: World) -> None:
    household = make_household(world)
    household_actions.add_member(
        acting_user=world.village,
        household=household,
        person=make_person(world, full_name="Hasan"),
        relationship="kepala_keluarga",
    )

    with pytest.raises(ActionError):
        household_actions.add_member(
            acting_user=world.village,
            household=household,
            person=make_person(world, full_name="Yusuf"),
            relationship="kepala_keluarga",
        )


def test_it_refuses_to_add_someone_twice(world: World) -> None:
    child = make_person(world)
    household = make_household(world)
    household_actions.add_member(
        acting_user=world.village, household=household, person=child, relationship="anak"
    )

    with pytest.raises(Conflict):
        household_actions.add_member(
            acting_user=world.village, household=household, person=child, relationship="anak"
        )


def test_it_keeps_the_reasons_and_notes_about_a_person_encrypted(world: World) -> None:
    child = make_person(world)
    household = make_household(world)
    membership = household_actions.add_member(
        acting_user=world.village, household=household, person=child, relationship="anak"
    )
    household_actions.end_membership(
        acting_user=world.village,
        membership=membership,
        until=timezone.localdate(),
        reason="PENANDA-KELUAR kabur karena dipukul",
    )
    group = person_actions.add_ppks_membership(
        acting_user=world.village,
        person=child,
        category=ppks("anak-jalanan"),
        since=timezone.localdate(),
        note="PENANDA-CATATAN tidur di terminal",
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT end_reason FROM people_householdmembership WHERE id = %s", [membership.pk]
        )
        (reason,) = cursor.fetchone()
        cursor.execute("SELECT note FROM people_ppksmembership WHERE id = %s", [group.pk])
        (note,) = cursor.fetchone()

    assert (reason.startswith("v1$"), note.startswith("v1$")) == (True, True)
    assert "PENANDA" not in reason + note
    assert HouseholdMembership.objects.get(pk=membership.pk).end_reason.startswith("PENANDA")
    event = AuditEvent.objects.get(verb="household.end_member")
    assert "PENANDA" not in str(event.data)
    assert event.data["reason_given"] is True


def test_it_logs_reads_of_a_household_and_lists_no_address(world: World, client_for) -> None:
    household = make_household(world)
    client = client_for("village")

    listed = client.get("/api/v1/households").json()["items"]
    client.get(f"/keluarga/{household.pk}/")
    one = client.get(f"/api/v1/households/{household.pk}").json()
    client.get(f"/api/v1/households/{household.pk}/members")

    assert [h["id"] for h in listed] == [household.pk]
    assert "address" not in listed[0]
    assert "address" in one
    reads = AuditEvent.objects.filter(verb="access.household.read").order_by("id")
    assert [(e.object_id, e.data["what"]) for e in reads] == [
        (str(household.pk), "page"),
        (str(household.pk), "api"),
        (str(household.pk), "api_members"),
    ]
