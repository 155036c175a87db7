"""Ingesting BMKG documents from files, directories and URLs into incidents.

A target is a file, a directory (its `.xml` and `.json` files) or an http(s) URL. Each
document is recognised by its content: a CAP alert, an RSS/Atom index of CAP alerts, or an
InaTEWS earthquake feed (JSON or XML). A document is read and validated completely before
anything is written; a broken one is logged, counted as an error, and creates nothing. Each
message is then applied in its own transaction.

Order: CAP alerts of one run are applied by `sent` time (an Update after its Alert), the
Indonesian version of the same alert first. Index links are followed only when the index was
fetched from a URL, and only to the index's own host or to bmkg.go.id hosts
(`SIPSM_BMKG_LINK_HOSTS`); links whose `guid` is already known are not fetched again.

De-duplication: a CAP message is known by (sender, identifier, sent) — on the incident it
created, or on the timeline event of an incident it updated or cancelled. Another language of
a known alert only replaces the text when it brings the Indonesian version. An earthquake is
known by origin time and epicentre; the same event from another feed may add what was missing
(e.g. the felt report); a revision (origin within 2 minutes, epicentre within 100 km of a known
event, other values) updates that incident instead of making a second one.

Messages that are not real (status Exercise/System/Test/Draft), Ack and Error messages, alerts
whose areas hold no loaded village, and (with `fresh_only`, used by the poller) expired alerts
and old earthquakes are skipped and audited (`bmkg.skipped`, once per message and reason).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sipsm.incidents.actions.lifecycle import IncidentReport
from sipsm.incidents.bmkg import actions
from sipsm.incidents.bmkg.cap import Alert, alert_from_root, is_cap, parse_root
from sipsm.incidents.bmkg.classify import FALLBACK, type_code_for
from sipsm.incidents.bmkg.common import (
    SOURCE_NAME,
    BudgetExhausted,
    FeedError,
    is_bmkg,
    same_instant,
)
from sipsm.incidents.bmkg.fetch import Fetcher, FetchResult, is_url, setting
from sipsm.incidents.bmkg.geo import haversine_km
from sipsm.incidents.bmkg.mapping import AreaMapping, map_alert, villages_in_circles
from sipsm.incidents.bmkg.rss import IndexItem, is_index, parse_index
from sipsm.incidents.bmkg.tews import (
    TEWS_SENDER,
    Quake,
    assess,
    is_tews_xml,
    parse_tews_json,
    parse_tews_xml,
)
from sipsm.incidents.models import Channel, Incident, IncidentArea, IncidentEvent, IncidentType
from sipsm.regions.models import Region

log = logging.getLogger("sipsm.incidents.bmkg")

CLOSED = (Incident.Status.CLOSED, Incident.Status.FALSE_ALARM, Incident.Status.STOOD_DOWN)
SEVERITIES = {"Extreme": "extreme", "Severe": "severe", "Moderate": "moderate", "Minor": "minor"}
REVISION_SECONDS = 120
REVISION_KM = 100.0
_CODES_PER_QUERY = 900
Outcome = Literal["created", "updated", "cancelled", "duplicates", "skipped", "errors"]


@dataclass
class IngestOptions:
    fresh_only: bool = False
    follow_links: bool = True
    max_quake_age: dt.timedelta = dt.timedelta(hours=24)


@dataclass
class IngestSummary:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: int = 0
    deferred: int = 0
    not_modified: int = 0
    lines: list[str] = field(default_factory=list)
    incident_ids: list[int] = field(default_factory=list)

    def count(self, outcome: Outcome, line: str, incident: Incident | None = None) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.lines.append(line)
        if incident is not None and incident.pk not in self.incident_ids:
            self.incident_ids.append(incident.pk)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "cancelled": self.cancelled,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "errors": self.errors,
            "deferred": self.deferred,
            "not_modified": self.not_modified,
        }

    def __str__(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in self.counts().items())


@dataclass
class Document:
    origin: str
    kind: Literal["cap", "index", "quakes"]
    alert: Alert | None = None
    items: list[IndexItem] = field(default_factory=list)
    quakes: list[Quake] = field(default_factory=list)
    fetched: FetchResult | None = None


def read_document(data: bytes, *, origin: str) -> Document:
    """Recognise and fully parse one document; `FeedError` if it is unusable."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise FeedError("empty document")
    if text[:1] in (b"{", b"["):
        return Document(origin=origin, kind="quakes", quakes=parse_tews_json(text))
    if text[:1] != b"<":
        raise FeedError("neither XML nor JSON")
    root = parse_root(text)
    if is_cap(root):
        raw = text.decode("utf-8", errors="replace")
        return Document(origin=origin, kind="cap", alert=alert_from_root(root, raw=raw))
    if is_index(root):
        return Document(origin=origin, kind="index", items=parse_index(root))
    if is_tews_xml(root):
        return Document(origin=origin, kind="quakes", quakes=parse_tews_xml(root))
    raise FeedError(f"not a CAP alert, an RSS index or an InaTEWS feed (root {root.tag!r})")


