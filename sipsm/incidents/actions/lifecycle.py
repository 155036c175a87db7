"""Reporting incidents and moving them through their lifecycle.

reported -> verified -> responding -> recovery -> closed, with "false alarm" and "stood down"
as exits. Every transition records time and actor on the incident's timeline and in the audit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import h3.api.basic_int as h3int
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.incidents.models import Channel, Incident, IncidentArea, IncidentEvent, IncidentType
from sipsm.incidents.permissions import can_manage_incident
from sipsm.regions.models import Region

S = Incident.Status
TRANSITIONS: dict[str, set[str]] = {
    S.REPORTED: {S.VERIFIED, S.FALSE_ALARM, S.STOOD_DOWN},
    S.VERIFIED: {S.RESPONDING, S.RECOVERY, S.CLOSED, S.FALSE_ALARM, S.STOOD_DOWN},
    S.RESPONDING: {S.RECOVERY, S.CLOSED, S.STOOD_DOWN},
    S.RECOVERY: {S.CLOSED},
    S.CLOSED: {S.RECOVERY},
    S.FALSE_ALARM: set(),
    S.STOOD_DOWN: set(),
}


@dataclass
class IncidentReport:
    """Validated content of a report, from any channel."""

    type: IncidentType
    title: str
    region: Region
    channel: str
    description: str = ""
    severity: str = "unknown"
    lat: float | None = None
    lon: float | None = None
    location_text: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    affected_villages: Sequence[Region] = field(default_factory=list)
    area_source: str = IncidentArea.Source.REPORTED
    source_sender: str = ""
    source_identifier: str = ""
    source_sent: str = ""
    source_payload: str = ""
    expires_at: dt.datetime | None = None
    magnitude: float | None = None
    depth_km: float | None = None
    reported_at: dt.datetime | None = None


def add_event(
    incident: Incident,
    *,
    actor: User | None,
    verb: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> IncidentEvent:
    return IncidentEvent.objects.create(
        incident=incident,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None and actor.pk else "",
        verb=verb,
        from_status=from_status,
        to_status=to_status,
        note=note[:2000],
    )


def _set_areas(incident: Incident, villages: Sequence[Region], source: str) -> int:
    existing = set(incident.areas.values_list("village_id", flat=True))
    new = [
        IncidentArea(incident=incident, village=v, source=source)
        for v in {v.code: v for v in villages}.values()
        if v.code not in existing and v.level == Region.Level.VILLAGE
    ]
    IncidentArea.objects.bulk_create(new, batch_size=1000)
    return len(new)


@transaction.atomic
def report_incident(
    *, acting_user: User | None, report: IncidentReport, photo: File[bytes] | None = None
) -> Incident:
    """Record a new incident (status "reported") from a member, the public, a gateway or BMKG."""
    if report.channel in {Channel.MEMBER, Channel.STAFF}:
        if acting_user is None:
            raise PermissionRefused()
        if not acting_user.covers(report.region.code):
            raise PermissionRefused(_("The place is outside your area."))
    if not report.title.strip():
        raise ActionError(_("Give the incident a short title."), field="title")
    lat, lon = report.lat, report.lon
    incident = Incident(
        type=report.type,
        title=report.title.strip()[:200],
        description=report.description.strip(),
        severity=report.severity,
        channel=report.channel,
        region=report.region,
        lat=lat,
        lon=lon,
        h3_r9=h3int.latlng_to_cell(lat, lon, 9) if lat is not None and lon is not None else None,
        location_text=report.location_text[:255],
        reported_by=acting_user if acting_user is not None and acting_user.pk else None,
        reporter_name=report.reporter_name[:150],
        reporter_phone=report.reporter_phone,
        source_sender=report.source_sender[:200],
        source_identifier=report.source_identifier[:200],
        source_sent=report.source_sent[:40],
        source_payload=report.source_payload,
        expires_at=report.expires_at,
        magnitude=report.magnitude,
        depth_km=report.depth_km,
        reported_at=report.reported_at or timezone.now(),
    )
    if photo is not None:
        incident.photo.save(photo.name or "photo.jpg", photo, save=False)
    incident.save()
    villages = list(report.affected_villages)
    if report.region.level == Region.Level.VILLAGE:
        villages.append(report.region)
    _set_areas(incident, villages, report.area_source)
    add_event(incident, actor=acting_user, verb="reported", to_status=incident.status)
    record_event(
        actor=acting_user,
        verb="incident.report",
        target=incident,
        region_code=incident.region_id,
        data={"channel": report.channel, "type": report.type.code, "villages": len(villages)},
    )
    _tell_coordinators_of_new_report(incident, acting_user)
    return incident


def _tell_coordinators_of_new_report(incident: Incident, reporter: User | None) -> None:
    """The TKSK and the regency coordinator are told at once: they verify reports."""
    from django.conf import settings
    from django.urls import reverse

    from sipsm.incidents.actions.dispatch import coordinators_for
    from sipsm.notifications.outbox import Outgoing, queue

    link = settings.SIPSM_BASE_URL + reverse("incidents:detail", args=[incident.pk])
    subject = _("New report: %(type)s in %(place)s") % {
        "type": incident.type.name,
        "place": incident.region.name,
    }
    body = _("%(title)s — %(place)s (%(channel)s). Please verify it: %(link)s") % {
        "title": incident.title,
        "place": incident.region.chain,
        "channel": incident.get_channel_display(),
        "link": link,
    }
    items: list[Outgoing] = []
    for user in coordinators_for(incident):
        if reporter is not None and user.pk == reporter.pk:
            continue
        items.append(
            Outgoing(
                channel="in_app",
                body=body,
                subject=subject,
                link=link,
                category="new_report",
                user_id=user.pk,
                related=incident,
            )
        )
        if user.email:
            items.append(
                Outgoing(
                    channel="email",
                    to=user.email,
                    body=body,
                    subject=subject,
                    link=link,
                    category="new_report",
                    user_id=user.pk,
                    related=incident,
                )
            )
    if items:
        queue(items)


@transaction.atomic
def set_affected_villages(
    *, acting_user: User | None, incident: Incident, villages: Sequence[Region], source: str
) -> int:
    added = _set_areas(incident, villages, source)
    if added:
        add_event(incident, actor=acting_user, verb="areas_added", note=str(added))
        record_event(
            actor=acting_user,
            verb="incident.areas",
            target=incident,
            region_code=incident.region_id,
            data={"added": added, "source": source},
        )
    return added


def _check_may_manage(acting_user: User | None, incident: Incident) -> None:
    if acting_user is not None and not can_manage_incident(acting_user, incident):
        raise PermissionRefused()


@transaction.atomic
def change_status(
    *,
    acting_user: User | None,
    incident: Incident,
    to_status: str,
    note: str = "",
    callout: bool = True,
) -> Incident:
    """Move the incident along its lifecycle. Verifying starts the call-out unless told not to."""
    _check_may_manage(acting_user, incident)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if to_status not in TRANSITIONS.get(incident.status, set()):
        raise Conflict(
            _("An incident that is %(now)s cannot become %(next)s.")
            % {"now": incident.get_status_display(), "next": S(to_status).label},
            code="bad_transition",
        )
    before = incident.status
    now = timezone.now()
    incident.status = to_status
    incident.updated_at = now
    fields = ["status", "updated_at"]
    if to_status == S.VERIFIED and incident.verified_at is None:
        incident.verified_at = now
        fields.append("verified_at")
    if to_status in {S.CLOSED, S.FALSE_ALARM, S.STOOD_DOWN}:
        incident.closed_at = now
        fields.append("closed_at")
    if to_status == S.RECOVERY and before == S.CLOSED:
        incident.closed_at = None
        fields.append("closed_at")
    incident.save(update_fields=fields)
    add_event(
        incident,
        actor=acting_user,
        verb="status",
        from_status=before,
        to_status=to_status,
        note=note,
    )
    record_event(
        actor=acting_user,
        verb=f"incident.{to_status}",
        target=incident,
        region_code=incident.region_id,
        changes={"status": [before, to_status]},
        data={"note": note[:500]} if note else {},
    )
    if to_status in {S.CLOSED, S.FALSE_ALARM, S.STOOD_DOWN}:
        from sipsm.incidents.actions.dispatch import cancel_open_alerts

        cancel_open_alerts(incident=incident, actor=acting_user)
    if to_status == S.VERIFIED and callout:
        from sipsm.incidents.actions.dispatch import start_callout

        start_callout(acting_user=acting_user, incident=incident)
    return incident
