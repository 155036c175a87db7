"""Checks shared by the relief actions."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.incidents.actions.lifecycle import set_affected_villages
from sipsm.incidents.models import Incident, IncidentArea
from sipsm.regions.models import Region
from sipsm.relief.permissions import can_enter_data, entry_villages

CLOSED_FOR_GOOD = {Incident.Status.FALSE_ALARM, Incident.Status.STOOD_DOWN}


def require_entry_rights(acting_user: User, incident: Incident) -> None:
    if not can_enter_data(acting_user, incident):
        raise PermissionRefused()
    if incident.status in CLOSED_FOR_GOOD:
        raise Conflict(
            _("This incident was called off; nothing can be recorded for it."), code="called_off"
        )


def check_entry_village(acting_user: User, incident: Incident, village: Region) -> None:
    """The village must be one the user may record in; a manager's pick outside the affected
    villages (but inside the incident's location) becomes an affected village."""
    if village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village."), field="village")
    if not entry_villages(acting_user, incident).filter(code=village.code).exists():
        raise ActionError(_("Choose one of the incident's villages."), field="village")
    if not incident.areas.filter(village_id=village.code).exists():
        set_affected_villages(
            acting_user=acting_user,
            incident=incident,
            villages=[village],
            source=IncidentArea.Source.REPORTED,
        )


def clean_text(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]
