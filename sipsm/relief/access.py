"""The only way views and the API obtain relief rows. Every function first obtains the
incident through `sipsm.incidents.access` (404 when it is missing or out of scope), then the
row inside that incident (404 when it is missing, belongs to another incident, or is a
personal row the user may not read). Changing needs a further check (403)."""

from __future__ import annotations

from django.http import Http404

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.incidents.access import access_incident
from sipsm.incidents.models import Incident
from sipsm.relief.models import AffectedPerson, CapAlert, Household, Need, Relief, Shelter
from sipsm.relief.permissions import (
    can_enter_data,
    can_issue_alerts,
    can_manage_shelters,
    can_see_people,
)


def access_relief_incident(user: User, incident_id: int) -> Incident:
    """An incident whose needs, shelters, sitrep and alerts the user may read."""
    return access_incident(user, incident_id)


def access_people_incident(user: User, incident_id: int) -> Incident:
    """An incident whose people and households the user may list (403 for partners)."""
    incident = access_incident(user, incident_id)
    if not can_see_people(user, incident):
        raise PermissionRefused()
    return incident


def access_incident_for_entries(user: User, incident_id: int) -> Incident:
    incident = access_incident(user, incident_id)
    require_entries(user, incident)
    return incident


def access_incident_for_shelters(user: User, incident_id: int) -> Incident:
    incident = access_incident(user, incident_id)
    if not can_manage_shelters(user, incident):
        raise PermissionRefused()
    return incident


def access_incident_for_alerts(user: User, incident_id: int) -> Incident:
    incident = access_incident(user, incident_id)
    if not can_issue_alerts(user, incident):
        raise PermissionRefused()
    return incident


def require_entries(user: User, incident: Incident) -> None:
    if not can_enter_data(user, incident):
        raise PermissionRefused()


def access_need(user: User, incident: Incident, need_id: int) -> Need:
    need = Need.objects.select_related("village").filter(pk=need_id, incident=incident).first()
    if need is None:
        raise Http404
    return need


def access_shelter(user: User, incident: Incident, shelter_id: int) -> Shelter:
    shelter = (
        Shelter.objects.select_related("village").filter(pk=shelter_id, incident=incident).first()
    )
    if shelter is None:
        raise Http404
    return shelter


def access_person(user: User, incident: Incident, person_id: int) -> AffectedPerson:
    if not can_see_people(user, incident):
        raise Http404
    person = (
        AffectedPerson.objects.select_related("village", "household", "shelter", "duplicate_of")
        .filter(pk=person_id, incident=incident)
        .first()
    )
    if person is None:
        raise Http404
    record_event(
        actor=user,
        verb="access.affected_person.read",
        target=person,
        region_code=person.village_id or "",
        data={"incident": incident.pk},
    )
    return person


def log_nik_lookup(user: User, incident: Incident, found: list[int]) -> None:
    """A search for affected people by NIK: who searched and what it found (never the NIK)."""
    record_event(
        actor=user,
        verb="access.affected_person.nik_lookup",
        target=incident,
        region_code=incident.region_id or "",
        data={"found": found},
    )


def access_household(user: User, incident: Incident, household_id: int) -> Household:
    if not can_see_people(user, incident):
        raise Http404
    household = (
        Household.objects.select_related("village", "duplicate_of")
        .filter(pk=household_id, incident=incident)
        .first()
    )
    if household is None:
        raise Http404
    return household


def access_relief(user: User, incident: Incident, relief_id: int) -> Relief:
    if not can_see_people(user, incident):
        raise Http404
    relief = Relief.objects.filter(pk=relief_id, incident=incident).first()
    if relief is None:
        raise Http404
    return relief


def access_cap_alert(user: User, incident: Incident, alert_id: int) -> CapAlert:
    alert = CapAlert.objects.filter(pk=alert_id, incident=incident).first()
    if alert is None:
        raise Http404
    return alert
