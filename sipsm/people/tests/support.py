"""People for tests: synthetic NIKs (sipsm.testing.synthetic_nik) and KK numbers."""

from __future__ import annotations

import datetime as dt
import itertools

from sipsm.accounts.models import User
from sipsm.people.actions import households as household_actions
from sipsm.people.actions import persons as person_actions
from sipsm.people.models import Household, Person, WelfareCategory
from sipsm.regions.models import Region
from sipsm.testing import World

_kk_serials = itertools.count(1)
CHILD_BIRTH = dt.date(2014, 6, 9)


def make_kk(village: Region) -> str:
    """A synthetic KK number: the village's district, 1 January 2024, a fresh serial."""
    district = village.code[:8].replace(".", "")
    return f"{district}010124{next(_kk_serials):04d}"


def ppks(code: str) -> WelfareCategory:
    return WelfareCategory.objects.ppks().get(code=code)


def make_person(
    world: World,
    *,
    actor: User | None = None,
    village: Region | None = None,
    **overrides: object,
) -> Person:
    values: dict[str, object] = {
        "full_name": "Andi Saputra",
        "village": village or world.village_a,
        "sex": "M",
        "birth_date": CHILD_BIRTH,
    }
    values.update(overrides)
    return person_actions.register_person(
        acting_user=actor or world.village,
        data=person_actions.PersonData(**values),  # type: ignore[arg-type]
    )


def make_household(
    world: World, *, actor: User | None = None, village: Region | None = None, kk: str = ""
) -> Household:
    village = village or world.village_a
    return household_actions.register_household(
        acting_user=actor or world.village,
        data=household_actions.HouseholdData(
            head_name="Hasan Daud", village=village, kk=kk or make_kk(village)
        ),
    )
