"""Finding records of the same person: blind index of the NIK, and name + birth + village."""

from __future__ import annotations

import datetime as dt

import pytest

from sipsm.people import duplicates
from sipsm.people.models import Person
from sipsm.people.names import name_key, similarity
from sipsm.people.tests.support import CHILD_BIRTH, make_person
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db


def test_it_folds_old_spellings_and_abbreviations() -> None:
    assert similarity("Djoko Soesilo", "Joko Susilo") == 1.0
    assert similarity("Muhammad Rizki", "Moh. Risky") == 1.0
    assert similarity("Andi Saputra", "Saputra Andi") == 1.0
    assert similarity("Siti Aminah", "Budi Santoso") < 0.5
    assert name_key("  Siti  Nur'aini, S.Pd ") == "siti nuraini s pd"
    # Accented letters fold to their base letter; ASCII and non-ASCII spellings meet.
    assert name_key("Désy Ṡari") == name_key("Desy Sari") == "desy sari"
    assert name_key("") == ""


def test_it_finds_the_same_child_registered_in_two_villages(world: World, child: Person) -> None:
    other = make_person(
        world, actor=world.other_village, village=world.village_b, full_name="Andy Saputera"
    )

    matches = duplicates.duplicates_of(other)

    assert [m.person.pk for m in matches] == [child.pk]
    assert matches[0].same_nik is False
    assert [str(r) for r in matches[0].reasons] == [
        "similar name (96%)",
        "same date of birth",
        "same district",
    ]


def test_it_finds_a_record_with_the_same_nik_whatever_the_name(world: World) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    first = make_person(world, nik=nik, full_name="Ucok")
    probe = duplicates.Probe(full_name="Rahmat", village_code=world.village_far.code, nik=nik)

    matches = duplicates.find_matches(probe)

    assert [(m.person.pk, m.same_nik, m.score) for m in matches] == [(first.pk, True, 1.0)]


def test_it_does_not_match_two_different_niks(world: World) -> None:
    make_person(world, nik=synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH))
    second = make_person(
        world,
        nik=synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH),
        village=world.village_a,
    )

    assert duplicates.duplicates_of(second) == []


def test_it_needs_the_birth_dates_to_agree(world: World, child: Person) -> None:
    probe = duplicates.Probe(
        full_name="Andi Saputra", village_code=world.village_a.code, birth_date=dt.date(2013, 6, 9)
    )

    assert duplicates.find_matches(probe) == []


def test_it_matches_an_estimated_age_within_a_year(world: World, child: Person) -> None:
    probe = duplicates.Probe(
        full_name="Andi Saputra",
        village_code=world.village_b.code,
        estimated_birth_year=CHILD_BIRTH.year + 1,
    )

    matches = duplicates.find_matches(probe)

    assert [m.person.pk for m in matches] == [child.pk]
    assert "similar age" in matches[0].reason_text


def test_it_lists_likely_pairs_in_an_area(world: World, child: Person) -> None:
    twin = make_person(world, actor=world.other_village, village=world.village_b)
    make_person(world, full_name="Budi Santoso")

    pairs = duplicates.duplicate_pairs(Person.objects.in_scope_of(world.district))

    assert [(p.first.pk, p.second.pk) for p in pairs] == [(child.pk, twin.pk)]
