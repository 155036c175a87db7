"""The training-needs view: villages without an active PSM with Bimtek dasar, skills missing
per district."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sipsm.regions.models import Region
from sipsm.registry.models import Member
from sipsm.testing import World
from sipsm.training import needs

pytestmark = pytest.mark.django_db


def test_it_lists_villages_without_an_active_psm_with_bimtek_dasar(world: World) -> None:
    district = world.village_a.code[:8]
    villages_in_district = Region.objects.villages().within(district).count()

    missing = [v.code for v in needs.villages_without_bimtek(district)]

    assert world.village_a.code not in missing
    assert world.village_b.code not in missing
    assert len(missing) == villages_in_district - 2
    Member.objects.filter(pk=world.member_b.pk).update(status=Member.Status.INACTIVE)
    assert world.village_b.code in [v.code for v in needs.villages_without_bimtek(district)]


def test_it_names_the_skills_no_active_psm_of_a_district_has(world: World) -> None:
    district = Region.objects.get(code=world.village_a.code[:8])

    [gap] = needs.skill_gaps([district])

    assert gap.active_members == 2
    missing = {s.code for s in gap.missing}
    assert "first_aid" not in missing
    assert "logistics" not in missing
    assert {"child_protection", "psychological_first_aid"} <= missing


def test_it_keeps_the_view_inside_the_users_area(world: World, client_for: Any) -> None:
    page = client_for("district").get("/pelatihan/kebutuhan/?wilayah=75.03")

    assert page.context["scope"] == world.village_a.code[:8]


def test_it_shows_the_needs_page_in_a_constant_number_of_queries(
    world: World, client_for: Any
) -> None:
    client = client_for("province")
    client.get("/pelatihan/kebutuhan/")
    with CaptureQueriesContext(connection) as province:
        assert client.get("/pelatihan/kebutuhan/").status_code == 200
    with CaptureQueriesContext(connection) as district:
        assert (
            client.get(f"/pelatihan/kebutuhan/?wilayah={world.village_a.code[:8]}").status_code
            == 200
        )

    assert len(province) == len(district)
