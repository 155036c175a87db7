"""Plane geometry on WGS 84 points, good enough for warning areas of a few hundred km.

Points are `(lat, lon)` in degrees. Point-in-polygon is ray casting on (lon, lat) as plane
coordinates (what CAP producers draw); a point exactly on an edge may fall either way.
Polygons crossing the antimeridian are not supported (Indonesia lies between 94 and 142 E).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180  # 111.195 km on the sphere used here

Point = tuple[float, float]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BBox:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def intersects(self, other: BBox) -> bool:
        return not (
            other.west > self.east
            or other.east < self.west
            or other.south > self.north
            or other.north < self.south
        )

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.south, other.south),
            min(self.west, other.west),
            max(self.north, other.north),
            max(self.east, other.east),
        )

    def grown(self, degrees: float) -> BBox:
        return BBox(
            max(-90.0, self.south - degrees),
            max(-180.0, self.west - degrees),
            min(90.0, self.north + degrees),
            min(180.0, self.east + degrees),
        )

    @property
    def area(self) -> float:
        return (self.north - self.south) * (self.east - self.west)


def bbox_of(points: Iterable[Point]) -> BBox:
    lats, lons = zip(*points, strict=True)
    return BBox(min(lats), min(lons), max(lats), max(lons))


def circle_bbox(lat: float, lon: float, radius_km: float) -> BBox:
    """A box that surely holds every point within `radius_km` of the centre (1% margin)."""
    dlat = 1.01 * radius_km / KM_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 1e-6)
    dlon = min(180.0, 1.01 * radius_km / (KM_PER_DEGREE_LAT * cos_lat))
    return BBox(
        max(-90.0, lat - dlat),
        max(-180.0, lon - dlon),
        min(90.0, lat + dlat),
        min(180.0, lon + dlon),
    )


def point_in_ring(lat: float, lon: float, ring: Sequence[Point]) -> bool:
    """Ray casting (even-odd rule). `ring` is closed or not; both work."""
    inside = False
    count = len(ring)
    j = count - 1
    for i in range(count):
        lat_i, lon_i = ring[i]
        lat_j, lon_j = ring[j]
        if (lon_i > lon) != (lon_j > lon):
            crossing = lat_i + (lon - lon_i) * (lat_j - lat_i) / (lon_j - lon_i)
            if lat < crossing:
                inside = not inside
        j = i
    return inside


def merge_boxes(boxes: Iterable[BBox], *, slack: float = 0.05) -> list[BBox]:
    """Merge boxes that touch (within `slack` degrees) so a query needs few ranges.

    Kecamatan polygons of one warning are neighbours; 150 of them merge into a handful of
    boxes. Merging never loses a point: each result holds all the boxes merged into it.
    """
    pending = sorted(boxes, key=lambda b: (b.west, b.south))
    merged: list[BBox] = []
    for box in pending:
        current = box
        changed = True
        while changed:
            changed = False
            for index, other in enumerate(merged):
                if current.grown(slack).intersects(other):
                    current = current.union(merged.pop(index))
                    changed = True
                    break
        merged.append(current)
    return merged


class PolygonIndex:
    """Many rings, each with its bounding box, bucketed on a coarse grid for fast lookups."""

    def __init__(self, rings: Sequence[Sequence[Point]], *, cell_degrees: float = 0.1) -> None:
        self.rings = [tuple(r) for r in rings]
        self.boxes = [bbox_of(r) for r in self.rings]
        self.cell = cell_degrees
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for index, box in enumerate(self.boxes):
            for row in range(self._key(box.south), self._key(box.north) + 1):
                for col in range(self._key(box.west), self._key(box.east) + 1):
                    self.grid[(row, col)].append(index)

    def _key(self, degrees: float) -> int:
        return math.floor(degrees / self.cell)

    def find(self, lat: float, lon: float) -> int:
        """Index of the first ring holding the point, or -1."""
        for index in self.grid.get((self._key(lat), self._key(lon)), ()):
            if self.boxes[index].contains(lat, lon) and point_in_ring(lat, lon, self.rings[index]):
                return index
        return -1
