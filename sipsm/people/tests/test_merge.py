"""Merging two records of the same person keeps both records and both histories."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sipsm.cases.models import Case
from sipsm.cases.tests.support import make_case
from sipsm.core.errors import Conflict, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.people import duplicates
from sipsm.people.actions import households as household_actions
from sipsm.people.actions import persons as person_actions
from sipsm.people.models import HouseholdMembership, Person, PpksMembership
from sipsm.people.tests.support import CHILD_BIRTH, make_household, make_person, ppks
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db


def _child_in_two_villages(world: World) -> tuple[Case, Case]:
    """The same street child, registered and given a case in village_a and village_b."""
    first = make_case(world)
    second_person = make_person(
        world,
        actor=world.other_village,
        village=world.village_b,
        full_name="Andy Saputera",
        nik=synthetic_nik(world.village_b, sex="M", birth=CHILD_BIRTH),
    )
    second = make_case(
        world,
        person=second_person,
        actor=world.other_village,
        village=world.village_b,
        groups=("anak-jalanan", "anak-telantar"),
    )
    return first, second


def test_it_finds_the_child_and_merge_keeps_both_histories(world: World, client_for) -> None:
    first, second = _child_in_two_villages(world)
    survivor, duplicate = first.person, second.person
    assert [m.person.pk for m in duplicates.duplicates_of(survivor)] == [duplicate.pk]

    response = client_for("district").post(
        f"/warga/{survivor.pk}/gabung/", {"other": duplicate.pk, "keep": "this"}
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    survivor.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk
    assert duplicate.full_name == "Andy Saputera"  # the merged record keeps its own data
    assert sorted(Case.objects.filter(person=survivor).values_list("pk", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    assert survivor.nik == duplicate.nik  # the survivor took over the NIK it lacked
    groups = PpksMembership.objects.filter(person=survivor).order_by("category__number", "id")
    assert [(g.category.code, g.until) for g in groups] == [
        ("anak-telantar", None),
        ("anak-jalanan", None),
        ("anak-jalanan", timezone.localdate()),
    ]
    assert list(
        AuditEvent.objects.filter(object_type="people.person", object_id=str(duplicate.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    ) == ["person.register", "person.ppks_add", "person.ppks_add", "person.merged_into"]
    page = client_for("district").get(f"/warga/{survivor.pk}/").content.decode()
    assert page.count("person.register") == 2  # both records' histories on one page
    assert "person.merge" in page
    assert f"#{duplicate.pk}" in page
    old_page = client_for("district").get(f"/warga/{duplicate.pk}/").content.decode()
    assert 'id="merged-banner"' in old_page


def test_it_refuses_a_psm_to_merge(world: World) -> None:
    first = make_person(world)
    second = make_person(world, full_name="Andi S.")

    with pytest.raises(PermissionRefused):
        person_actions.merge_persons(acting_user=world.village, duplicate=second, survivor=first)

    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_it_refuses_two_records_with_different_niks(world: World) -> None:
    first = make_person(world, nik=synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH))
    second = make_person(world, nik=synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH))

    with pytest.raises(Conflict) as refused:
        person_actions.merge_persons(acting_user=world.district, duplicate=second, survivor=first)

    assert refused.value.code == "different_nik"


def test_it_ends_the_duplicates_family_card_when_both_are_on_one(world: World) -> None:
    first = make_person(world)
    second = make_person(world, full_name="Andi S.")
    for person in (first, second):
        household_actions.add_member(
            acting_user=world.village,
            household=make_household(world),
            person=person,
            relationship="anak",
        )

    person_actions.merge_persons(acting_user=world.regency, duplicate=second, survivor=first)

    memberships = HouseholdMembership.objects.filter(person=first).order_by("id")
    assert [m.until for m in memberships] == [None, timezone.localdate()]


def test_it_keeps_the_earliest_start_of_a_group_both_records_are_in(world: World) -> None:
    first = make_person(world)
    second = make_person(world, full_name="Andi S.")
    group = ppks("anak-jalanan")
    person_actions.add_ppks_membership(
        acting_user=world.village, person=first, category=group, since=dt.date(2025, 3, 1)
    )
    person_actions.add_ppks_membership(
        acting_user=world.village, person=second, category=group, since=dt.date(2024, 11, 1)
    )

    person_actions.merge_persons(acting_user=world.regency, duplicate=second, survivor=first)

    open_groups = PpksMembership.objects.filter(person=first, until__isnull=True)
    assert [(g.category.code, g.since) for g in open_groups] == [
        ("anak-jalanan", dt.date(2024, 11, 1))
    ]
