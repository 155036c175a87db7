"""Eligibility per Permensos 10/2019: each unmet requirement comes with its reason."""

from __future__ import annotations

import datetime as dt

import pytest

from sipsm.registry.eligibility import check_eligibility
from sipsm.registry.models import Member
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def _unmet(member: Member) -> dict[str, str]:
    return {c.code: str(c.reason) for c in check_eligibility(member, today=TODAY) if not c.met}


def test_it_finds_a_complete_candidate_eligible(world: World) -> None:
    assert _unmet(world.candidate_a) == {}


def test_it_lists_every_missing_requirement_of_an_empty_record(world: World) -> None:
    member = Member(full_name="X", sex="F", home_village=world.village_a)

    assert _unmet(member) == {
        "citizen": "No NIK entered.",
        "commitment": "The declaration has not been made.",
        "ktp_domicile": "The village on the KTP is not entered.",
        "age": "No date of birth entered.",
        "literacy": "Not recorded as able to read and write.",
        "conduct": "No evidence of good conduct recorded.",
        "bimtek": "No Bimtek dasar recorded.",
    }


def test_it_needs_the_ktp_from_the_village_of_domicile(world: World) -> None:
    member = world.candidate_a
    member.ktp_village = region(world.village_b.code)

    assert _unmet(member) == {
        "ktp_domicile": f"The KTP is from {world.village_b.code}, but the member lives in "
        f"{world.village_a.code}."
    }


def test_it_counts_the_18th_birthday(world: World) -> None:
    member = world.candidate_a
    member.birth_date = dt.date(2008, 11, 29)
    assert _unmet(member) == {"age": "17 years old."}

    member.birth_date = dt.date(2008, 11, 28)
    assert _unmet(member) == {}


def test_it_sets_no_upper_age_or_schooling_limit(world: World) -> None:
    member = world.candidate_a
    member.birth_date = dt.date(1950, 1, 1)
    member.education = Member.Education.NONE

    assert _unmet(member) == {}


def test_it_refuses_a_bimtek_date_in_the_future(world: World) -> None:
    member = world.candidate_a
    member.bimtek_dasar_date = TODAY + dt.timedelta(days=3)

    assert _unmet(member) == {"bimtek": "The Bimtek dasar date is in the future."}