def find_message(sender: str, identifier: str, sent: dt.datetime) -> Incident | None:
    """The incident a message created or was applied to, if it was seen before."""
    for incident in Incident.objects.filter(source_sender=sender, source_identifier=identifier):
        if same_instant(incident.source_sent, sent):
            return incident
    prefix = f"{sender},{identifier},"
    events = IncidentEvent.objects.filter(
        verb__in=actions.MESSAGE_VERBS, note__startswith=prefix
    ).select_related("incident")
    for event in events:
        if same_instant(event.note.split("\n", 1)[0][len(prefix) :], sent):
            return event.incident
    return None


def _identifier_known(identifier: str) -> bool:
    if Incident.objects.filter(source_identifier=identifier).exists():
        return True
    return IncidentEvent.objects.filter(
        verb__in=actions.MESSAGE_VERBS, note__contains=f",{identifier},"
    ).exists()


def _regions(codes: Iterable[str]) -> list[Region]:
    wanted = sorted(set(codes))
    found: list[Region] = []
    for start in range(0, len(wanted), _CODES_PER_QUERY):
        found.extend(
            Region.objects.filter(code__in=wanted[start : start + _CODES_PER_QUERY]).only(
                "code", "level", "name"
            )
        )
    return found


def _common_region(codes: Sequence[str]) -> str:
    parts = [c.split(".") for c in codes]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return ".".join(common)


def _incident_region(
    codes: Sequence[str],
    points: dict[str, tuple[float, float]],
    *,
    near: tuple[float, float] | None,
    prefer: str = "",
) -> Region:
    """The smallest region holding every village; across provinces, the main province."""
    common = _common_region(codes)
    if not common:
        provinces = Counter(c[:2] for c in codes)
        if prefer in provinces:
            common = prefer
        elif near is not None and points:
            nearest = min(points, key=lambda c: haversine_km(*near, *points[c]))
            common = nearest[:2]
        else:
            common = provinces.most_common(1)[0][0]
    return Region.objects.get(code=common)


def _centre(points: dict[str, tuple[float, float]]) -> tuple[float, float] | None:
    """The village point nearest to the mean of all points: inside the affected area."""
    if not points:
        return None
    lat = sum(p[0] for p in points.values()) / len(points)
    lon = sum(p[1] for p in points.values()) / len(points)
    return min(points.values(), key=lambda p: haversine_km(lat, lon, *p))


def _incident_type(code: str) -> IncidentType:
    kind = IncidentType.objects.filter(code=code).first()
    if kind is None:
        kind = IncidentType.objects.filter(code=FALLBACK).first()
    if kind is None:
        raise FeedError(f"incident type {code!r} is not defined")
    return kind


def _credit(sender: str, sender_name: str) -> str:
    source = SOURCE_NAME if is_bmkg(sender) else (sender_name or sender)
    return _("Source: %(source)s") % {"source": source}


