"""Finding the nearest available PSMs: H3 rings around the incident, then great-circle distance.

Members carry their dispatch point (home, or village when no home point is known) as H3 cells
at resolution 7 (~1.2 km edge) and 5 (~8.5 km edge). We look in growing rings of cells; the
database measures the real distance of the members in the cells and returns only the nearest;
we stop as soon as the `limit` nearest are certain: every member closer than the ring's
guaranteed radius has been seen. A wider ring reads only the cells it adds, and is chosen so
that it is usually the last: when `limit` members were found but not all within the guaranteed
radius, the next ring guarantees the distance of the farthest of them (the true `limit` nearest
cannot be farther); when too few were found, it widens by the density seen so far.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import h3.api.basic_int as h3int
from django.db import connections
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
)

from sipsm.registry.models import Member

EARTH_RADIUS_KM = 6371.0088
LARGE_CALLOUT = 200
# Fine cells near the incident, coarse cells further out: the first ring and the widest ring
# tried at each resolution (a disk of k rings holds 3k(k+1)+1 cells).
FIRST_RING = {7: 2, 5: 4}
MAX_RING = {7: 16, 5: 32}


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


class _Cells:
    """Where the cells of a ring go in the compiled query (see `_RingQuery`)."""


class _InCells(Func):
    """`column` is one of the ring's cells, the cells given as ONE parameter: an array on
    PostgreSQL (`= ANY(%s)`), a JSON array on SQLite (`IN (SELECT value FROM json_each(%s))`).
    The statement is then the same for every ring and compiled once."""

    output_field = BooleanField()

    def __init__(self, column: str, slot: _Cells) -> None:
        super().__init__(F(column))
        self.slot = slot

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column_sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"{column_sql} = ANY(%s)", [*params, self.slot]
        # column_sql is the compiled column reference, never user input.
        return f"{column_sql} IN (SELECT value FROM json_each(%s))", [*params, self.slot]  # noqa: S608


class _RingQuery:
    """ "The `limit` nearest members of `base` in these cells", compiled once per resolution:
    each ring only changes the cells (building the statement costs more than running it)."""

    def __init__(
        self, base: QuerySet[Member], column: str, distance: _DistanceKm, limit: int
    ) -> None:
        slot = _Cells()
        query = _ranked(base.filter(_InCells(column, slot)), distance, limit).query
        self.connection = connections[base.db]
        sql, params = query.sql_with_params()
        self.sql, self.params = sql, list(params)
        self.slot_at = next(i for i, p in enumerate(self.params) if p is slot)

    def nearest(self, cells: list[int]) -> list[Candidate]:
        params = list(self.params)
        postgres = self.connection.vendor == "postgresql"
        params[self.slot_at] = cells if postgres else json.dumps(cells)
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return [Candidate(float(d), int(pk)) for d, pk in cursor.fetchall()]


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
    return [
        Candidate(haversine_km(lat, lon, mlat, mlon), mid)
        for mid, mlat, mlon in rows
        if mlat is not None and mlon is not None
    ]


class _DistanceKm(Func):
    """`haversine_km` from (lat, lon) to the member's dispatch point, computed by the database
    (PostgreSQL, and SQLite 3.35+, have the functions), so that only the nearest rows travel.
    Written as one expression: a tree of ORM functions took longer to compile than to run."""

    output_field = FloatField()

    def __init__(self, lat: float, lon: float) -> None:
        super().__init__(F("dispatch_lat"), F("dispatch_lon"))
        self.p1 = math.radians(lat)
        self.lon = lon

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        lat_sql, lat_params = compiler.compile(self.source_expressions[0])
        lon_sql, lon_params = compiler.compile(self.source_expressions[1])
        smaller = "LEAST" if connection.vendor == "postgresql" else "MIN"
        half_dp = f"SIN((RADIANS({lat_sql}) - %s) / 2.0)"
        half_dl = f"SIN(RADIANS({lon_sql} - %s) / 2.0)"
        a = f"{half_dp} * {half_dp} + %s * COS(RADIANS({lat_sql})) * {half_dl} * {half_dl}"
        sql = f"(%s * ASIN(SQRT({smaller}(1.0, {a}))))"
        params = [
            2 * EARTH_RADIUS_KM,
            *lat_params,
            self.p1,
            *lat_params,
            self.p1,
            math.cos(self.p1),
            *lat_params,
            *lon_params,
            self.lon,
            *lon_params,
            self.lon,
        ]
        return sql, params


def _ranked(queryset: QuerySet[Member], distance: _DistanceKm, limit: int) -> Any:
    """(distance, id) of the `limit` nearest members of `queryset`, nearest first."""
    return (
        queryset.annotate(distance_km=distance)
        .order_by("distance_km", "pk")
        .values_list("distance_km", "pk")[:limit]
    )


def ring_for(resolution: int, radius_km: float) -> int:
    """The smallest k whose `guaranteed_radius_km` reaches `radius_km`."""
    edge = _edge_km(resolution) * 0.7
    return max(1, math.ceil((radius_km / edge + 1.0) / 1.5))


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
    distance = _DistanceKm(lat, lon)

    def answer(best: list[Candidate]) -> list[Candidate]:
        if max_radius_km is None:
            return best
        return [c for c in best if c.distance_km <= max_radius_km]

    # Hundreds of people are rarely within a few kilometres: start with the coarse cells.
    resolutions = (7, 5) if limit <= LARGE_CALLOUT else (5,)
    reach_km = 0.0  # a distance the next disk must guarantee (0: none known yet)
    for resolution in resolutions:
        center = h3int.latlng_to_cell(lat, lon, resolution)
        ring_query = _RingQuery(base, f"dispatch_h3_r{resolution}", distance, limit)
        widest = MAX_RING[resolution]
        if max_radius_km is not None:
            widest = min(widest, ring_for(resolution, max_radius_km))
        k = min(widest, max(FIRST_RING[resolution], ring_for(resolution, reach_km)))
        # The `limit` nearest of the disk read so far.
        best: list[Candidate] = []
        read: set[int] = set()
        while True:
            cells = [cell for cell in h3int.grid_disk(center, k) if cell not in read]
            read.update(cells)
            best = sorted(best + ring_query.nearest(cells))[:limit]
            radius = guaranteed_radius_km(resolution, k)
            if max_radius_km is not None and radius >= max_radius_km:
                return answer(best)
            # Every member within `radius` is in the disk: when the limit-th nearest found is
            # that close, nobody outside can be nearer.
            if len(best) >= limit:
                if best[-1].distance_km <= radius:
                    return best
                reach_km = best[-1].distance_km
                wanted = ring_for(resolution, reach_km)
            else:
                wanted = math.ceil(k * max(2.0, 1.5 * math.sqrt(limit / max(1, len(best)))))
            if k >= widest:
                break
            k = min(widest, max(k + 1, wanted))
    return answer([Candidate(d, pk) for d, pk in _ranked(base, distance, limit)])


def brute_force_nearest(
    *, lat: float, lon: float, limit: int, queryset: QuerySet[Member]
) -> list[Candidate]:
    """Measure every member (the baseline the benchmarks and tests compare against)."""
    rows = queryset.values_list("pk", "dispatch_lat", "dispatch_lon").iterator(chunk_size=5000)
    return sorted(_measure(rows, lat, lon))[:limit]
