"""Reading OASIS CAP 1.2 alerts (Common Alerting Protocol, ITU-T X.1303).

The whole CAP 1.2 shape is read, not only what BMKG sends today: every `<alert>` field
(`references` as `sender,identifier,sent` triples, `code`, `note`, `incidents`, ...), any number
of `<info>` blocks (one per language or per event), event codes (`OET:v1.2` and older value
names), parameters, resources, and areas with polygons, circles, geocodes, altitude and ceiling.
CAP 1.1 documents (same shape) and documents without a namespace are read the same way.

Parsing uses defusedxml (no entity expansion, no external references) and is namespace-aware.
Elements the parser does not know (extensions, XML signatures) are kept in `extras`; the raw
document is stored on the incident as well.

Validation follows the schema where a wrong value would change the meaning: required alert
fields, the enumerations (matched without regard to case), times with offsets, coordinates in
range. It is lenient where the meaning stays clear: element order, a polygon ring that is not
closed (it is closed), `Z` for UTC. A document that is not well-formed, truncated or invalid
raises `CapError` with the reason; nothing is created from it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from sipsm.incidents.bmkg.common import FeedError, parse_time

CAP_NAMESPACES = {
    "urn:oasis:names:tc:emergency:cap:1.2": "1.2",
    "urn:oasis:names:tc:emergency:cap:1.1": "1.1",
    "": "none",
}

STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")
MSG_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")
SCOPES = ("Public", "Restricted", "Private")
CATEGORIES = (
    "Geo",
    "Met",
    "Safety",
    "Security",
    "Rescue",
    "Fire",
    "Health",
    "Env",
    "Transport",
    "Infra",
    "CBRNE",
    "Other",
)
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
RESPONSE_TYPES = (
    "Shelter",
    "Evacuate",
    "Prepare",
    "Execute",
    "Avoid",
    "Monitor",
    "Assess",
    "AllClear",
    "None",
)
SEVERITY_RANK = {"Unknown": 0, "Minor": 1, "Moderate": 2, "Severe": 3, "Extreme": 4}

# The BMKG identifier is a WMO OID: 2.49.0.1.360.0.YYYY.MM.DD.HH.PP.NNN (360 = Indonesia,
# PP = Kemendagri province code). Only the province is used, as a hint for name matching.
_BMKG_OID = re.compile(r"^2\.49\.0\.1\.360\.0\.\d{4}\.\d{2}\.\d{2}\.\d{2}\.(\d{2})\.\d+$")
_FORBIDDEN_IN_ID = re.compile(r"[\s,<&]")
_PAIR_SPACING = re.compile(r"\s*,\s*")


class CapError(FeedError):
    """The document is not a usable CAP alert."""


@dataclass(frozen=True)
class Reference:
    sender: str
    identifier: str
    sent_text: str
    sent: dt.datetime

    @property
    def key(self) -> str:
        return f"{self.sender},{self.identifier},{self.sent_text}"


@dataclass(frozen=True)
class NamedValue:
    """A `valueName`/`value` pair (eventCode, parameter, geocode)."""

    name: str
    value: str


@dataclass(frozen=True)
class Resource:
    description: str
    mime_type: str
    size: int | None = None
    uri: str = ""
    deref_uri: str = ""
    digest: str = ""


@dataclass(frozen=True)
class Polygon:
    """A closed ring of (lat, lon) points, first == last."""

    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Circle:
    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True)
class Area:
    description: str
    polygons: tuple[Polygon, ...] = ()
    circles: tuple[Circle, ...] = ()
    geocodes: tuple[NamedValue, ...] = ()
    altitude_ft: float | None = None
    ceiling_ft: float | None = None
    extras: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Info:
    language: str
    categories: tuple[str, ...]
    event: str
    urgency: str
    severity: str
    certainty: str
    response_types: tuple[str, ...] = ()
    audience: str = ""
    event_codes: tuple[NamedValue, ...] = ()
    effective: dt.datetime | None = None
    onset: dt.datetime | None = None
    expires: dt.datetime | None = None
    sender_name: str = ""
    headline: str = ""
    description: str = ""
    instruction: str = ""
    web: str = ""
    contact: str = ""
    parameters: tuple[NamedValue, ...] = ()
    resources: tuple[Resource, ...] = ()
    areas: tuple[Area, ...] = ()
    extras: tuple[tuple[str, str], ...] = ()

    @property
    def is_indonesian(self) -> bool:
        # "in" is the withdrawn ISO 639 code for Indonesian, still seen in old systems.
        return self.language.lower().replace("_", "-").split("-")[0] in {"id", "in", "ind"}

    @property
    def oet_codes(self) -> tuple[str, ...]:
        """OASIS Event Terms codes, whatever version the value name carries (OET, OET:v1.2)."""
        return tuple(c.value for c in self.event_codes if c.name.upper().startswith("OET"))


@dataclass(frozen=True)
class Alert:
    version: str
    identifier: str
    sender: str
    sent_text: str
    sent: dt.datetime
    status: str
    msg_type: str
    scope: str
    source: str = ""
    restriction: str = ""
    addresses: str = ""
    codes: tuple[str, ...] = ()
    note: str = ""
    references: tuple[Reference, ...] = ()
    incidents: tuple[str, ...] = ()
    infos: tuple[Info, ...] = ()
    extras: tuple[tuple[str, str], ...] = ()
    raw: str = field(default="", repr=False)

    @property
    def key(self) -> str:
        """The CAP message key, in the form `references` uses."""
        return f"{self.sender},{self.identifier},{self.sent_text}"

    @property
    def primary_info(self) -> Info | None:
        """The Indonesian block if there is one (users read Bahasa Indonesia), else the first."""
        for info in self.infos:
            if info.is_indonesian:
                return info
        return self.infos[0] if self.infos else None

    @property
    def has_indonesian(self) -> bool:
        return any(info.is_indonesian for info in self.infos)

    @property
    def areas(self) -> Iterator[Area]:
        for info in self.infos:
            yield from info.areas

    @property
    def province_hint(self) -> str:
        """The Kemendagri province code carried by a BMKG WMO identifier, or ""."""
        match = _BMKG_OID.match(self.identifier)
        return match.group(1) if match else ""

    @property
    def severity(self) -> str:
        """The highest severity of all blocks (a warning is as serious as its worst part)."""
        values = [info.severity for info in self.infos] or ["Unknown"]
        return max(values, key=lambda s: SEVERITY_RANK.get(s, 0))

    @property
    def expires(self) -> dt.datetime | None:
        """The latest expiry of all blocks; None when a block has none (no end known)."""
        values = [info.expires for info in self.infos]
        if not values or any(v is None for v in values):
            return None
        return max(v for v in values if v is not None)


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _text(element: Element) -> str:
    return (element.text or "").strip()


def _enum(value: str, allowed: tuple[str, ...], *, what: str) -> str:
    for option in allowed:
        if option.lower() == value.lower():
            return option
    raise CapError(f"{what}: {value!r} is not one of {', '.join(allowed)}")


def _float(text: str, *, what: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise CapError(f"{what}: {text!r} is not a number") from exc
    if not math.isfinite(value):
        raise CapError(f"{what}: {text!r} is not a finite number")
    return value


def _point(text: str, *, what: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise CapError(f"{what}: {text!r} is not a 'latitude,longitude' pair")
    try:
        lat = _float(parts[0], what=what)
        lon = _float(parts[1], what=what)
    except CapError as exc:
        raise CapError(f"{what}: {text!r} is not a pair of numbers") from exc
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise CapError(f"{what}: {text!r} is outside WGS 84 latitude/longitude ranges")
    return lat, lon


def parse_polygon(text: str) -> Polygon:
    """`lat,lon lat,lon ...`; the ring is closed if the last point is not the first."""
    normalised = _PAIR_SPACING.sub(",", text.strip())
    points = [_point(pair, what="polygon") for pair in normalised.split()]
    if len(set(points)) < 3:
        raise CapError(f"polygon: needs at least 3 distinct points, got {len(set(points))}")
    if points[0] != points[-1]:
        points.append(points[0])
    return Polygon(points=tuple(points))


def parse_circle(text: str) -> Circle:
    """`lat,lon radius` with the radius in kilometres."""
    normalised = _PAIR_SPACING.sub(",", text.strip())
    parts = normalised.split()
    if len(parts) != 2:
        raise CapError(f"circle: {text!r} is not 'latitude,longitude radius'")
    lat, lon = _point(parts[0], what="circle")
    radius = _float(parts[1], what="circle radius")
    if radius < 0:
        raise CapError(f"circle: negative radius {radius}")
    return Circle(lat=lat, lon=lon, radius_km=radius)


def _identifier(value: str, *, what: str) -> str:
    if not value:
        raise CapError(f"{what} is empty")
    if _FORBIDDEN_IN_ID.search(value):
        raise CapError(f"{what}: {value!r} contains a space, comma, '<' or '&'")
    return value


def parse_references(text: str) -> tuple[Reference, ...]:
    refs = []
    for triple in text.split():
        parts = triple.split(",")
        if len(parts) != 3 or not all(parts):
            raise CapError(f"references: {triple!r} is not 'sender,identifier,sent'")
        sender, identifier, sent_text = parts
        refs.append(
            Reference(
                sender=sender,
                identifier=identifier,
                sent_text=sent_text,
                sent=parse_time(sent_text, what="references sent"),
            )
        )
    return tuple(refs)


class _Reader:
    """Walks one document; `namespace` is the CAP namespace of its root."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def children(self, element: Element) -> Iterator[tuple[str, Element]]:
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                continue
            namespace, name = _local(child.tag)
            yield (name if namespace == self.namespace else f"{{{namespace}}}{name}"), child

    def named_value(self, element: Element, *, what: str) -> NamedValue:
        name = value = ""
        for tag, child in self.children(element):
            if tag == "valueName":
                name = _text(child)
            elif tag == "value":
                value = _text(child)
        if not name and not value:
            raise CapError(f"{what}: empty valueName/value")
        return NamedValue(name=name, value=value)

    def area(self, element: Element) -> Area:
        description = ""
        polygons: list[Polygon] = []
        circles: list[Circle] = []
        geocodes: list[NamedValue] = []
        altitude = ceiling = None
        extras: list[tuple[str, str]] = []
        for tag, child in self.children(element):
            if tag == "areaDesc":
                description = _text(child)
            elif tag == "polygon":
                polygons.append(parse_polygon(_text(child)))
            elif tag == "circle":
                circles.append(parse_circle(_text(child)))
            elif tag == "geocode":
                geocodes.append(self.named_value(child, what="geocode"))
            elif tag == "altitude":
                altitude = _float(_text(child), what="altitude")
            elif tag == "ceiling":
                ceiling = _float(_text(child), what="ceiling")
            else:
                extras.append((tag, _text(child)))
        return Area(
            description=description,
            polygons=tuple(polygons),
            circles=tuple(circles),
            geocodes=tuple(geocodes),
            altitude_ft=altitude,
            ceiling_ft=ceiling,
            extras=tuple(extras),
        )

    def resource(self, element: Element) -> Resource:
        values: dict[str, str] = {}
        for tag, child in self.children(element):
            values[tag] = _text(child)
        if "resourceDesc" not in values or "mimeType" not in values:
            raise CapError("resource: resourceDesc and mimeType are required")
        size_text = values.get("size", "")
        try:
            size = int(size_text) if size_text else None
        except ValueError as exc:
            raise CapError(f"resource size: {size_text!r} is not a whole number") from exc
        return Resource(
            description=values["resourceDesc"],
            mime_type=values["mimeType"],
            size=size,
            uri=values.get("uri", ""),
            deref_uri=values.get("derefUri", ""),
            digest=values.get("digest", ""),
        )

    def info(self, element: Element, position: int) -> Info:
        what = f"info #{position}"
        single: dict[str, str] = {}
        categories: list[str] = []
        responses: list[str] = []
        event_codes: list[NamedValue] = []
        parameters: list[NamedValue] = []
        resources: list[Resource] = []
        areas: list[Area] = []
        extras: list[tuple[str, str]] = []
        for tag, child in self.children(element):
            if tag == "category":
                categories.append(_enum(_text(child), CATEGORIES, what=f"{what} category"))
            elif tag == "responseType":
                responses.append(_enum(_text(child), RESPONSE_TYPES, what=f"{what} responseType"))
            elif tag == "eventCode":
                event_codes.append(self.named_value(child, what=f"{what} eventCode"))
            elif tag == "parameter":
                parameters.append(self.named_value(child, what=f"{what} parameter"))
            elif tag == "resource":
                resources.append(self.resource(child))
            elif tag == "area":
                areas.append(self.area(child))
            elif tag in {
                "language",
                "event",
                "urgency",
                "severity",
                "certainty",
                "audience",
                "effective",
                "onset",
                "expires",
                "senderName",
                "headline",
                "description",
                "instruction",
                "web",
                "contact",
            }:
                single[tag] = _text(child)
            else:
                extras.append((tag, _text(child)))
        for required in ("event", "urgency", "severity", "certainty"):
            if not single.get(required):
                raise CapError(f"{what}: <{required}> is required")
        if not categories:
            raise CapError(f"{what}: at least one <category> is required")
        times = {
            name: parse_time(single[name], what=f"{what} {name}") if single.get(name) else None
            for name in ("effective", "onset", "expires")
        }
        return Info(
            language=single.get("language") or "en-US",
            categories=tuple(categories),
            event=single["event"],
            urgency=_enum(single["urgency"], URGENCIES, what=f"{what} urgency"),
            severity=_enum(single["severity"], SEVERITIES, what=f"{what} severity"),
            certainty=_certainty(single["certainty"], what=what),
            response_types=tuple(responses),
            audience=single.get("audience", ""),
            event_codes=tuple(event_codes),
            effective=times["effective"],
            onset=times["onset"],
            expires=times["expires"],
            sender_name=single.get("senderName", ""),
            headline=single.get("headline", ""),
            description=single.get("description", ""),
            instruction=single.get("instruction", ""),
            web=single.get("web", ""),
            contact=single.get("contact", ""),
            parameters=tuple(parameters),
            resources=tuple(resources),
            areas=tuple(areas),
            extras=tuple(extras),
        )


