"""The only way views and the API obtain incidents and assignments (404 for missing and for
out of scope alike)."""

from __future__ import annotations

from django.http import Http404

from sipsm.accounts.models import User
from sipsm.core.errors import PermissionRefused
from sipsm.incidents.models import Incident, IncidentQuerySet
from sipsm.incidents.permissions import can_manage_incident, can_see_incidents, can_see_photo


def incidents_for(user: User) -> IncidentQuerySet:
    if not can_see_incidents(user):
        return Incident.objects.none()
    return Incident.objects.visible_to(user)


def access_incident(user: User, incident_id: int) -> Incident:
    if not can_see_incidents(user):
        raise Http404
    incident = (
        Incident.objects.select_related("type", "region", "reported_by")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None:
        raise Http404
    if not Incident.objects.visible_to(user).filter(pk=incident.pk).exists():
        raise Http404
    return incident


def access_incident_for_management(user: User, incident_id: int) -> Incident:
    incident = access_incident(user, incident_id)
    if not can_manage_incident(user, incident):
        raise PermissionRefused()
    return incident


def access_incident_photo(user: User, incident_id: int) -> Incident:
    """The incident whose photo `user` may look at (404 without a photo, 403 when the photo
    is not for them: see permissions.can_see_photo)."""
    incident = access_incident(user, incident_id)
    if not can_see_photo(user, incident):
        raise PermissionRefused()
    if not incident.photo:
        raise Http404
    return incident
