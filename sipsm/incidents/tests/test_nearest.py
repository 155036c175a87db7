"""Nearest-PSM search: H3 rings give exactly what a brute-force scan gives."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipsm.incidents.nearest import (
    LARGE_CALLOUT,
    brute_force_nearest,
    dispatchable,
    guaranteed_radius_km,
    haversine_km,
    nearest_members,
)
from sipsm.registry.models import Member
from sipsm.testing import World, make_active_member, synthetic_nik

pytestmark = pytest.mark.django_db


def test_it_measures_great_circle_distances() -> None:
    # Gorontalo city to Limboto, about 17 km apart.
    assert haversine_km(0.5435, 123.0568, 0.6247, 122.9770) == pytest.approx(12.68, abs=0.05)
    assert haversine_km(0, 0, 0, 0) == 0


def test_the_guaranteed_radius_grows_with_the_ring() -> None:
    radii = [guaranteed_radius_km(7, k) for k in (2, 4, 8, 16)]
    assert radii == sorted(radii)
    assert radii[0] > 0


def _scatter(world: World, n: int, seed: int) -> None:
    rng = random.Random(seed)
    for index in range(n):
        lat = 0.6 + rng.uniform(-0.6, 0.6)
        lon = 122.9 + rng.uniform(-0.9, 0.9)
        make_active_member(
            world.province,
            world.village_b,
            full_name=f"PSM {index}",
            nik=synthetic_nik(world.village_b),
            home_lat=round(lat, 6),
            home_lon=round(lon, 6),
        )


def test_it_agrees_with_a_brute_force_scan(world: World) -> None:
    _scatter(world, 60, seed=7)
    queryset = dispatchable()
    rng = random.Random(11)
    for _ in range(15):
        lat, lon = 0.6 + rng.uniform(-0.7, 0.7), 122.9 + rng.uniform(-1, 1)
        fast = nearest_members(lat=lat, lon=lon, limit=7, queryset=queryset)
        slow = brute_force_nearest(lat=lat, lon=lon, limit=7, queryset=queryset)
        assert [c.member_id for c in fast] == [c.member_id for c in slow]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lat=st.floats(-0.5, 1.5), lon=st.floats(121.5, 124.0), limit=st.integers(1, 12))
def test_it_agrees_with_brute_force_anywhere(
    world: World, lat: float, lon: float, limit: int
) -> None:
    if Member.objects.count() < 30:
        _scatter(world, 30, seed=3)
    queryset = dispatchable()
    fast = nearest_members(lat=lat, lon=lon, limit=limit, queryset=queryset)
    slow = brute_force_nearest(lat=lat, lon=lon, limit=limit, queryset=queryset)
    assert [c.member_id for c in fast] == [c.member_id for c in slow]


def test_it_respects_the_maximum_radius(world: World) -> None:
    found = nearest_members(lat=0.55, lon=123.05, limit=10, max_radius_km=0.5)

    assert found == []


def test_it_uses_the_village_point_when_a_member_has_no_home_point(world: World) -> None:
    member = world.member_a
    assert member.home_lat is None
    assert (member.dispatch_lat, member.dispatch_lon) == (world.village_a.lat, world.village_a.lon)


def test_it_skips_unavailable_inactive_and_unskilled_members(world: World) -> None:
    from sipsm.registry.actions.members import change_member_status, set_member_availability
    from sipsm.registry.models import Skill

    set_member_availability(
        acting_user=world.regency, member=world.member_a, availability="unavailable"
    )
    change_member_status(
        acting_user=world.regency, member=world.member_b, status="inactive", reason="x"
    )
    counselling = Skill.objects.get(code="counselling")

    assert list(dispatchable().values_list("pk", flat=True)) == [world.member_far.pk]
    assert list(dispatchable(skill_ids=[counselling.pk])) == []


def test_the_database_measures_what_python_measures(world: World) -> None:
    _scatter(world, 40, seed=5)
    fast = nearest_members(lat=0.7, lon=123.1, limit=40, queryset=dispatchable())
    slow = brute_force_nearest(lat=0.7, lon=123.1, limit=40, queryset=dispatchable())
    assert [c.member_id for c in fast] == [c.member_id for c in slow]
    for ours, theirs in zip(fast, slow, strict=True):
        assert ours.distance_km == pytest.approx(theirs.distance_km, abs=1e-9)


def test_a_large_call_out_agrees_with_brute_force(world: World) -> None:
    # Above LARGE_CALLOUT the search starts with the coarse cells; a sparse scatter makes it
    # widen several times and then fall back to reading everyone.
    _scatter(world, 40, seed=9)
    limit = LARGE_CALLOUT + 1
    for lat, lon in [(0.6, 122.9), (-4.0, 120.0)]:
        fast = nearest_members(lat=lat, lon=lon, limit=limit, queryset=dispatchable())
        slow = brute_force_nearest(lat=lat, lon=lon, limit=limit, queryset=dispatchable())
        assert [c.member_id for c in fast] == [c.member_id for c in slow]
        within = nearest_members(
            lat=lat, lon=lon, limit=limit, queryset=dispatchable(), max_radius_km=30
        )
        assert [c.member_id for c in within] == [c.member_id for c in slow if c.distance_km <= 30]
