"""Units and boards through /api/v1/: visible along the region tree, readable by partners."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sipsm.registry.actions.units import add_board_position, create_board_term, ensure_unit
from sipsm.registry.models import Position, Unit
from sipsm.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world: World) -> dict[str, Unit]:
    """Units of village A (with the units above it) and of the far village."""
    village = ensure_unit(acting_user=None, region=world.village_a)
    far = ensure_unit(acting_user=None, region=world.village_far)
    assert village.parent is not None
    assert village.parent.parent is not None
    regency = village.parent.parent
    assert regency.parent is not None
    assert regency.parent.parent is not None
    assert far.parent is not None
    assert far.parent.parent is not None
    return {
        "national": regency.parent.parent,
        "province": regency.parent,
        "regency": regency,
        "district": village.parent,
        "village": village,
        "far_regency": far.parent.parent,
        "far_district": far.parent,
        "far": far,
    }


def unit_ids(response: Any) -> set[int]:
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["id"] for item in body["items"]}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        (
            "national",
            {
                "national",
                "province",
                "regency",
                "district",
                "village",
                "far_regency",
                "far_district",
                "far",
            },
        ),
        ("partner", {"national", "province", "regency", "district", "village"}),
        ("village", {"national", "province", "regency", "district", "village"}),
        ("other_village", {"national", "province", "regency", "district"}),
        ("other_regency", {"national", "province", "far_regency", "far_district", "far"}),
    ],
)
def test_it_lists_the_units_along_the_region_tree(
    world: World, client_for: Any, units: dict[str, Unit], persona: str, visible: set[str]
) -> None:
    client: Client = client_for(persona)

    response = client.get("/api/v1/units")

    assert unit_ids(response) == {units[name].pk for name in visible}
    assert response["Cache-Control"] == "no-store"


def test_it_filters_units_by_level(world: World, client_for: Any, units: dict[str, Unit]) -> None:
    response = client_for("partner").get("/api/v1/units", {"level": Unit.Level.VILLAGE})

    assert unit_ids(response) == {units["village"].pk}


def test_the_partner_reads_a_unit_and_its_board(
    world: World, client_for: Any, units: dict[str, Unit]
) -> None:
    unit = units["village"]
    term = create_board_term(acting_user=world.regency, unit=unit, start_year=2022, end_year=2027)
    add_board_position(
        acting_user=world.regency, term=term, position=Position.KETUA, member=world.member_a
    )
    client = client_for("partner")

    one = client.get(f"/api/v1/units/{unit.pk}")
    boards = client.get(f"/api/v1/units/{unit.pk}/boards")

    assert one.status_code == 200
    assert one.json() == {
        "id": unit.pk,
        "level": 4,
        "name": unit.name,
        "region_code": world.village_a.code,
        "parent_id": units["district"].pk,
    }
    assert boards.status_code == 200
    assert boards.json() == [
        {
            "id": term.pk,
            "start_year": 2022,
            "end_year": 2027,
            "sk_number": "",
            "positions": [
                {
                    "position": "ketua",
                    "title": "",
                    "holder": "Nur Aisyah Hulopi",
                    "member_id": world.member_a.pk,
                }
            ],
        }
    ]


def test_it_answers_404_alike_for_units_out_of_scope_and_missing(
    world: World, client_for: Any, units: dict[str, Unit]
) -> None:
    client = client_for("partner")
    missing_id = max(u.pk for u in units.values()) + 100

    far = client.get(f"/api/v1/units/{units['far'].pk}")
    far_boards = client.get(f"/api/v1/units/{units['far'].pk}/boards")
    missing = client.get(f"/api/v1/units/{missing_id}")

    for response in (far, far_boards, missing):
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}


def test_units_need_authentication(world: World, units: dict[str, Unit]) -> None:
    response = Client().get("/api/v1/units")

    assert response.status_code == 401
