"""InaTEWS earthquake feeds (`autogempa`, `gempaterkini`, `gempadirasakan`) and the rule that
turns an earthquake into an incident with affected villages.

Feeds: `{"Infogempa": {"gempa": {...}}}` (autogempa, one event) or `{"Infogempa": {"gempa":
[...]}}` (the two lists of 15). Every value is a string: `DateTime` ISO-8601 UTC,
`Coordinates` "lat,lon", `Magnitude` "5.2", `Kedalaman` "10 km", `Wilayah`, `Potensi`,
`Dirasakan` (MMI text, e.g. "II-III Kab. Lembata"), `Shakemap`. The XML variant of the same
feeds (`<Infogempa><gempa>...`) is read too. When `DateTime` is missing the time comes from
`Tanggal` + `Jam` ("23 Sep 2026", "19:16:56 WIB"); when `Coordinates` is missing, from
`Lintang`/`Bujur` ("8.51 LS", "123.27 BT").

An event is identified by its origin time and epicentre (`DateTime` + coordinates): the same
earthquake appears in all three feeds and is ingested once.

**Affected-area rule.** The felt radius is where the predicted Modified Mercalli Intensity
falls to MMI V ("felt by nearly everyone, some dishes and windows broken"; damage begins at
VI). Intensity comes from the global intensity prediction equation for active crustal regions
of Allen, Wald & Worden (2012, J. Seismology 16:409-433), hypocentral-distance form::

    MMI(M, R) = 2.085 + 1.428 M - 1.402 ln( sqrt(R² + R_M²) ) [+ 0.078 ln(R / 50) if R > 50]
    R_M = -0.209 + 2.042 exp(M - 5),   R = sqrt(epicentral distance² + depth²)  (km)

It is solved for the epicentral distance where MMI = V (bisection; capped at 300 km). The
depth enters through R, so a deep event shakes a smaller area: M 5.0 at 10 km gives about
18 km, M 6.0 at 10 km about 56 km, M 7.0 at 10 km about 165 km, M 5.0 at 100 km nothing.
The equation was fitted on the USGS "Did You Feel It?" and ShakeMap data of shallow crustal
events; it is an estimate that errs towards the felt area, which is what a call-out needs:
a coordinator checks the list before anyone is alerted.

An earthquake becomes an incident when **any** of these holds; otherwise it is recorded as
skipped (audit event `bmkg.skipped`, once per event and reason):

- magnitude ≥ 5.0 (the threshold of BMKG's own `gempaterkini` list; setting
  `SIPSM_BMKG_QUAKE_MIN_MAGNITUDE`) **and** the predicted intensity reaches MMI V somewhere;
- BMKG's felt report (`Dirasakan`) says MMI V or more: the radius is then at least 10 km;
- `Potensi` says the event may cause a tsunami (type "tsunami" instead of "gempa bumi"): the
  radius is then at least 100 km, as the coast far from the epicentre is at risk too.

Affected villages are the village points within the radius of the epicentre. An event with
no loaded village within its radius (far at sea, another country) is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from xml.etree.ElementTree import Element

from sipsm.incidents.bmkg.common import FeedError, parse_time

TEWS_SENDER = "inatews@bmkg.go.id"
SHAKEMAP_BASE = "https://data.bmkg.go.id/DataMKG/TEWS/"
FELT_MMI = 5.0
MAX_RADIUS_KM = 300.0
FELT_MIN_RADIUS_KM = 10.0
TSUNAMI_MIN_RADIUS_KM = 100.0

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "ags": 8,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "des": 12,
    "dec": 12,
}
_ZONES = {"WIB": 7, "WITA": 8, "WIT": 9, "UTC": 0, "GMT": 0}
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_ROMAN = re.compile(r"\b(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\b")
_ROMAN_VALUES = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}
_NO_TSUNAMI = re.compile(r"\btidak\b[^.]*\btsunami|\bno\b[^.]*\btsunami", re.IGNORECASE)


class TewsError(FeedError):
    """The document is not a usable InaTEWS feed."""


@dataclass(frozen=True)
class Quake:
    time: dt.datetime
    lat: float
    lon: float
    magnitude: float
    depth_km: float
    place: str = ""
    potential: str = ""
    felt: str = ""
    shakemap: str = ""
    record: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def identifier(self) -> str:
        """Origin time (UTC) and epicentre: `20260923T121656Z_-8.51_123.27`."""
        utc = self.time.astimezone(dt.UTC)
        return f"{utc:%Y%m%dT%H%M%SZ}_{self.lat:.2f}_{self.lon:.2f}"

    @property
    def sent_text(self) -> str:
        return self.time.astimezone(dt.UTC).isoformat()

    @property
    def key(self) -> str:
        return f"{TEWS_SENDER},{self.identifier},{self.sent_text}"

    @property
    def tsunami_potential(self) -> bool:
        text = self.potential
        return "tsunami" in text.lower() and not _NO_TSUNAMI.search(text)

    @property
    def felt_mmi(self) -> int | None:
        """The highest intensity in BMKG's felt report ("II-III Kab. Lembata" -> 3)."""
        values = [_ROMAN_VALUES[m] for m in _ROMAN.findall(self.felt)]
        return max(values) if values else None

    @property
    def shakemap_url(self) -> str:
        return SHAKEMAP_BASE + self.shakemap if self.shakemap else ""


