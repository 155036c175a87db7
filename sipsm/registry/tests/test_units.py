"""IPSM units along the region tree, their boards and positions."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.core.errors import ActionError, Conflict
from sipsm.registry.actions import units as unit_actions
from sipsm.registry.models import BoardPosition, Unit
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db


def test_it_creates_the_units_above_a_village_once(world: World) -> None:
    unit = unit_actions.ensure_unit(acting_user=None, region=world.village_a)
    again = unit_actions.ensure_unit(acting_user=None, region=world.village_a)

    assert unit.pk == again.pk
    chain = []
    current: Unit | None = unit
    while current is not None:
        chain.append((current.level, current.name))
        current = current.parent
    assert chain == [
        (4, "IPSM Kelurahan Kayubulan"),
        (3, "IPSM Kecamatan Limboto"),
        (2, "IPSM Kabupaten Gorontalo"),
        (1, "IPSM Provinsi Gorontalo"),
        (0, "IPSM Nasional"),
    ]


def test_it_shows_the_board_and_members_on_the_unit_page(world: World, client_for: Any) -> None:
    unit = unit_actions.ensure_unit(acting_user=None, region=region("75.01"))
    term = unit_actions.create_board_term(
        acting_user=world.regency, unit=unit, start_year=2022, end_year=2027, sk_number="7/SK/2022"
    )
    unit_actions.add_board_position(
        acting_user=world.regency, term=term, position="ketua", member=world.member_a
    )

    response = client_for("village").get(f"/unit/{unit.pk}/")

    assert response.context["current"] == term
    assert [p.holder for p in response.context["terms"][0].positions.all()] == ["Nur Aisyah Hulopi"]
    assert {m.pk for m in response.context["page_obj"]} == {
        world.member_a.pk,
        world.candidate_a.pk,
    }
    assert response.context["counts"] == {"active": 2, "candidates": 1}


def test_it_refuses_overlapping_terms(world: World) -> None:
    unit = unit_actions.ensure_unit(acting_user=None, region=region("75.01"))
    unit_actions.create_board_term(
        acting_user=world.regency, unit=unit, start_year=2022, end_year=2027
    )

    with pytest.raises(Conflict):
        unit_actions.create_board_term(
            acting_user=world.regency, unit=unit, start_year=2025, end_year=2030
        )


def test_it_allows_one_chair_per_term(world: World) -> None:
    unit = unit_actions.ensure_unit(acting_user=None, region=region("75.01"))
    term = unit_actions.create_board_term(
        acting_user=None, unit=unit, start_year=2022, end_year=2027
    )
    unit_actions.add_board_position(acting_user=None, term=term, position="ketua", holder_name="A")

    with pytest.raises(Conflict):
        unit_actions.add_board_position(
            acting_user=None, term=term, position="ketua", holder_name="B"
        )
    assert BoardPosition.objects.filter(term=term).count() == 1


def test_it_refuses_a_board_member_from_another_area(world: World) -> None:
    unit = unit_actions.ensure_unit(acting_user=None, region=region("75.01"))
    term = unit_actions.create_board_term(
        acting_user=None, unit=unit, start_year=2022, end_year=2027
    )

    with pytest.raises(ActionError) as caught:
        unit_actions.add_board_position(
            acting_user=None, term=term, position="bendahara", member=world.member_far
        )
    assert caught.value.field == "member"


def test_it_adds_a_position_by_kta_number(world: World, client_for: Any) -> None:
    unit = unit_actions.ensure_unit(acting_user=None, region=region("75.01"))
    term = unit_actions.create_board_term(
        acting_user=None, unit=unit, start_year=2022, end_year=2027
    )

    response = client_for("regency").post(
        f"/pengurus/{term.pk}/jabatan/",
        {"position": "sekretaris", "member_kta": world.member_b.kta_number},
    )

    assert response.status_code == 302
    assert term.positions.get().member == world.member_b
