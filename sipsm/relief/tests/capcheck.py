"""A structural validator for CAP 1.2 documents, written from the OASIS CAP 1.2 standard
(the XML schema's sequences, cardinalities, enumerations and the dateTime pattern, plus the
standard's text rules for identifiers, references, polygons and circles).

The official XSD checks the schema (test_cap.py validates against it with lxml); this adds the
standard's text rules the XSD cannot express. It returns a list of problems (empty when valid).
"""

from __future__ import annotations

import datetime as dt
import re
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

NS = "urn:oasis:names:tc:emergency:cap:1.2"
UNBOUNDED = None

ALERT = [
    ("identifier", 1, 1),
    ("sender", 1, 1),
    ("sent", 1, 1),
    ("status", 1, 1),
    ("msgType", 1, 1),
    ("source", 0, 1),
    ("scope", 1, 1),
    ("restriction", 0, 1),
    ("addresses", 0, 1),
    ("code", 0, UNBOUNDED),
    ("note", 0, 1),
    ("references", 0, 1),
    ("incidents", 0, 1),
    ("info", 0, UNBOUNDED),
]
INFO = [
    ("language", 0, 1),
    ("category", 1, UNBOUNDED),
    ("event", 1, 1),
    ("responseType", 0, UNBOUNDED),
    ("urgency", 1, 1),
    ("severity", 1, 1),
    ("certainty", 1, 1),
    ("audience", 0, 1),
    ("eventCode", 0, UNBOUNDED),
    ("effective", 0, 1),
    ("onset", 0, 1),
    ("expires", 0, 1),
    ("senderName", 0, 1),
    ("headline", 0, 1),
    ("description", 0, 1),
    ("instruction", 0, 1),
    ("web", 0, 1),
    ("contact", 0, 1),
    ("parameter", 0, UNBOUNDED),
    ("resource", 0, UNBOUNDED),
    ("area", 0, UNBOUNDED),
]
RESOURCE = [
    ("resourceDesc", 1, 1),
    ("mimeType", 1, 1),
    ("size", 0, 1),
    ("uri", 0, 1),
    ("derefUri", 0, 1),
    ("digest", 0, 1),
]
AREA = [
    ("areaDesc", 1, 1),
    ("polygon", 0, UNBOUNDED),
    ("circle", 0, UNBOUNDED),
    ("geocode", 0, UNBOUNDED),
    ("altitude", 0, 1),
    ("ceiling", 0, 1),
]
PAIR = [("valueName", 1, 1), ("value", 1, 1)]
STRUCTURES = {
    "alert": ALERT,
    "info": INFO,
    "resource": RESOURCE,
    "area": AREA,
    "eventCode": PAIR,
    "parameter": PAIR,
    "geocode": PAIR,
}
ENUMS = {
    "status": {"Actual", "Exercise", "System", "Test", "Draft"},
    "msgType": {"Alert", "Update", "Cancel", "Ack", "Error"},
    "scope": {"Public", "Restricted", "Private"},
    "category": {
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
    },
    "responseType": {
        "Shelter",
        "Evacuate",
        "Prepare",
        "Execute",
        "Avoid",
        "Monitor",
        "Assess",
        "AllClear",
        "None",
    },
    "urgency": {"Immediate", "Expected", "Future", "Past", "Unknown"},
    "severity": {"Extreme", "Severe", "Moderate", "Minor", "Unknown"},
    "certainty": {"Observed", "Likely", "Possible", "Unlikely", "Unknown"},
}
DATETIMES = {"sent", "effective", "onset", "expires"}
DATETIME = re.compile(r"^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d$")
LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
POINT = re.compile(r"^(-?\d+(\.\d+)?),(-?\d+(\.\d+)?)$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def local(element: Element) -> str:
    tag = element.tag
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def namespace(element: Element) -> str:
    return element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""


def check_sequence(
    element: Element, spec: list[tuple[str, int, int | None]], where: str
) -> list[str]:
    problems: list[str] = []
    counts = dict.fromkeys((name for name, _lo, _hi in spec), 0)
    position = 0
    other_started = False
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        name = local(child)
        if namespace(child) != NS:
            # <alert> ends with <any namespace="##other">: foreign elements only at the end.
            if local(element) == "alert":
                other_started = True
                continue
            problems.append(f"{where}: foreign element {child.tag} not allowed here")
            continue
        if other_started:
            problems.append(f"{where}: {name} after a foreign element")
        index = next((i for i, (n, _lo, _hi) in enumerate(spec) if n == name), None)
        if index is None:
            problems.append(f"{where}: unknown element <{name}>")
            continue
        if index < position:
            problems.append(f"{where}: <{name}> is out of order")
            continue
        for skipped, lo, _hi in spec[position:index]:
            if counts[skipped] < lo:
                problems.append(f"{where}: missing <{skipped}> before <{name}>")
        position = index
        counts[name] += 1
        hi = spec[index][2]
        if hi is not None and counts[name] > hi:
            problems.append(f"{where}: too many <{name}>")
    for name, lo, _hi in spec[position:]:
        if counts[name] < lo:
            problems.append(f"{where}: missing <{name}>")
    if element.text and element.text.strip():
        problems.append(f"{where}: text directly inside <{local(element)}>")
    for child in element:
        if child.tail and child.tail.strip():
            problems.append(f"{where}: text after <{local(child)}>")
    return problems


def _valid_datetime(text: str) -> bool:
    if not DATETIME.match(text):
        return False
    try:
        dt.datetime.fromisoformat(text.replace(",", "+"))
    except ValueError:
        return False
    return True


def _no_bad_chars(text: str) -> bool:
    return bool(text) and not re.search(r"[\s,<&]", text)


def check_text(element: Element, where: str) -> list[str]:
    problems: list[str] = []
    name = local(element)
    text = element.text or ""
    if len(element):
        return problems
    if name in ENUMS and text not in ENUMS[name]:
        problems.append(f"{where}: <{name}> {text!r} is not one of {sorted(ENUMS[name])}")
    if name in DATETIMES and not _valid_datetime(text):
        problems.append(f"{where}: <{name}> {text!r} is not YYYY-MM-DDThh:mm:ss±hh:mm")
    if name in {"identifier", "sender"} and not _no_bad_chars(text):
        problems.append(f"{where}: <{name}> must have no spaces, commas, < or &")
    if name == "language" and not LANGUAGE.match(text):
        problems.append(f"{where}: <language> {text!r} is not an xs:language")
    if name == "references":
        for triple in text.split():
            parts = triple.split(",")
            if len(parts) != 3 or not _valid_datetime(parts[2]):
                problems.append(f"{where}: reference {triple!r} is not sender,identifier,sent")
    if name == "polygon":
        pairs = text.split()
        if len(pairs) < 4 or pairs[0] != pairs[-1] or not all(POINT.match(p) for p in pairs):
            problems.append(f"{where}: polygon needs 4+ lat,lon pairs, first = last")
        problems += _coordinates(pairs, where)
    if name == "circle":
        parts = text.split()
        if len(parts) != 2 or not POINT.match(parts[0]) or not NUMBER.match(parts[1]):
            problems.append(f"{where}: circle {text!r} is not 'lat,lon radius'")
        else:
            problems += _coordinates([parts[0]], where)
    if name in {"size", "altitude", "ceiling"} and not NUMBER.match(text):
        problems.append(f"{where}: <{name}> is not a number")
    if name in {"event", "areaDesc", "valueName", "resourceDesc", "mimeType"} and not text.strip():
        problems.append(f"{where}: <{name}> is empty")
    return problems


def _coordinates(pairs: list[str], where: str) -> list[str]:
    problems: list[str] = []
    for pair in pairs:
        match = POINT.match(pair)
        if match and not (
            -90 <= float(match.group(1)) <= 90 and -180 <= float(match.group(3)) <= 180
        ):
            problems.append(f"{where}: {pair} is not a WGS84 point")
    return problems


def validate_cap(xml: str | bytes) -> list[str]:
    """Problems that make `xml` an invalid CAP 1.2 document (an empty list when valid)."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if namespace(root) != NS or local(root) != "alert":
        return [f"the root is {root.tag}, not {{{NS}}}alert"]
    problems: list[str] = []

    def walk(element: Element, path: str) -> None:
        name = local(element)
        if namespace(element) != NS:
            return
        if name in STRUCTURES:
            problems.extend(check_sequence(element, STRUCTURES[name], path))
            for child in element:
                if isinstance(child.tag, str):
                    walk(child, f"{path}/{local(child)}")
        else:
            if len(element):
                problems.append(f"{path}: <{name}> must hold text only")
            problems.extend(check_text(element, path))

    walk(root, "alert")
    scope = root.findtext(f"{{{NS}}}scope")
    if scope == "Restricted" and root.find(f"{{{NS}}}restriction") is None:
        problems.append("alert: a Restricted alert needs <restriction>")
    if scope == "Private" and root.find(f"{{{NS}}}addresses") is None:
        problems.append("alert: a Private alert needs <addresses>")
    for area in root.iter(f"{{{NS}}}area"):
        if area.find(f"{{{NS}}}ceiling") is not None and area.find(f"{{{NS}}}altitude") is None:
            problems.append("area: <ceiling> needs <altitude>")
    return problems