def predicted_mmi(magnitude: float, epicentral_km: float, depth_km: float) -> float:
    """Allen, Wald & Worden (2012) intensity at a site (see the module docstring)."""
    hypocentral = math.hypot(epicentral_km, max(depth_km, 0.0))
    r_m = -0.209 + 2.042 * math.exp(magnitude - 5.0)
    mmi = 2.085 + 1.428 * magnitude - 1.402 * math.log(math.hypot(hypocentral, r_m) or 1e-3)
    if hypocentral > 50:
        mmi += 0.078 * math.log(hypocentral / 50)
    return mmi


def felt_radius_km(magnitude: float, depth_km: float, *, mmi: float = FELT_MMI) -> float:
    """Epicentral distance (km) within which the predicted intensity is at least `mmi`."""
    if predicted_mmi(magnitude, 0.0, depth_km) < mmi:
        return 0.0
    if predicted_mmi(magnitude, MAX_RADIUS_KM, depth_km) >= mmi:
        return MAX_RADIUS_KM
    low, high = 0.0, MAX_RADIUS_KM
    for _ in range(50):
        middle = (low + high) / 2
        if predicted_mmi(magnitude, middle, depth_km) >= mmi:
            low = middle
        else:
            high = middle
    return round(low, 1)


class Assessment(NamedTuple):
    """What the rule says about one earthquake."""

    qualifies: bool
    radius_km: float
    predicted_mmi: float
    reason: str


def assess(quake: Quake, *, min_magnitude: float, mmi: float = FELT_MMI) -> Assessment:
    radius = felt_radius_km(quake.magnitude, quake.depth_km, mmi=mmi)
    # Shown to one decimal, rounded down so that a value shown as 5.0 is at least 5.
    at_epicentre = math.floor(predicted_mmi(quake.magnitude, 0.0, quake.depth_km) * 10) / 10
    felt = quake.felt_mmi
    strong = quake.magnitude >= min_magnitude and radius > 0
    felt_strongly = felt is not None and felt >= mmi
    if quake.tsunami_potential:
        return Assessment(True, max(radius, TSUNAMI_MIN_RADIUS_KM), at_epicentre, "tsunami")
    if felt_strongly:
        return Assessment(True, max(radius, FELT_MIN_RADIUS_KM), at_epicentre, "felt")
    if strong:
        return Assessment(True, radius, at_epicentre, "magnitude")
    if quake.magnitude < min_magnitude:
        reason = f"magnitude {quake.magnitude} below {min_magnitude}"
    else:
        reason = (
            f"predicted intensity {at_epicentre} below MMI {mmi:g} at {quake.depth_km:g} km depth"
        )
    return Assessment(False, 0.0, at_epicentre, reason)


def _number(text: str, *, what: str) -> float:
    match = _NUMBER.search(text)
    if not match:
        raise TewsError(f"{what}: {text!r} holds no number")
    return float(match.group(0).replace(",", "."))


def _hemisphere(text: str, *, what: str, negative: str, positive: str) -> float:
    value = abs(_number(text, what=what))
    suffix = text.strip().upper().split()[-1] if text.strip() else ""
    if suffix == negative:
        return -value
    if suffix == positive:
        return value
    return _number(text, what=what)


