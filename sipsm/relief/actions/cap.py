"""Issuing CAP 1.2 alerts about an incident. The document is written once and kept as sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.logging import redact
from sipsm.incidents.models import Incident
from sipsm.relief import capxml
from sipsm.relief.models import CapAlert
from sipsm.relief.permissions import can_issue_alerts

MAX_HEADLINE = 160
MAX_VALIDITY = dt.timedelta(days=14)


@dataclass
class AlertData:
    headline: str
    description: str = ""
    instruction: str = ""
    urgency: str = "Immediate"
    severity: str = ""  # empty: from the incident's severity
    certainty: str = ""  # empty: Observed once verified, Likely before
    response_type: str = ""
    msg_type: str = CapAlert.MsgType.ALERT
    status: str = CapAlert.Status.ACTUAL
    expires: dt.datetime | None = None


def _areas(incident: Incident) -> list[capxml.CapArea]:
    areas = [
        capxml.CapArea(
            description=area.village.chain,
            lat=area.village.lat,
            lon=area.village.lon,
            geocodes=[(capxml.GEOCODE_NAME, area.village_id)],
        )
        for area in incident.areas.select_related("village").order_by("village_id")
    ]
    if areas:
        return areas
    point = incident.point
    return [
        capxml.CapArea(
            description=incident.region.chain,
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            geocodes=[(capxml.GEOCODE_NAME, incident.region_id)],
        )
    ]


def _validate(incident: Incident, data: AlertData, earlier: list[CapAlert]) -> None:
    if data.msg_type not in CapAlert.MsgType.values:
        raise ActionError(_("Unknown message type."), field="msg_type")
    if data.status not in CapAlert.Status.values:
        raise ActionError(_("Unknown status."), field="status")
    for value, allowed, name in (
        (data.urgency, capxml.URGENCIES, "urgency"),
        (data.severity or "Unknown", capxml.SEVERITIES, "severity"),
        (data.certainty or "Unknown", capxml.CERTAINTIES, "certainty"),
    ):
        if value not in allowed:
            raise ActionError(_("Not a CAP value."), field=name)
    if data.response_type and data.response_type not in capxml.RESPONSE_TYPES:
        raise ActionError(_("Not a CAP value."), field="response_type")
    if not capxml.clean(data.headline):
        raise ActionError(_("Write a headline."), field="headline")
    if len(data.headline) > MAX_HEADLINE:
        raise ActionError(_("Keep the headline short."), field="headline")
    now = timezone.now()
    if data.expires is not None and not now < data.expires <= now + MAX_VALIDITY:
        raise ActionError(_("The expiry must lie within the next 14 days."), field="expires")
    if data.msg_type == CapAlert.MsgType.ALERT and earlier:
        raise Conflict(
            _("An alert was already issued; send an update or a cancellation."), code="issued"
        )
    if data.msg_type != CapAlert.MsgType.ALERT and not earlier:
        raise Conflict(_("Issue an alert first."), code="no_alert")
    if data.msg_type != CapAlert.MsgType.CANCEL and not incident.is_open:
        raise Conflict(_("The incident is no longer open."), code="closed")
    if earlier and earlier[-1].msg_type == CapAlert.MsgType.CANCEL:
        raise Conflict(_("The alert was cancelled."), code="cancelled")


@transaction.atomic
def issue_cap_alert(*, acting_user: User, incident: Incident, data: AlertData) -> CapAlert:
    """Issue a CAP 1.2 alert (or an update or cancellation of it) about the incident, for the
    public, in Indonesian, over the incident's villages."""
    if not can_issue_alerts(acting_user, incident):
        raise PermissionRefused()
    incident = (
        Incident.objects.select_for_update().select_related("type", "region").get(pk=incident.pk)
    )
    earlier = list(incident.cap_alerts.order_by("sent", "pk"))
    _validate(incident, data, earlier)
    sent = timezone.now().replace(microsecond=0)
    if earlier and sent <= earlier[-1].sent:
        sent = earlier[-1].sent + dt.timedelta(seconds=1)
    zone = capxml.zone_for(incident.region_id)
    sender = capxml.default_sender()
    identifier = f"IPSM-{incident.tracking_code}-{len(earlier) + 1:03d}"
    references = " ".join(
        f"{a.sender},{a.identifier},{capxml.cap_datetime(a.sent, zone)}" for a in earlier
    )
    severity = data.severity or capxml.SEVERITY_OF.get(incident.severity, "Unknown")
    certainty = data.certainty or (
        "Observed" if incident.status in Incident.ACTIVE_STATUSES else "Likely"
    )
    areas = _areas(incident)
    message = capxml.CapMessage(
        identifier=identifier,
        sender=sender,
        sent=sent,
        zone=zone,
        status=data.status,
        msg_type=data.msg_type,
        scope="Public",
        category=capxml.category_for(incident.type.code, incident.type.category),
        event=incident.type.name,
        urgency=data.urgency,
        severity=severity,
        certainty=certainty,
        response_type=data.response_type,
        headline=redact(data.headline.strip()),
        description=redact(data.description.strip()),
        instruction=redact(data.instruction.strip()),
        expires=data.expires,
        references=references if data.msg_type != CapAlert.MsgType.ALERT else "",
        incidents=incident.tracking_code,
        event_code=(capxml.EVENT_CODE_NAME, incident.type.code),
        parameters=[(capxml.INCIDENT_PARAMETER, incident.tracking_code)],
        areas=areas,
    )
    try:
        xml = capxml.build_alert(message)
    except capxml.InvalidCap as exc:  # pragma: no cover - the checks above come first
        raise ActionError(str(exc)) from exc
    alert = CapAlert.objects.create(
        incident=incident,
        identifier=identifier,
        sender=sender,
        sent=sent,
        status=data.status,
        msg_type=data.msg_type,
        references=message.references,
        category=message.category,
        event=message.event,
        urgency=message.urgency,
        severity=severity,
        certainty=certainty,
        response_type=data.response_type,
        headline=message.headline,
        description=message.description,
        instruction=message.instruction,
        expires=data.expires,
        area_count=len(areas),
        xml=xml,
        created_by=acting_user,
    )
    record_event(
        actor=acting_user,
        verb="relief.cap.issue",
        target=alert,
        region_code=incident.region_id,
        data={"incident": incident.pk, "msg_type": data.msg_type, "status": data.status},
    )
    return alert
