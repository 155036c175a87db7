"""Geometry and the mapping of CAP areas to villages: polygons, circles, geocodes, names."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from sipsm.incidents.bmkg.cap import NamedValue, parse_cap
from sipsm.incidents.bmkg.geo import (
    BBox,
    PolygonIndex,
    circle_bbox,
    haversine_km,
    merge_boxes,
    point_in_ring,
)
from sipsm.incidents.bmkg.mapping import (
    districts_named,
    kemendagri_code,
    names_in_text,
    villages_in_polygons,
)
from sipsm.regions.models import Region

SAMPLES = Path(__file__).resolve().parent / "bmkg_samples"
SQUARE = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]
# A "U" open to the north: the notch between lon 0.4 and 0.6 above lat 0.3 is outside.
U_SHAPE = [(0, 0), (0, 1), (1, 1), (1, 0.6), (0.3, 0.6), (0.3, 0.4), (1, 0.4), (1, 0), (0, 0)]


def test_it_tells_points_inside_a_ring() -> None:
    assert point_in_ring(0.5, 0.5, SQUARE)
    assert not point_in_ring(1.5, 0.5, SQUARE)
    assert not point_in_ring(0.5, -0.1, SQUARE)
    assert point_in_ring(0.5, 0.2, U_SHAPE)
    assert point_in_ring(0.2, 0.5, U_SHAPE)
    assert not point_in_ring(0.5, 0.5, U_SHAPE)  # in the notch
    assert point_in_ring(0.5, 0.5, SQUARE[:-1])  # an open ring works the same


def test_it_finds_the_same_rings_with_the_index_as_by_checking_every_ring() -> None:
    rng = random.Random(7)
    rings = []
    for _ in range(60):
        lat, lon = rng.uniform(-5, 5), rng.uniform(100, 110)
        points = []
        for step in range(12):
            angle = 2 * math.pi * step / 12
            radius = rng.uniform(0.05, 0.4)
            points.append((lat + radius * math.sin(angle), lon + radius * math.cos(angle)))
        rings.append([*points, points[0]])
    index = PolygonIndex(rings)

    for _ in range(3000):
        lat, lon = rng.uniform(-5.5, 5.5), rng.uniform(99.5, 110.5)
        expected = any(point_in_ring(lat, lon, ring) for ring in rings)
        assert (index.find(lat, lon) >= 0) == expected


def test_it_merges_touching_boxes_and_keeps_distant_ones_apart() -> None:
    boxes = [BBox(0, 0, 1, 1), BBox(0.5, 1.02, 1.5, 2), BBox(10, 10, 11, 11)]

    merged = merge_boxes(boxes)

    assert sorted(merged, key=lambda b: b.south) == [BBox(0, 0, 1.5, 2), BBox(10, 10, 11, 11)]


def test_it_measures_distances_and_bounds_circles() -> None:
    assert haversine_km(0, 100, 1, 100) == pytest.approx(111.195, abs=0.001)
    assert haversine_km(5.545, 95.319, 5.540095, 95.310681) == pytest.approx(1.07, abs=0.005)
    box = circle_bbox(-6.2, 106.8, 25.0)
    for bearing in range(0, 360, 15):
        # A point 25 km away in every direction lies in the box.
        d = 25.0 / 6371.0088
        lat1, lon1, b = math.radians(-6.2), math.radians(106.8), math.radians(bearing)
        lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(b))
        lon2 = lon1 + math.atan2(
            math.sin(b) * math.sin(d) * math.cos(lat1),
            math.cos(d) - math.sin(lat1) * math.sin(lat2),
        )
        assert box.contains(math.degrees(lat2), math.degrees(lon2))


def test_it_finds_the_kecamatan_named_in_bmkg_descriptions() -> None:
    indonesian = parse_cap((SAMPLES / "bmkg-nowcast-cap-id-CGT20260924002.xml").read_bytes())
    english = parse_cap((SAMPLES / "synthetic-cap-en-CGT20260924002.xml").read_bytes())

    assert names_in_text(indonesian.infos[0].description) == ["DENGILO", "MANANGGU"]
    assert names_in_text(english.infos[0].description) == ["DENGILO", "MANANGGU"]
    assert names_in_text("Waspada di KOTA JANTHO, PINING dan TANOH ALAS pukul 14:04 WIB") == [
        "KOTA JANTHO",
        "PINING",
        "TANOH ALAS",
    ]


@pytest.mark.parametrize(
    ("geocode", "code"),
    [
        (NamedValue("ADM4", "7501012001"), "75.01.01.2001"),
        (NamedValue("adm3", "75.01.01"), "75.01.01"),
        (NamedValue("Kode Wilayah", "7501"), "75.01"),
        (NamedValue("profile:kemendagri", "75"), "75"),  # anything code-like, unknown scheme
        (NamedValue("SAME", "750101"), None),
        (NamedValue("EMMA_ID", "IDN-75"), None),
        (NamedValue("BPS", "7501010001"), None),
        (NamedValue("ADM4", "7501010001"), None),  # BPS-style village block
        (NamedValue("ADM4", "not a code"), None),
        (NamedValue("zone", "12"), "12"),
    ],
)
def test_it_reads_kemendagri_geocodes_and_ignores_other_schemes(
    geocode: NamedValue, code: str | None
) -> None:
    assert kemendagri_code(geocode) == code


@pytest.mark.django_db
def test_it_matches_district_names_within_the_province_or_only_when_unique() -> None:
    # "Kuala" is a kecamatan twice in Aceh; "Dengilo" once in the country.
    assert districts_named(["KUALA", "DENGILO"], set()) == (
        ["75.04.08"],
        ["DENGILO"],
        ["KUALA"],
    )
    codes, matched, unmatched = districts_named(["KUALA", "DENGILO", "NOWHERE"], {"11"})
    assert sorted(codes) == sorted(
        Region.objects.filter(level=3, name="Kuala", code__startswith="11.").values_list(
            "code", flat=True
        )
    )
    assert len(codes) == 2
    assert (matched, unmatched) == (["KUALA"], ["DENGILO", "NOWHERE"])


@pytest.mark.django_db
def test_it_maps_polygons_like_a_scan_of_every_village() -> None:
    alert = parse_cap((SAMPLES / "bmkg-nowcast-cap-id-CGT20260924002.xml").read_bytes())
    rings = [p.points for a in alert.areas for p in a.polygons]

    found = villages_in_polygons(rings)

    scan = {
        r.code
        for r in Region.objects.filter(level=4, lat__isnull=False)
        if any(point_in_ring(r.lat, r.lon, ring) for ring in rings)  # type: ignore[arg-type]
    }
    assert set(found) == scan
    assert len(scan) == 15