def _time_from_parts(record: dict[str, str], *, what: str) -> dt.datetime:
    date_text, time_text = record.get("Tanggal", ""), record.get("Jam", "")
    date_parts = date_text.replace("-", " ").split()
    time_parts = time_text.split()
    try:
        day, month_name, year = date_parts
        month = _MONTHS[month_name[:3].lower()]
        clock = dt.time.fromisoformat(time_parts[0])
        zone = _ZONES[time_parts[1].upper()] if len(time_parts) > 1 else 7
        return dt.datetime.combine(
            dt.date(int(year), month, int(day)), clock, tzinfo=dt.timezone(dt.timedelta(hours=zone))
        )
    except (ValueError, KeyError, IndexError) as exc:
        raise TewsError(
            f"{what}: no usable DateTime and Tanggal/Jam {date_text!r} {time_text!r}"
        ) from exc


def quake_from_record(record: dict[str, str], *, position: int) -> Quake:
    what = f"gempa #{position}"
    if "DateTime" in record:
        try:
            time = parse_time(record["DateTime"], what=f"{what} DateTime")
        except FeedError as exc:
            raise TewsError(str(exc)) from exc
    else:
        time = _time_from_parts(record, what=what)
    if record.get("Coordinates"):
        parts = record["Coordinates"].split(",")
        if len(parts) != 2:
            raise TewsError(f"{what}: Coordinates {record['Coordinates']!r} is not 'lat,lon'")
        lat = _number(parts[0], what=f"{what} Coordinates")
        lon = _number(parts[1], what=f"{what} Coordinates")
    elif record.get("Lintang") and record.get("Bujur"):
        lat = _hemisphere(record["Lintang"], what=f"{what} Lintang", negative="LS", positive="LU")
        lon = _hemisphere(record["Bujur"], what=f"{what} Bujur", negative="BB", positive="BT")
    else:
        raise TewsError(f"{what}: no Coordinates (or Lintang/Bujur)")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise TewsError(f"{what}: coordinates {lat},{lon} out of range")
    if "Magnitude" not in record:
        raise TewsError(f"{what}: no Magnitude")
    magnitude = _number(record["Magnitude"], what=f"{what} Magnitude")
    if not 0 <= magnitude <= 10:
        raise TewsError(f"{what}: magnitude {magnitude} out of range")
    if "Kedalaman" not in record:
        raise TewsError(f"{what}: no Kedalaman (depth)")
    depth = _number(record["Kedalaman"], what=f"{what} Kedalaman")
    if not 0 <= depth <= 1000:
        raise TewsError(f"{what}: depth {depth} km out of range")
    return Quake(
        time=time,
        lat=lat,
        lon=lon,
        magnitude=magnitude,
        depth_km=depth,
        place=record.get("Wilayah", "").strip(),
        potential=record.get("Potensi", "").strip(),
        felt=record.get("Dirasakan", "").strip(),
        shakemap=record.get("Shakemap", "").strip(),
        record=dict(record),
    )


def _records(gempa: Any) -> list[dict[str, str]]:
    items = gempa if isinstance(gempa, list) else [gempa]
    records: list[dict[str, str]] = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise TewsError(f"gempa #{position} is not an object")
        record: dict[str, str] = {}
        for key, value in item.items():
            if isinstance(value, dict | list):
                continue  # e.g. the XML variant's <point>; the flat fields carry the data
            record[str(key)] = "" if value is None else str(value)
        records.append(record)
    return records


def parse_tews_json(data: bytes | str) -> list[Quake]:
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TewsError(f"not valid JSON (truncated or broken): {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("Infogempa"), dict):
        raise TewsError("not an InaTEWS feed: no Infogempa object")
    gempa = document["Infogempa"].get("gempa")
    if gempa is None:
        raise TewsError("not an InaTEWS feed: Infogempa has no gempa")
    records = _records(gempa)
    return [quake_from_record(r, position=i) for i, r in enumerate(records, start=1)]


def is_tews_xml(root: Element) -> bool:
    return root.tag == "Infogempa"


def parse_tews_xml(root: Element) -> list[Quake]:
    records = []
    for gempa in root.findall("gempa"):
        records.append(
            {child.tag: (child.text or "").strip() for child in gempa if len(child) == 0}
        )
    if not records:
        raise TewsError("not an InaTEWS feed: Infogempa has no gempa")
    return [quake_from_record(r, position=i) for i, r in enumerate(records, start=1)]