def _villages_by_source(mapping: AreaMapping) -> dict[str, list[Region]]:
    regions = {r.code: r for r in _regions(mapping.villages)}
    result: dict[str, list[Region]] = {}
    for source, codes in mapping.by_source().items():
        result[source] = [regions[c] for c in codes if c in regions]
    return result


def _cap_order(document: Document) -> tuple[dt.datetime, bool]:
    """By sent time (an Update after its Alert); the Indonesian version of an alert first."""
    alert = document.alert
    if alert is None:
        return (dt.datetime.min.replace(tzinfo=dt.UTC), False)
    return (alert.sent.astimezone(dt.UTC), not alert.has_indonesian)


class Ingestor:
    def __init__(self, *, options: IngestOptions | None = None, fetcher: Fetcher | None = None):
        self.options = options or IngestOptions()
        self.fetcher = fetcher or Fetcher()
        self.summary = IngestSummary()
        self.min_magnitude = float(str(setting("SIPSM_BMKG_QUAKE_MIN_MAGNITUDE", 5.0)))
        self.felt_mmi = float(str(setting("SIPSM_BMKG_QUAKE_MIN_MMI", 5.0)))
        hosts = setting("SIPSM_BMKG_LINK_HOSTS", ["bmkg.go.id"])
        self.link_hosts = [str(h).lower() for h in hosts] if isinstance(hosts, list | tuple) else []

    # -- reading ----------------------------------------------------------------------------

    def _error(self, origin: str, exc: Exception) -> None:
        log.error("BMKG document rejected: %s: %s", origin, exc)
        self.summary.count("errors", f"{origin}: {exc}")

    def _read(
        self, data: bytes, origin: str, fetched: FetchResult | None = None
    ) -> Document | None:
        try:
            document = read_document(data, origin=origin)
        except FeedError as exc:
            self._error(origin, exc)
            return None
        document.fetched = fetched
        return document

    def _fetch(self, url: str) -> Document | None:
        try:
            result = self.fetcher.get(url)
        except BudgetExhausted as exc:
            log.warning("BMKG fetch deferred: %s: %s", url, exc)
            self.summary.deferred += 1
            self.summary.lines.append(f"{url}: {exc}")
            return None
        except FeedError as exc:
            self._error(url, exc)
            return None
        if result.not_modified:
            self.summary.not_modified += 1
            return None
        return self._read(result.body, url, result)

    def documents(self, target: str) -> Iterator[Document]:
        if is_url(target):
            document = self._fetch(target)
            if document is not None:
                yield document
            return
        path = Path(target)
        if path.is_dir():
            files = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in {".xml", ".json"}
            )
        elif path.is_file():
            files = [path]
        else:
            self._error(target, FeedError("no such file, directory or http(s) URL"))
            return
        limit = int(str(setting("SIPSM_BMKG_MAX_BYTES", 5 * 1024 * 1024)))
        for file in files:
            if file.stat().st_size > limit:
                self._error(str(file), FeedError(f"larger than {limit} bytes"))
                continue
            document = self._read(file.read_bytes(), str(file))
            if document is not None:
                yield document

    def _follow(self, index: Document) -> tuple[list[Document], bool]:
        """The CAP documents an index links to; and whether every item was dealt with."""
        if index.fetched is None or not self.options.follow_links:
            for item in index.items:
                self.summary.count(
                    "skipped", f"{index.origin}: {item.guid or item.link}: link not followed"
                )
            return [], True
        complete = True
        found: list[Document] = []
        for item in index.items:
            if not item.link:
                continue
            url = urljoin(index.origin, item.link)
            if not self._may_follow(index.origin, url):
                self.summary.count("skipped", f"{index.origin}: link to {url} not followed")
                continue
            if item.guid and _identifier_known(item.guid):
                self.summary.count("duplicates", f"{url}: {item.guid} already known")
                continue
            deferred, errors = self.summary.deferred, self.summary.errors
            document = self._fetch(url)
            if self.summary.deferred > deferred or self.summary.errors > errors:
                complete = False
            if document is None:
                continue
            if document.kind != "cap":
                self._error(url, FeedError("an index link does not lead to a CAP alert"))
                complete = False
                continue
            found.append(document)
        return found, complete

    def _may_follow(self, index_url: str, url: str) -> bool:
        if not is_url(url):
            return False
        host = (urlsplit(url).hostname or "").lower()
        if host == (urlsplit(index_url).hostname or "").lower():
            return True
        return any(host == h or host.endswith("." + h) for h in self.link_hosts)

    # -- running ----------------------------------------------------------------------------

    def run(self, targets: Sequence[str]) -> IngestSummary:
        caps: list[Document] = []
        quakes: list[Document] = []
        finished: list[FetchResult] = []
        for target in targets:
            for document in self.documents(target):
                if document.kind == "index":
                    linked, complete = self._follow(document)
                    caps.extend(linked)
                    if complete and document.fetched is not None:
                        finished.append(document.fetched)
                elif document.kind == "cap":
                    caps.append(document)
                else:
                    quakes.append(document)
        for document in quakes:
            if self._apply(document) and document.fetched is not None:
                finished.append(document.fetched)
        for document in sorted(caps, key=_cap_order):
            if self._apply(document) and document.fetched is not None:
                finished.append(document.fetched)
        for fetched in finished:
            self.fetcher.remember(fetched)
        return self.summary

    def _apply(self, document: Document) -> bool:
        """Apply every message of a parsed document; False when one was refused."""
        try:
            with translation.override(settings.LANGUAGE_CODE):
                if document.alert is not None:
                    self.ingest_alert(document.alert, document.origin)
                for quake in document.quakes:
                    self.ingest_quake(quake, document.origin)
        except FeedError as exc:
            self._error(document.origin, exc)
            return False
        return True

    # -- CAP --------------------------------------------------------------------------------

    def ingest_alert(self, alert: Alert, origin: str) -> None:
        where = f"{origin}: {alert.identifier}"
        if alert.status != "Actual":
            self._skip(alert.key, f"status {alert.status}, not a real event", origin, where)
            return
        if alert.msg_type in {"Ack", "Error"}:
            self._skip(alert.key, f"{alert.msg_type} message", origin, where)
            return
        if alert.msg_type == "Cancel":
            self._cancel(alert, origin, where)
            return
        seen = find_message(alert.sender, alert.identifier, alert.sent)
        if seen is not None:
            self._known_alert(alert, seen, where)
            return
        if alert.msg_type == "Update":
            targets = self._referenced(alert)
            if targets:
                self._update(alert, targets, origin, where)
                return
        self._create(alert, origin, where)

    def _referenced(self, alert: Alert) -> list[Incident]:
        found: dict[int, Incident] = {}
        for reference in alert.references:
            incident = find_message(reference.sender, reference.identifier, reference.sent)
            if incident is not None:
                found[incident.pk] = incident
        return list(found.values())

    def _skip(self, key: str, reason: str, origin: str, where: str) -> None:
        actions.record_skipped(key=key, reason=reason, origin=origin)
        log.info("BMKG message skipped: %s: %s", where, reason)
        self.summary.count("skipped", f"{where}: skipped ({reason})")

    def _known_alert(self, alert: Alert, incident: Incident, where: str) -> None:
        if not alert.has_indonesian or incident.source_sender != alert.sender:
            self.summary.count("duplicates", f"{where}: already ingested", incident)
            return
        try:
            stored = alert_from_root(parse_root(incident.source_payload))
            stored_is_indonesian = stored.has_indonesian
        except FeedError:
            stored_is_indonesian = True
        if stored_is_indonesian:
            self.summary.count("duplicates", f"{where}: already ingested", incident)
            return
        title, description = self._texts(alert)
        actions.update_from_feed(
            incident=incident,
            message_key=alert.key + "#id",
            verb=actions.VERB_LANGUAGE,
            values={"title": title, "description": description},
            payload=alert.raw,
            note="Indonesian text",
        )
        self.summary.count("updated", f"{where}: Indonesian text added", incident)

    def _texts(self, alert: Alert) -> tuple[str, str]:
        info = alert.primary_info
        assert info is not None
        area_names = ", ".join(dict.fromkeys(a.description for a in info.areas if a.description))
        title = info.headline or (f"{info.event} — {area_names}" if area_names else info.event)
        parts = [info.description, info.instruction]
        if info.web:
            parts.append(info.web)
        parts.append(_credit(alert.sender, info.sender_name))
        return title[:200], "\n\n".join(p.strip() for p in parts if p and p.strip())

    def _expired(self, alert: Alert) -> bool:
        expires = alert.expires
        return self.options.fresh_only and expires is not None and expires < timezone.now()

    def _create(self, alert: Alert, origin: str, where: str) -> None:
        info = alert.primary_info
        if info is None:
            self._skip(alert.key, "no <info> block", origin, where)
            return
        if self._expired(alert):
            self._skip(alert.key, "expired", origin, where)
            return
        mapping = map_alert(alert)
        if not mapping.villages:
            detail = ""
            if mapping.unmatched_names:
                detail = "; names not matched: " + ", ".join(mapping.unmatched_names)
            self._skip(alert.key, "no loaded village in the alert area" + detail, origin, where)
            return
        villages = _villages_by_source(mapping)
        codes = sorted(mapping.villages)
        region = _incident_region(codes, mapping.points, near=None, prefer=alert.province_hint)
        centre = _centre(mapping.points)
        title, description = self._texts(alert)
        areas = ", ".join(dict.fromkeys(a.description for a in info.areas if a.description))
        report = IncidentReport(
            type=_incident_type(type_code_for(alert)),
            title=title,
            region=region,
            channel=Channel.BMKG_CAP,
            description=description,
            severity=SEVERITIES.get(alert.severity, "unknown"),
            lat=centre[0] if centre else None,
            lon=centre[1] if centre else None,
            location_text=areas[:255],
            reporter_name="BMKG" if is_bmkg(alert.sender) else (info.sender_name or alert.sender),
            source_sender=alert.sender,
            source_identifier=alert.identifier,
            source_sent=alert.sent_text,
            source_payload=alert.raw,
            expires_at=alert.expires,
        )
        incident = self._new_incident(report, villages, where)
        if incident is None:
            return
        note = f"{where}: created {incident.tracking_code} ({len(codes)} villages)"
        if mapping.unmatched_names:
            note += "; names not matched: " + ", ".join(mapping.unmatched_names)
        log.info("BMKG incident created: %s", note)
        self.summary.count("created", note, incident)

    def _new_incident(
        self, report: IncidentReport, villages: dict[str, list[Region]], where: str
    ) -> Incident | None:
        try:
            return actions.create_from_feed(report=report, villages=villages)
        except IntegrityError:
            # Another worker stored the same message a moment ago.
            self.summary.count("duplicates", f"{where}: already ingested")
            return None

    def _update(self, alert: Alert, targets: list[Incident], origin: str, where: str) -> None:
        if alert.primary_info is None:
            self._skip(alert.key, "no <info> block", origin, where)
            return
        title, description = self._texts(alert)
        mapping = map_alert(alert)
        villages = _villages_by_source(mapping)
        for incident in targets:
            if incident.status in CLOSED:
                self._skip(
                    alert.key, f"{incident.tracking_code} is {incident.status}", origin, where
                )
                continue
            values: dict[str, object] = {
                "title": title,
                "description": description,
                "severity": SEVERITIES.get(alert.severity, "unknown"),
                "expires_at": alert.expires,
            }
            actions.update_from_feed(
                incident=incident,
                message_key=alert.key,
                values=values,
                villages=villages,
                payload=alert.raw,
            )
            self.summary.count("updated", f"{where}: updated {incident.tracking_code}", incident)

    def _cancel(self, alert: Alert, origin: str, where: str) -> None:
        if find_message(alert.sender, alert.identifier, alert.sent) is not None:
            self.summary.count("duplicates", f"{where}: already ingested")
            return
        targets = self._referenced(alert)
        if not targets:
            self._skip(alert.key, "cancels no known incident", origin, where)
            return
        info = alert.primary_info
        reason = (info.headline or info.description) if info is not None else ""
        note = _("Cancelled by the source: %(reason)s") % {"reason": reason or alert.note or "-"}
        for incident in targets:
            if incident.status in CLOSED:
                self.summary.count(
                    "duplicates", f"{where}: {incident.tracking_code} already closed"
                )
                continue
            if actions.cancel_from_feed(incident=incident, message_key=alert.key, note=note):
                self.summary.count(
                    "cancelled", f"{where}: stood down {incident.tracking_code}", incident
                )
            else:
                self.summary.count(
                    "skipped",
                    f"{where}: {incident.tracking_code} is {incident.status}; "
                    "cancellation noted, status left to the coordinator",
                    incident,
                )

    # -- earthquakes ------------------------------------------------------------------------

    def ingest_quake(self, quake: Quake, origin: str) -> None:
        where = f"{origin}: {quake.identifier}"
        known = find_message(TEWS_SENDER, quake.identifier, quake.time)
        if known is not None:
            self._known_quake(quake, known, where)
            return
        if self.options.fresh_only and timezone.now() - quake.time > self.options.max_quake_age:
            self._skip(quake.key, "older than the polling window", origin, where)
            return
        verdict = assess(quake, min_magnitude=self.min_magnitude, mmi=self.felt_mmi)
        revised = self._revision_of(quake)
        if not verdict.qualifies and revised is None:
            self._skip(quake.key, verdict.reason, origin, where)
            return
        found = (
            villages_in_circles([(quake.lat, quake.lon, verdict.radius_km)])
            if verdict.qualifies
            else {}
        )
        title, description = self._quake_texts(quake, verdict.radius_km)
        severity = self._quake_severity(quake, verdict.predicted_mmi)
        villages: dict[str, list[Region]] = {IncidentArea.Source.QUAKE_RADIUS: _regions(found)}
        payload = json.dumps(quake.record, ensure_ascii=False, sort_keys=True)
        if revised is not None:
            # A revision replaces the figures; the villages only when the rule still finds some.
            actions.update_from_feed(
                incident=revised,
                message_key=quake.key,
                verb=actions.VERB_REVISION,
                values={
                    "title": title,
                    "description": description,
                    "severity": severity,
                    "magnitude": quake.magnitude,
                    "depth_km": quake.depth_km,
                    "lat": quake.lat,
                    "lon": quake.lon,
                },
                villages=villages,
                payload=payload,
            )
            self.summary.count("updated", f"{where}: revised {revised.tracking_code}", revised)
            return
        if not found:
            self._skip(
                quake.key, f"no loaded village within {verdict.radius_km:g} km", origin, where
            )
            return
        region = _incident_region(sorted(found), dict(found), near=(quake.lat, quake.lon))
        kind = _incident_type("tsunami" if quake.tsunami_potential else "gempa_bumi")
        report = IncidentReport(
            type=kind,
            title=title,
            region=region,
            channel=Channel.BMKG_QUAKE,
            description=description,
            severity=severity,
            lat=quake.lat,
            lon=quake.lon,
            location_text=quake.place[:255],
            reporter_name="BMKG",
            source_sender=TEWS_SENDER,
            source_identifier=quake.identifier,
            source_sent=quake.sent_text,
            source_payload=payload,
            magnitude=quake.magnitude,
            depth_km=quake.depth_km,
        )
        incident = self._new_incident(report, villages, where)
        if incident is None:
            return
        note = (
            f"{where}: created {incident.tracking_code} (M{quake.magnitude:g}, "
            f"{verdict.radius_km:g} km, {len(found)} villages)"
        )
        log.info("BMKG incident created: %s", note)
        self.summary.count("created", note, incident)

    def _revision_of(self, quake: Quake) -> Incident | None:
        utc = quake.time.astimezone(dt.UTC)
        low = (utc - dt.timedelta(seconds=REVISION_SECONDS)).isoformat()
        high = (utc + dt.timedelta(seconds=REVISION_SECONDS)).isoformat()
        candidates = Incident.objects.filter(
            Q(source_sender=TEWS_SENDER),
            source_sent__gte=low,
            source_sent__lte=high,
        ).exclude(status__in=CLOSED)
        for incident in candidates:
            if incident.lat is None or incident.lon is None:
                continue
            if haversine_km(quake.lat, quake.lon, incident.lat, incident.lon) <= REVISION_KM:
                return incident
        return None

    def _known_quake(self, quake: Quake, incident: Incident, where: str) -> None:
        """The same event from another feed: add what the stored record lacks, never overwrite."""
        try:
            stored = json.loads(incident.source_payload or "{}")
        except json.JSONDecodeError:
            stored = {}
        if not isinstance(stored, dict):
            stored = {}
        missing = {k: v for k, v in quake.record.items() if v and not stored.get(k)}
        if not missing or incident.status in CLOSED or incident.magnitude is None:
            self.summary.count("duplicates", f"{where}: already ingested", incident)
            return
        merged = {**stored, **missing}
        fuller = Quake(
            time=quake.time,
            lat=incident.lat if incident.lat is not None else quake.lat,
            lon=incident.lon if incident.lon is not None else quake.lon,
            magnitude=incident.magnitude,
            depth_km=incident.depth_km if incident.depth_km is not None else quake.depth_km,
            place=merged.get("Wilayah", ""),
            potential=merged.get("Potensi", ""),
            felt=merged.get("Dirasakan", ""),
            shakemap=merged.get("Shakemap", ""),
            record=merged,
        )
        verdict = assess(fuller, min_magnitude=self.min_magnitude, mmi=self.felt_mmi)
        title, description = self._quake_texts(fuller, verdict.radius_km)
        actions.update_from_feed(
            incident=incident,
            message_key=quake.key + "#" + "+".join(sorted(missing)),
            verb=actions.VERB_REVISION,
            values={"title": title, "description": description},
            payload=json.dumps(merged, ensure_ascii=False, sort_keys=True),
            note="added " + ", ".join(sorted(missing)),
        )
        self.summary.count("updated", f"{where}: added {', '.join(sorted(missing))}", incident)

    def _quake_severity(self, quake: Quake, predicted: float) -> str:
        if quake.tsunami_potential:
            return "extreme"
        intensity = max(predicted, float(quake.felt_mmi or 0))
        if intensity >= 8:
            return "extreme"
        if intensity >= 6:
            return "severe"
        if intensity >= 5:
            return "moderate"
        return "minor"

    def _quake_texts(self, quake: Quake, radius_km: float) -> tuple[str, str]:
        values = {"magnitude": f"{quake.magnitude:g}", "place": quake.place or quake.identifier}
        if quake.tsunami_potential:
            title = _("Earthquake M%(magnitude)s, may cause a tsunami: %(place)s") % values
        else:
            title = _("Earthquake M%(magnitude)s: %(place)s") % values
        record = quake.record
        when = " ".join(p for p in (record.get("Tanggal", ""), record.get("Jam", "")) if p)
        lines = [
            quake.place,
            _("Magnitude %(magnitude)s, depth %(depth)s km, %(when)s.")
            % {
                "magnitude": f"{quake.magnitude:g}",
                "depth": f"{quake.depth_km:g}",
                "when": when or quake.sent_text,
            },
            quake.potential,
        ]
        if quake.felt:
            lines.append(_("Felt (MMI): %(felt)s") % {"felt": quake.felt})
        lines.append(
            _(
                "Villages within %(radius)s km of the epicentre are marked as affected "
                "(estimated intensity MMI V or more)."
            )
            % {"radius": f"{radius_km:g}"}
        )
        if quake.shakemap_url:
            lines.append(quake.shakemap_url)
        lines.append(_credit(TEWS_SENDER, ""))
        return title[:200], "\n".join(line for line in lines if line)


def ingest(
    targets: Sequence[str],
    *,
    options: IngestOptions | None = None,
    fetcher: Fetcher | None = None,
) -> IngestSummary:
    """Ingest files, directories and URLs; see the module docstring."""
    return Ingestor(options=options, fetcher=fetcher).run(targets)