def _certainty(value: str, *, what: str) -> str:
    # CAP 1.0 had "Very Likely"; CAP 1.1+ folds it into "Likely".
    if value.lower().replace(" ", "") == "verylikely":
        return "Likely"
    return _enum(value, CERTAINTIES, what=f"{what} certainty")


def parse_root(data: bytes | str) -> Element:
    """The root element of an XML document, parsed safely; `FeedError` when not well-formed."""
    try:
        root: Element = SafeET.fromstring(data)
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise FeedError(
            f"not well-formed XML (truncated or broken) at line {line}, column {column}: {exc}"
        ) from exc
    except DefusedXmlException as exc:
        raise FeedError(f"refused XML construct: {exc}") from exc
    return root


def is_cap(root: Element) -> bool:
    namespace, name = _local(root.tag)
    return name == "alert" and namespace in CAP_NAMESPACES


def parse_cap(data: bytes | str) -> Alert:
    """Parse and validate one CAP alert document."""
    root = parse_root(data)
    raw = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return alert_from_root(root, raw=raw)


def alert_from_root(root: Element, *, raw: str = "") -> Alert:
    namespace, name = _local(root.tag)
    if name != "alert" or namespace not in CAP_NAMESPACES:
        raise CapError(f"not a CAP alert: root element is {root.tag!r}")
    reader = _Reader(namespace)
    single: dict[str, str] = {}
    codes: list[str] = []
    infos: list[Info] = []
    extras: list[tuple[str, str]] = []
    for tag, child in reader.children(root):
        if tag == "info":
            infos.append(reader.info(child, len(infos) + 1))
        elif tag == "code":
            codes.append(_text(child))
        elif tag in {
            "identifier",
            "sender",
            "sent",
            "status",
            "msgType",
            "source",
            "scope",
            "restriction",
            "addresses",
            "note",
            "references",
            "incidents",
        }:
            single[tag] = _text(child)
        else:
            extras.append((tag, _text(child)))
    for required in ("identifier", "sender", "sent", "status", "msgType", "scope"):
        if not single.get(required):
            raise CapError(f"alert: <{required}> is required")
    return Alert(
        version=CAP_NAMESPACES[namespace],
        identifier=_identifier(single["identifier"], what="identifier"),
        sender=_identifier(single["sender"], what="sender"),
        sent_text=single["sent"],
        sent=parse_time(single["sent"], what="sent"),
        status=_enum(single["status"], STATUSES, what="status"),
        msg_type=_enum(single["msgType"], MSG_TYPES, what="msgType"),
        scope=_enum(single["scope"], SCOPES, what="scope"),
        source=single.get("source", ""),
        restriction=single.get("restriction", ""),
        addresses=single.get("addresses", ""),
        codes=tuple(codes),
        note=single.get("note", ""),
        references=parse_references(single.get("references", "")),
        incidents=tuple(single.get("incidents", "").split()),
        infos=tuple(infos),
        extras=tuple(extras),
        raw=raw,
    )
