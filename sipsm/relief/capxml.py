"""Writing CAP 1.2 (OASIS Common Alerting Protocol) messages about an incident.

The elements follow the order of the CAP 1.2 schema's sequences (domain.md §7.4):

    alert: identifier sender sent status msgType [source] scope [restriction] [addresses]
           code* [note] [references] [incidents] info*
    info:  [language] category+ event responseType* urgency severity certainty [audience]
           eventCode* [effective] [onset] [expires] [senderName] [headline] [description]
           [instruction] [web] [contact] parameter* resource* area*
    area:  areaDesc polygon* circle* geocode* [altitude] [ceiling]

Times are written `YYYY-MM-DDThh:mm:ss±hh:mm` in the local time of the incident's province
(WIB +07:00, WITA +08:00, WIT +09:00); UTC would be `-00:00`, never `Z`.

We hold village points, not boundaries: each affected village becomes one `<area>` with a
circle of `VILLAGE_RADIUS_KM` around its point (when it has one) and its Kemendagri code as a
`<geocode>` (valueName `GEOCODE_NAME`).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings

NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
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
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")

LANGUAGE = "id-ID"
SENDER_NAME = "Ikatan Pekerja Sosial Masyarakat (IPSM)"
GEOCODE_NAME = "KEMENDAGRI"  # Kemendagri region code, dotted (Kepmendagri 300.2.2-2138/2025)
INCIDENT_PARAMETER = "IPSM_KODE_KEJADIAN"
EVENT_CODE_NAME = "SIPSM_JENIS_KEJADIAN"
VILLAGE_RADIUS_KM = 2.0

# CAP category per incident type; types not listed fall back on the incident category.
TYPE_CATEGORY = {
    "banjir": "Met",
    "tanah_longsor": "Geo",
    "gempa_bumi": "Geo",
    "tsunami": "Geo",
    "erupsi_gunung_api": "Geo",
    "kebakaran_hutan_lahan": "Fire",
    "angin_puting_beliung": "Met",
    "kekeringan": "Met",
    "cuaca_ekstrem": "Met",
    "gelombang_pasang_abrasi": "Met",
    "wabah": "Health",
    "konflik_sosial": "Security",
    "kebakaran_permukiman": "Fire",
    "kecelakaan_massal": "Safety",
    "orang_hilang": "Rescue",
}
CATEGORY_FALLBACK = {"natural": "Other", "epidemic": "Health", "social": "Security"}
SEVERITY_OF = {
    "minor": "Minor",
    "moderate": "Moderate",
    "severe": "Severe",
    "extreme": "Extreme",
    "unknown": "Unknown",
}

# Indonesian time zones by province code (Kemendagri): WITA and WIT; the rest is WIB.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def zone_for(region_code: str) -> ZoneInfo:
    province = region_code[:2]
    if province in _WIT:
        return ZoneInfo("Asia/Jayapura")
    if province in _WITA:
        return ZoneInfo("Asia/Makassar")
    return ZoneInfo("Asia/Jakarta")


def cap_datetime(value: dt.datetime, zone: dt.tzinfo) -> str:
    """`2026-09-24T14:05:00+08:00`: seconds, a numeric offset, `-00:00` for UTC."""
    local = value.astimezone(zone).replace(microsecond=0)
    offset = local.strftime("%z") or "+0000"
    sign, hours, minutes = offset[0], offset[1:3], offset[3:5]
    if hours == "00" and minutes == "00":
        sign = "-"
    return f"{local:%Y-%m-%dT%H:%M:%S}{sign}{hours}:{minutes}"


def default_sender() -> str:
    """`SIPSM_CAP_SENDER`, else `sipsm@<host of SIPSM_BASE_URL>` (no spaces, commas, < or &)."""
    configured = getattr(settings, "SIPSM_CAP_SENDER", "")
    if configured:
        return str(configured)
    host = urlsplit(getattr(settings, "SIPSM_BASE_URL", "")).hostname or "localhost"
    return f"sipsm@{host}"


def category_for(type_code: str, incident_category: str) -> str:
    return TYPE_CATEGORY.get(type_code) or CATEGORY_FALLBACK.get(incident_category, "Safety")


def clean(text: str) -> str:
    """Characters XML 1.0 cannot hold are dropped."""
    return _CONTROL.sub("", text or "").strip()


@dataclass(frozen=True)
class CapArea:
    description: str
    lat: float | None = None
    lon: float | None = None
    radius_km: float = VILLAGE_RADIUS_KM
    geocodes: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class CapMessage:
    identifier: str
    sender: str
    sent: dt.datetime
    zone: dt.tzinfo
    status: str
    msg_type: str
    scope: str
    category: str
    event: str
    urgency: str
    severity: str
    certainty: str
    headline: str
    description: str = ""
    instruction: str = ""
    response_type: str = ""
    expires: dt.datetime | None = None
    references: str = ""
    incidents: str = ""
    event_code: tuple[str, str] | None = None
    parameters: Sequence[tuple[str, str]] = ()
    areas: Sequence[CapArea] = field(default_factory=tuple)


class InvalidCap(ValueError):
    """The message would not be valid CAP 1.2."""


def _check(message: CapMessage) -> None:
    enums = [
        (message.status, STATUSES, "status"),
        (message.msg_type, MSG_TYPES, "msgType"),
        (message.scope, SCOPES, "scope"),
        (message.category, CATEGORIES, "category"),
        (message.urgency, URGENCIES, "urgency"),
        (message.severity, SEVERITIES, "severity"),
        (message.certainty, CERTAINTIES, "certainty"),
    ]
    if message.response_type:
        enums.append((message.response_type, RESPONSE_TYPES, "responseType"))
    for value, allowed, name in enums:
        if value not in allowed:
            raise InvalidCap(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    for name, value in (("identifier", message.identifier), ("sender", message.sender)):
        if not value or re.search(r"[\s,<&]", value):
            raise InvalidCap(f"{name} must be non-empty without spaces, commas, < or &")
    if message.scope != "Public":
        raise InvalidCap("only Public alerts are written here")
    if message.msg_type in {"Update", "Cancel"} and not message.references:
        raise InvalidCap("an Update or Cancel references the earlier messages")
    if not clean(message.event):
        raise InvalidCap("event is required")


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = clean(text)
    return element


def _number(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def build_alert(message: CapMessage) -> str:
    """The CAP 1.2 XML document (UTF-8 text, with the XML declaration)."""
    _check(message)
    # Children are unqualified and so inherit the default namespace declared on <alert>.
    alert = ET.Element("alert", {"xmlns": NAMESPACE})
    _sub(alert, "identifier", message.identifier)
    _sub(alert, "sender", message.sender)
    _sub(alert, "sent", cap_datetime(message.sent, message.zone))
    _sub(alert, "status", message.status)
    _sub(alert, "msgType", message.msg_type)
    _sub(alert, "scope", message.scope)
    if message.references:
        _sub(alert, "references", message.references)
    if message.incidents:
        _sub(alert, "incidents", message.incidents)

    info = ET.SubElement(alert, "info")
    _sub(info, "language", LANGUAGE)
    _sub(info, "category", message.category)
    _sub(info, "event", message.event)
    if message.response_type:
        _sub(info, "responseType", message.response_type)
    _sub(info, "urgency", message.urgency)
    _sub(info, "severity", message.severity)
    _sub(info, "certainty", message.certainty)
    if message.event_code is not None:
        code = ET.SubElement(info, "eventCode")
        _sub(code, "valueName", message.event_code[0])
        _sub(code, "value", message.event_code[1])
    if message.expires is not None:
        _sub(info, "expires", cap_datetime(message.expires, message.zone))
    _sub(info, "senderName", SENDER_NAME)
    _sub(info, "headline", message.headline)
    if clean(message.description):
        _sub(info, "description", message.description)
    if clean(message.instruction):
        _sub(info, "instruction", message.instruction)
    for name, value in message.parameters:
        parameter = ET.SubElement(info, "parameter")
        _sub(parameter, "valueName", name)
        _sub(parameter, "value", value)
    for area in message.areas:
        element = ET.SubElement(info, "area")
        _sub(element, "areaDesc", area.description)
        if area.lat is not None and area.lon is not None:
            _sub(
                element,
                "circle",
                f"{_number(area.lat)},{_number(area.lon)} {_number(area.radius_km)}",
            )
        for name, value in area.geocodes:
            geocode = ET.SubElement(element, "geocode")
            _sub(geocode, "valueName", name)
            _sub(geocode, "value", value)
    ET.indent(alert, space="  ")
    body = ET.tostring(alert, encoding="unicode", short_empty_elements=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
