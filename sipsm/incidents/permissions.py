"""Who may do what with an incident (the rules; access.py applies them to requests)."""

from __future__ import annotations

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.incidents.models import Incident

MANAGERS = {
    Role.NATIONAL_ADMIN,
    Role.PROVINCE_COORDINATOR,
    Role.REGENCY_COORDINATOR,
    Role.DISTRICT_COORDINATOR,
}
REPORTERS = MANAGERS | {Role.VILLAGE_PSM}


def can_see_incidents(user: User) -> bool:
    return user.is_active and user.role in REPORTERS | {Role.GOVERNMENT_PARTNER}


def can_report(user: User) -> bool:
    return user.is_active and user.role in REPORTERS


def can_manage_incident(user: User, incident: Incident) -> bool:
    """Coordinators whose area holds the incident's location verify, dispatch and close it."""
    return user.is_active and user.role in MANAGERS and user.covers(incident.region_id)


def can_see_exact_positions(user: User, incident: Incident) -> bool:
    """A responder's exact position is for coordinators of an active incident only."""
    return can_manage_incident(user, incident) and incident.status in Incident.ACTIVE_STATUSES


def can_see_responders(user: User, incident: Incident) -> bool:
    """Who was called out is personal: PSMs and coordinators who see the incident see names;
    a government partner gets counts only (partners read aggregates)."""
    return user.is_active and user.role in REPORTERS


def can_see_photo(user: User, incident: Incident) -> bool:
    """A member's photo is for everyone who sees the incident but the partner; a photo sent
    through the public form (a stranger's picture, maybe of people) is for coordinators."""
    if incident.channel == "public":
        return can_manage_incident(user, incident)
    return can_see_responders(user, incident)
