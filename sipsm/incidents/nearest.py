"""Finding the nearest available PSMs: H3 rings around the incident, then great-circle distance.

Members carry their dispatch point (home, or village when no home point is known) as H3 cells
at resolution 7 (~1.2 km edge) and 5 (~8.5 km edge). We look in growing rings of cells, measure
the real distance of the members found, and stop as soon as the `limit` nearest are certain:
every member closer than the ring's guaranteed radius has been seen. Each wider ring reads only
the cells it adds to the previous one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

import h3.api.basic_int as h3int
from django.db.models import Exists, OuterRef, QuerySet

from sipsm.registry.models import Member

EARTH_RADIUS_KM = 6371.0088
LARGE_CALLOUT = 200
# (resolution, ring sizes to try): fine cells near the incident, coarse cells further out.
STEPS: tuple[tuple[int, tuple[int, ...]], ...] = ((7, (2, 4, 8, 16)), (5, (4, 8, 16, 32)))


class Candidate(NamedTuple):
    """A member and its distance; sorts nearest first (ties by member id)."""

    distance_km: float
    member_id: int


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=16)
def _edge_km(resolution: int) -> float:
    return float(h3int.average_hexagon_edge_length(resolution, unit="km"))


def guaranteed_radius_km(resolution: int, k: int) -> float:
    """A distance within which every point lies inside the k-ring around the query's cell.

    Cells are hexagons of varying size; we take 70% of the average edge to stay on the safe side
    and subtract one edge because the query point need not be at its cell's centre.
    """
    edge = _edge_km(resolution) * 0.7
    return max(0.0, (1.5 * k - 1.0) * edge)


def dispatchable(
    *,
    skill_ids: Sequence[int] = (),
    exclude_member_ids: Iterable[int] = (),
) -> QuerySet[Member]:
    """Active, available members with a dispatch point, the skills asked for, not engaged."""
    from sipsm.incidents.models import Assignment
    from sipsm.registry.models import Member as MemberModel

    queryset = MemberModel.objects.filter(
        status=MemberModel.Status.ACTIVE,
        availability=MemberModel.Availability.AVAILABLE,
        dispatch_lat__isnull=False,
    )
    if skill_ids:
        through = MemberModel.skills.through
        queryset = queryset.filter(
            Exists(through.objects.filter(member_id=OuterRef("pk"), skill_id__in=list(skill_ids)))
        )
    engaged = Assignment.objects.engaged().filter(member_id=OuterRef("pk"))
    queryset = queryset.filter(~Exists(engaged))
    excluded = list(exclude_member_ids)
    if excluded:
        queryset = queryset.exclude(pk__in=excluded)
    return queryset


def _measure(
    rows: Iterable[tuple[int, float | None, float | None]], lat: float, lon: float
) -> list[Candidate]:
    """`haversine_km` from (lat, lon) to each row, with the query point's terms computed once
    (a large call-out measures tens of thousands of members)."""
    p1 = math.radians(lat)
    cos_p1 = math.cos(p1)
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    diameter = 2 * EARTH_RADIUS_KM
    found = []
    for mid, mlat, mlon in rows:
        if mlat is None or mlon is None:
            continue
        p2 = radians(mlat)
        a = sin((p2 - p1) / 2) ** 2 + cos_p1 * cos(p2) * sin(radians(mlon - lon) / 2) ** 2
        found.append(Candidate(diameter * asin(min(1.0, sqrt(a))), mid))
    return found


def nearest_members(
    *,
    lat: float,
    lon: float,
    limit: int,
    queryset: QuerySet[Member] | None = None,
    max_radius_km: float | None = None,
) -> list[Candidate]:
    """The `limit` nearest members of `queryset` (default: all dispatchable), nearest first."""
    base = (queryset if queryset is not None else dispatchable()).order_by()
    fields = ("pk", "dispatch_lat", "dispatch_lon")
    # Hundreds of people are rarely within a few kilometres: start with the coarse cells.
    steps = STEPS if limit <= LARGE_CALLOUT else STEPS[1:]
    for resolution, rings in steps:
        center = h3int.latlng_to_cell(lat, lon, resolution)
        column = f"dispatch_h3_r{resolution}__in"
        found: list[Candidate] = []
        read: set[int] = set()
        for k in rings:
            # Only the cells this ring adds: the inner disk's members are already measured.
            cells = [cell for cell in h3int.grid_disk(center, k) if cell not in read]
            read.update(cells)
            found += _measure(base.filter(**{column: cells}).values_list(*fields), lat, lon)
            radius = guaranteed_radius_km(resolution, k)
            if max_radius_km is not None and radius >= max_radius_km:
                return sorted(c for c in found if c.distance_km <= max_radius_km)[:limit]
            certain = sorted(c for c in found if c.distance_km <= radius)
            if len(certain) >= limit:
                return certain[:limit]
    everyone = _measure(base.values_list(*fields).iterator(chunk_size=5000), lat, lon)
    if max_radius_km is not None:
        everyone = [c for c in everyone if c.distance_km <= max_radius_km]
    return sorted(everyone)[:limit]


def brute_force_nearest(
    *, lat: float, lon: float, limit: int, queryset: QuerySet[Member]
) -> list[Candidate]:
    """Measure every member (the baseline the benchmarks and tests compare against)."""
    rows = queryset.values_list("pk", "dispatch_lat", "dispatch_lon").iterator(chunk_size=5000)
    return sorted(_measure(rows, lat, lon))[:limit]
