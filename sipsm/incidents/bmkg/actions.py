"""State changes made by official feeds. Each is an atomic, audited action; new incidents and
status changes go through `sipsm.incidents.actions.lifecycle`.

Every message applied to an existing incident (an Update, a Cancel, another language of the
same alert, a revised earthquake) leaves an event on the incident's timeline whose note starts
with the message key `sender,identifier,sent`. That makes the timeline the record of which
messages were seen, so ingesting any of them again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from sipsm.core.audit import changes_between, record_event, snapshot
from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.lifecycle import (
    IncidentReport,
    add_event,
    change_status,
    report_incident,
    set_affected_villages,
)
from sipsm.incidents.models import Incident, IncidentArea
from sipsm.regions.models import Region

VERB_UPDATE = "bmkg_update"
VERB_CANCEL = "bmkg_cancel"
VERB_LANGUAGE = "bmkg_language"
VERB_REVISION = "bmkg_revision"
MESSAGE_VERBS = (VERB_UPDATE, VERB_CANCEL, VERB_LANGUAGE, VERB_REVISION)
FEED_AREA_SOURCES = (
    IncidentArea.Source.CAP_POLYGON,
    IncidentArea.Source.CAP_CIRCLE,
    IncidentArea.Source.CAP_GEOCODE,
    IncidentArea.Source.CAP_NAME,
    IncidentArea.Source.QUAKE_RADIUS,
)
S = Incident.Status
AUTO_STAND_DOWN = (S.REPORTED, S.VERIFIED)
_TRACKED_FIELDS = (
    "title",
    "description",
    "severity",
    "expires_at",
    "magnitude",
    "depth_km",
    "lat",
    "lon",
    "location_text",
)


def _note(message_key: str, text: str) -> str:
    return f"{message_key}\n{text}".strip()


@transaction.atomic
def create_from_feed(
    *, report: IncidentReport, villages: Mapping[str, Sequence[Region]]
) -> Incident:
    """A new incident (status "reported") with its villages, each with the rule that found it."""
    sources = [s for s in villages if villages[s]]
    first = sources[0] if sources else IncidentArea.Source.REPORTED
    report.affected_villages = list(villages.get(first, []))
    report.area_source = first
    incident = report_incident(acting_user=None, report=report)
    for source in sources[1:]:
        set_affected_villages(
            acting_user=None, incident=incident, villages=villages[source], source=source
        )
    return incident


def _replace_feed_areas(
    incident: Incident, villages: Mapping[str, Sequence[Region]]
) -> tuple[int, int]:
    wanted = {v.code: source for source, items in villages.items() for v in items}
    current = dict(
        incident.areas.filter(source__in=FEED_AREA_SOURCES).values_list("village_id", "source")
    )
    stale = [code for code in current if code not in wanted]
    removed, _ = incident.areas.filter(village_id__in=stale).delete() if stale else (0, {})
    present = set(incident.areas.values_list("village_id", flat=True))
    new = [
        IncidentArea(incident=incident, village=v, source=source)
        for source, items in villages.items()
        for v in items
        if v.code not in present and v.level == Region.Level.VILLAGE
    ]
    unique = list({a.village.code: a for a in new}.values())
    IncidentArea.objects.bulk_create(unique, batch_size=1000)
    return len(unique), removed


@transaction.atomic
def update_from_feed(
    *,
    incident: Incident,
    message_key: str,
    verb: str = VERB_UPDATE,
    values: Mapping[str, object],
    villages: Mapping[str, Sequence[Region]] | None = None,
    payload: str | None = None,
    note: str = "",
) -> Incident:
    """Apply a newer official message to the incident: new text, severity, expiry, areas.

    `villages` (when given and not empty) replace the areas found by feeds; villages added by
    people (source "reported") stay. The coordinator's decisions (status, call-out) stay.
    """
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    before = snapshot(incident, _TRACKED_FIELDS)
    for name, value in values.items():
        if name not in _TRACKED_FIELDS:
            raise ValueError(f"{name} cannot be changed by a feed")
        setattr(incident, name, value)
    if payload is not None:
        incident.source_payload = payload
    incident.updated_at = timezone.now()
    incident.save()
    added = removed = 0
    if villages and any(villages.values()):
        added, removed = _replace_feed_areas(incident, villages)
    changes = changes_between(incident, before, snapshot(incident, _TRACKED_FIELDS))
    summary = note or ", ".join(sorted(changes)) or "-"
    add_event(
        incident,
        actor=None,
        verb=verb,
        note=_note(message_key, f"{summary}; villages +{added} -{removed}"),
    )
    record_event(
        actor=None,
        verb=f"incident.{verb}",
        target=incident,
        region_code=incident.region_id,
        changes=changes,
        data={"message": message_key, "villages_added": added, "villages_removed": removed},
    )
    return incident


@transaction.atomic
def cancel_from_feed(*, incident: Incident, message_key: str, note: str) -> bool:
    """The source withdrew its warning: stand the incident down if nobody responds yet.

    An incident that is already responding (PSMs on their way or on site) or in recovery is
    left to its coordinator: the cancellation is put on its timeline, the status stays.
    Returns whether the incident was stood down.
    """
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    stood_down = incident.status in AUTO_STAND_DOWN
    add_event(incident, actor=None, verb=VERB_CANCEL, note=_note(message_key, note))
    if stood_down:
        change_status(acting_user=None, incident=incident, to_status=S.STOOD_DOWN, note=note)
    else:
        record_event(
            actor=None,
            verb=f"incident.{VERB_CANCEL}",
            target=incident,
            region_code=incident.region_id,
            data={"message": message_key, "status_kept": incident.status},
        )
    return stood_down


@transaction.atomic
def record_skipped(*, key: str, reason: str, origin: str) -> bool:
    """Audit that a feed message was not turned into an incident (once per key and reason)."""
    exists = AuditEvent.objects.filter(verb="bmkg.skipped", data__key=key, data__reason=reason)
    if exists.exists():
        return False
    record_event(
        actor=None, verb="bmkg.skipped", data={"key": key, "reason": reason, "origin": origin[:300]}
    )
    return True
