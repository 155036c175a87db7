"""Who may see and change the needs, people, shelters and relief of an incident.

Everything follows the incident (sipsm.incidents.permissions):
- needs, shelters, the sitrep, exports and CAP alerts: whoever can see the incident;
- people, households and the relief given to them (names, conditions, masked NIK/KK): the
  same, except government partners, who get the counts (sitrep) but no personal rows;
- needs, people, households and relief are entered by the incident's managers and by the
  PSMs on an engaged assignment (accepted or on site) while the incident is open, in the
  incident's villages;
- shelters and CAP alerts are managed by the incident's managers.
"""

from __future__ import annotations

from django.db.models import Q

from sipsm.accounts.models import User
from sipsm.incidents.models import Assignment, Incident
from sipsm.incidents.permissions import REPORTERS, can_manage_incident
from sipsm.regions.models import Region, RegionQuerySet


def is_engaged_responder(user: User, incident: Incident) -> bool:
    """The user is the account of a PSM who accepted this (open) incident or is on site."""
    if not user.is_active or not user.pk:
        return False
    return Assignment.objects.engaged().filter(incident=incident, member__user=user).exists()


def can_see_people(user: User, incident: Incident) -> bool:
    """Personal rows, for a user who can already see the incident."""
    return user.is_active and user.role in REPORTERS


def can_enter_data(user: User, incident: Incident) -> bool:
    """Record needs, people, households and relief."""
    return can_manage_incident(user, incident) or is_engaged_responder(user, incident)


def can_manage_shelters(user: User, incident: Incident) -> bool:
    return can_manage_incident(user, incident)


def can_issue_alerts(user: User, incident: Incident) -> bool:
    return can_manage_incident(user, incident)


def incident_villages(incident: Incident) -> RegionQuerySet:
    return Region.objects.filter(code__in=incident.areas.values("village_id"))


def entry_villages(user: User, incident: Incident) -> RegionQuerySet:
    """Villages in which the user may record entries for this incident.

    Responders: the incident's affected villages. Managers: those, and any village inside the
    incident's location (it becomes an affected village when an entry is recorded there).
    """
    in_areas = Q(code__in=incident.areas.values("village_id"))
    if can_manage_incident(user, incident):
        region = incident.region_id
        inside = Q(code=region) | Q(code__startswith=region + ".")
        return Region.objects.villages().filter(in_areas | (inside & user.scope_q("code")))
    if is_engaged_responder(user, incident):
        return Region.objects.villages().filter(in_areas)
    return Region.objects.none()


def shelter_villages(user: User, incident: Incident) -> RegionQuerySet:
    """Evacuation sites are often outside the affected villages: any village the manager covers."""
    if not can_manage_shelters(user, incident):
        return Region.objects.none()
    return Region.objects.villages().filter(user.scope_q("code"))
