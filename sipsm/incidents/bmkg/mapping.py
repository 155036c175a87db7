"""Which villages a CAP alert covers.

Rules, in order of trust (a village found by an earlier rule keeps that source):

1. **Polygons** — a village whose point (`Region.lat/lon`, level 4) lies inside any polygon.
   One SQL query fetches the village points inside the polygons' bounding boxes (neighbouring
   boxes merged first, so a 150-polygon warning needs a handful of ranges); ray casting in
   Python, with the rings bucketed on a 0.1° grid, decides each point.
2. **Circles** — village points within the radius (haversine), with the same bounding-box
   prefilter in SQL.
3. **Geocodes** — Kemendagri codes: value names ADM1–ADM4, "kemendagri", "kode wilayah" (any
   case), or any value that looks like a dotted or undotted Kemendagri code under a value name
   that is not a known other scheme (SAME, FIPS, UGC, EMMA_ID, NUTS, ISO 3166, BPS ...). A
   province, regency or district code stands for all its villages. BPS-looking village codes
   are ignored (BPS numbering differs below the province).
4. **District names** — only when rules 1–3 found nothing (e.g. polygons but no village
   points, or a text-only warning). BMKG writes the kecamatan in upper case after "khususnya
   di" ("particularly in"); each name is matched by its search key against districts (then
   regencies) of the province given by the identifier's PP field, the area description or the
   polygons' bounding box. Without any province hint a name counts only if it is unique in
   the country (291 district names occur more than once).

H3 is not used here: `Region.h3_cell` holds resolution-9 cells, and covering a kecamatan
polygon at that resolution takes thousands of cells, while the lat/lon box scan takes a few
milliseconds on the whole country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from sipsm.incidents.bmkg.cap import Alert, Area, NamedValue
from sipsm.incidents.bmkg.geo import (
    BBox,
    PolygonIndex,
    bbox_of,
    circle_bbox,
    haversine_km,
    merge_boxes,
)
from sipsm.incidents.models import IncidentArea
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.regions.text import search_key

SRC = IncidentArea.Source
_BOXES_PER_QUERY = 50
_CODES_PER_QUERY = 900

_KEMENDAGRI_NAMES = {
    "adm",
    "adm1",
    "adm2",
    "adm3",
    "adm4",
    "kemendagri",
    "kodekemendagri",
    "kodewilayah",
    "kdwilayah",
    "kodewil",
    "wilayah",
    "kodedagri",
}
_OTHER_SCHEMES = ("same", "fips", "ugc", "emma", "nuts", "iso3166", "bps", "kodebps", "postal")
_DOTTED_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_UNDOTTED_CODE = re.compile(r"^(\d{2}|\d{4}|\d{6}|\d{10})$")

_LIST_INTRO = re.compile(
    r"\b(?:khususnya|terutama|meliputi|particularly|especially|specifically|including)"
    r"(?:\s+(?:di|in|at))?(?:\s+(?:wilayah|kecamatan|areas?\s+of|the\s+areas?\s+of))?\s*:?\s*",
    re.IGNORECASE,
)
_LIST_END = re.compile(r"\.(?:\s|$)|\n")
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+(?:dan|and|serta)\s+", re.IGNORECASE)
_UPPER_RUN = re.compile(r"\b[A-Z][A-Z'’\-]{2,}(?:\s+[A-Z][A-Z'’\-]*)*\b")
_NOT_PLACES = {"wib", "wita", "wit", "utc", "bmkg", "gmt", "lt"}
_NAME_PREFIXES = ("kecamatan ", "kec ", "distrik ", "kabupaten ", "kab ")


@dataclass
class AreaMapping:
    """Affected villages by code with the rule that found each, and what did not match."""

    villages: dict[str, str] = field(default_factory=dict)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)
    matched_names: list[str] = field(default_factory=list)
    unmatched_names: list[str] = field(default_factory=list)
    unknown_geocodes: list[str] = field(default_factory=list)
    provinces: set[str] = field(default_factory=set)

    def add(self, found: dict[str, tuple[float, float] | None], source: str) -> None:
        for code, point in found.items():
            self.villages.setdefault(code, source)
            if point is not None:
                self.points.setdefault(code, point)

    def by_source(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for code, source in sorted(self.villages.items()):
            result.setdefault(source, []).append(code)
        return result


def _box_query(boxes: Sequence[BBox]) -> Q:
    query = Q()
    for box in boxes:
        query |= Q(lat__gte=box.south, lat__lte=box.north, lon__gte=box.west, lon__lte=box.east)
    return query


def village_points_in(boxes: Sequence[BBox]) -> list[tuple[str, float, float]]:
    """(code, lat, lon) of every village whose point lies in one of the boxes."""
    merged = merge_boxes(boxes)
    rows: dict[str, tuple[str, float, float]] = {}
    for start in range(0, len(merged), _BOXES_PER_QUERY):
        chunk = merged[start : start + _BOXES_PER_QUERY]
        for code, lat, lon in Region.objects.filter(
            _box_query(chunk), level=Region.Level.VILLAGE
        ).values_list("code", "lat", "lon"):
            if lat is not None and lon is not None:
                rows[code] = (code, lat, lon)
    return list(rows.values())


def villages_in_polygons(
    rings: Sequence[Sequence[tuple[float, float]]],
) -> dict[str, tuple[float, float]]:
    if not rings:
        return {}
    index = PolygonIndex(rings)
    found: dict[str, tuple[float, float]] = {}
    for code, lat, lon in village_points_in(index.boxes):
        if index.find(lat, lon) >= 0:
            found[code] = (lat, lon)
    return found


def villages_in_circles(
    circles: Sequence[tuple[float, float, float]],
) -> dict[str, tuple[float, float]]:
    """Villages within any (lat, lon, radius_km) circle."""
    circles = [c for c in circles if c[2] > 0]
    if not circles:
        return {}
    boxes = [circle_bbox(lat, lon, radius) for lat, lon, radius in circles]
    found: dict[str, tuple[float, float]] = {}
    for code, lat, lon in village_points_in(boxes):
        for c_lat, c_lon, radius in circles:
            if haversine_km(lat, lon, c_lat, c_lon) <= radius:
                found[code] = (lat, lon)
                break
    return found


def _scheme(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def kemendagri_code(geocode: NamedValue) -> str | None:
    """The dotted Kemendagri code a geocode names, or None if it is another scheme."""
    scheme = _scheme(geocode.name)
    value = geocode.value.strip()
    if scheme not in _KEMENDAGRI_NAMES:
        if scheme.startswith(_OTHER_SCHEMES):
            return None
        if not (_DOTTED_CODE.match(value) or _UNDOTTED_CODE.match(value)):
            return None
    try:
        code = codes.normalize(value)
    except codes.InvalidRegionCode:
        return None
    if codes.looks_like_bps_village(code):
        return None
    return code


def villages_for_codes(region_codes: Iterable[str]) -> dict[str, tuple[float, float] | None]:
    """Villages equal to or below the given region codes (province, regency, district)."""
    wanted = sorted(set(region_codes))
    found: dict[str, tuple[float, float] | None] = {}
    villages = [c for c in wanted if codes.level_of(c) is codes.Level.VILLAGE]
    higher = [c for c in wanted if codes.level_of(c) is not codes.Level.VILLAGE]
    for start in range(0, len(villages), _CODES_PER_QUERY):
        chunk = villages[start : start + _CODES_PER_QUERY]
        for code, lat, lon in Region.objects.filter(
            code__in=chunk, level=Region.Level.VILLAGE
        ).values_list("code", "lat", "lon"):
            found[code] = (lat, lon) if lat is not None and lon is not None else None
    for start in range(0, len(higher), _BOXES_PER_QUERY):
        query = Q()
        for code in higher[start : start + _BOXES_PER_QUERY]:
            query |= Q(code__startswith=code + ".")
        for code, lat, lon in Region.objects.filter(query, level=Region.Level.VILLAGE).values_list(
            "code", "lat", "lon"
        ):
            found[code] = (lat, lon) if lat is not None and lon is not None else None
    return found


def names_in_text(text: str) -> list[str]:
    """The place names a BMKG description lists ("... khususnya di DENGILO, MANANGGU.")."""
    names: list[str] = []
    for match in _LIST_INTRO.finditer(text):
        rest = text[match.end() :]
        end = _LIST_END.search(rest)
        segment = rest[: end.start()] if end else rest
        names.extend(n.strip(" .;:") for n in _LIST_SPLIT.split(segment))
    if not names:
        names = _UPPER_RUN.findall(text)
    result: list[str] = []
    for name in names:
        key = search_key(name)
        if key and key not in _NOT_PLACES and not key.isdigit() and name not in result:
            result.append(name)
    return result


def _candidate_keys(name: str) -> list[str]:
    key = search_key(name)
    keys = [key]
    for prefix in _NAME_PREFIXES:
        if key.startswith(prefix):
            keys.append(key.removeprefix(prefix))
    return keys


def districts_named(
    names: Sequence[str], provinces: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """(district or regency codes matched, names matched, names not matched)."""
    keys_by_name = {name: _candidate_keys(name) for name in names}
    all_keys = {k for keys in keys_by_name.values() for k in keys}
    regency_keys = {f"kabupaten {k}" for k in all_keys} | {f"kota {k}" for k in all_keys}
    rows = list(
        Region.objects.filter(
            Q(level=Region.Level.DISTRICT, name_key__in=all_keys)
            | Q(level=Region.Level.REGENCY, name_key__in=all_keys | regency_keys)
        ).values_list("code", "level", "name_key")
    )
    matched_codes: list[str] = []
    matched: list[str] = []
    unmatched: list[str] = []
    for name, keys in keys_by_name.items():
        hit: list[str] = []
        for level in (Region.Level.DISTRICT, Region.Level.REGENCY):
            wanted = set(keys)
            if level == Region.Level.REGENCY:
                wanted |= {f"kabupaten {k}" for k in keys} | {f"kota {k}" for k in keys}
            candidates = [c for c, lvl, key in rows if lvl == level and key in wanted]
            if provinces:
                candidates = [c for c in candidates if c[:2] in provinces]
            elif len(candidates) > 1:
                candidates = []
            if candidates:
                hit = candidates
                break
        if hit:
            matched_codes.extend(hit)
            matched.append(name)
        else:
            unmatched.append(name)
    return matched_codes, matched, unmatched


def _province_hints(alert: Alert, areas: Sequence[Area], boxes: Sequence[BBox]) -> set[str]:
    hints: set[str] = set()
    if alert.province_hint:
        hints.add(alert.province_hint)
    descriptions = {search_key(a.description) for a in areas if a.description}
    if descriptions:
        hints.update(
            Region.objects.filter(
                level=Region.Level.PROVINCE, name_key__in=descriptions
            ).values_list("code", flat=True)
        )
    if not hints and boxes:
        merged = merge_boxes([b.grown(0.1) for b in boxes])
        hints.update(
            code[:2]
            for code in Region.objects.filter(
                _box_query(merged), level=Region.Level.DISTRICT
            ).values_list("code", flat=True)
        )
    return hints


def map_alert(alert: Alert) -> AreaMapping:
    """Every village the alert's areas cover (all `<info>` blocks), by rule."""
    areas = list(alert.areas)
    mapping = AreaMapping()
    rings = [p.points for a in areas for p in a.polygons]
    circles = [(c.lat, c.lon, c.radius_km) for a in areas for c in a.circles]
    mapping.add(dict(villages_in_polygons(rings)), SRC.CAP_POLYGON)
    mapping.add(dict(villages_in_circles(circles)), SRC.CAP_CIRCLE)

    geocoded: list[str] = []
    for area in areas:
        for geocode in area.geocodes:
            code = kemendagri_code(geocode)
            if code is None:
                continue
            geocoded.append(code)
    if geocoded:
        found = villages_for_codes(geocoded)
        mapping.add(found, SRC.CAP_GEOCODE)
        known = set(
            Region.objects.filter(code__in=sorted(set(geocoded))).values_list("code", flat=True)
        )
        mapping.unknown_geocodes = sorted(set(geocoded) - known)

    if not mapping.villages:
        text = "\n".join(i.description for i in alert.infos if i.description)
        names = names_in_text(text)
        if names:
            boxes = [bbox_of(r) for r in rings] + [circle_bbox(*c) for c in circles]
            provinces = _province_hints(alert, areas, boxes)
            district_codes, matched, unmatched = districts_named(names, provinces)
            mapping.matched_names, mapping.unmatched_names = matched, unmatched
            mapping.add(villages_for_codes(district_codes), SRC.CAP_NAME)
    mapping.provinces = {code[:2] for code in mapping.villages}
    return mapping
