"""Two members cannot share a NIK: the unique blind index rejects the second (G1)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from sipsm.registry.models import Member
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _copy_with_nik(world: World, nik: str) -> Member:
    return Member.objects.create(
        full_name="Salinan", sex="F", home_village=world.village_b, nik=nik
    )


def test_it_rejects_a_second_member_with_the_same_nik(world: World) -> None:
    nik = world.member_a.nik

    with pytest.raises(IntegrityError), transaction.atomic():
        _copy_with_nik(world, nik)

    assert Member.objects.with_nik(nik).count() == 1


def test_it_rejects_the_same_nik_written_with_separators(world: World) -> None:
    nik = world.member_a.nik
    spaced = f"{nik[:6]} {nik[6:12]} {nik[12:]}"

    with pytest.raises(IntegrityError), transaction.atomic():
        _copy_with_nik(world, spaced)


def test_it_allows_many_members_without_a_nik(world: World) -> None:
    _copy_with_nik(world, "")
    _copy_with_nik(world, "")

    assert Member.objects.filter(nik_index__isnull=True).count() == 2
