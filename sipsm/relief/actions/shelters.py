"""Opening, updating, counting and closing evacuation sites and aid posts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.incidents.models import Incident
from sipsm.regions.models import Region
from sipsm.relief.actions.common import CLOSED_FOR_GOOD, clean_text
from sipsm.relief.models import Shelter
from sipsm.relief.permissions import can_manage_shelters, shelter_villages

FIELDS = ["name", "kind", "village", "address", "lat", "lon", "capacity"]


@dataclass
class ShelterData:
    name: str
    village: Region
    kind: str = Shelter.Kind.PENGUNGSIAN
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int | None = None


def _require(acting_user: User, incident: Incident) -> None:
    if not can_manage_shelters(acting_user, incident):
        raise PermissionRefused()


def _validate(acting_user: User, incident: Incident, data: ShelterData) -> None:
    if not clean_text(data.name, 150):
        raise ActionError(_("Give the site a name."), field="name")
    if data.kind not in Shelter.Kind.values:
        raise ActionError(_("Unknown kind."), field="kind")
    if data.village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village."), field="village")
    if not shelter_villages(acting_user, incident).filter(code=data.village.code).exists():
        raise ActionError(_("The village is outside your area."), field="village")
    if (data.lat is None) != (data.lon is None):
        raise ActionError(_("Give both latitude and longitude."), field="lon")
    if data.lat is not None and not -11.5 <= data.lat <= 6.5:
        raise ActionError(_("The latitude is outside Indonesia."), field="lat")
    if data.lon is not None and not 94.5 <= data.lon <= 141.5:
        raise ActionError(_("The longitude is outside Indonesia."), field="lon")
    if data.capacity is not None and data.capacity < 0:
        raise ActionError(_("Cannot be negative."), field="capacity")


def _apply(shelter: Shelter, data: ShelterData) -> None:
    shelter.name = clean_text(data.name, 150)
    shelter.kind = data.kind
    shelter.village = data.village
    shelter.address = clean_text(data.address, 255)
    shelter.lat, shelter.lon = data.lat, data.lon
    shelter.capacity = data.capacity


@transaction.atomic
def open_shelter(*, acting_user: User, incident: Incident, data: ShelterData) -> Shelter:
    """Record a posko or evacuation site of the incident (it may lie outside the affected
    villages: people are often evacuated to a neighbouring village)."""
    _require(acting_user, incident)
    if incident.status in CLOSED_FOR_GOOD:
        raise Conflict(_("This incident was called off."), code="called_off")
    _validate(acting_user, incident, data)
    now = timezone.now()
    shelter = Shelter(incident=incident, created_by=acting_user, opened_at=now, updated_at=now)
    _apply(shelter, data)
    shelter.save()
    record_event(
        actor=acting_user,
        verb="relief.shelter.open",
        target=shelter,
        region_code=shelter.village_id,
        changes=initial_values(shelter, FIELDS),
        data={"incident": incident.pk},
    )
    return shelter


@transaction.atomic
def update_shelter(*, acting_user: User, shelter: Shelter, data: ShelterData) -> Shelter:
    _require(acting_user, shelter.incident)
    _validate(acting_user, shelter.incident, data)
    shelter = Shelter.objects.select_for_update().get(pk=shelter.pk)
    before = snapshot(shelter, FIELDS)
    _apply(shelter, data)
    shelter.updated_at = timezone.now()
    shelter.save()
    record_event(
        actor=acting_user,
        verb="relief.shelter.update",
        target=shelter,
        region_code=shelter.village_id,
        changes=changes_between(shelter, before, snapshot(shelter, FIELDS)),
        data={"incident": shelter.incident_id},
    )
    return shelter


@transaction.atomic
def record_head_count(*, acting_user: User, shelter: Shelter, count: int | None) -> Shelter:
    """The number of people counted on site (None clears it: occupancy then comes from the
    registered occupants only)."""
    _require(acting_user, shelter.incident)
    if count is not None and count < 0:
        raise ActionError(_("Cannot be negative."), field="manual_count")
    shelter = Shelter.objects.select_for_update().get(pk=shelter.pk)
    if not shelter.is_open and count:
        raise Conflict(_("This shelter is closed."), code="shelter_closed")
    before = shelter.manual_count
    now = timezone.now()
    shelter.manual_count = count
    shelter.counted_at = now if count is not None else None
    shelter.updated_at = now
    shelter.save(update_fields=["manual_count", "counted_at", "updated_at"])
    record_event(
        actor=acting_user,
        verb="relief.shelter.count",
        target=shelter,
        region_code=shelter.village_id,
        changes={"manual_count": [before, count]},
        data={"incident": shelter.incident_id},
    )
    return shelter


@transaction.atomic
def close_shelter(*, acting_user: User, shelter: Shelter) -> Shelter:
    """Close the site. Its registered occupants have left it: their shelter is cleared (their
    condition stays as recorded)."""
    _require(acting_user, shelter.incident)
    shelter = Shelter.objects.select_for_update().get(pk=shelter.pk)
    if not shelter.is_open:
        raise Conflict(_("This shelter is already closed."), code="shelter_closed")
    now = timezone.now()
    released = shelter.occupants.update(shelter=None, updated_at=now)
    shelter.is_open = False
    shelter.closed_at = now
    shelter.manual_count = None
    shelter.updated_at = now
    shelter.save(update_fields=["is_open", "closed_at", "manual_count", "updated_at"])
    record_event(
        actor=acting_user,
        verb="relief.shelter.close",
        target=shelter,
        region_code=shelter.village_id,
        changes={"is_open": [True, False]},
        data={"incident": shelter.incident_id, "occupants_released": released},
    )
    return shelter


@transaction.atomic
def reopen_shelter(*, acting_user: User, shelter: Shelter) -> Shelter:
    _require(acting_user, shelter.incident)
    shelter = Shelter.objects.select_for_update().get(pk=shelter.pk)
    if shelter.is_open:
        raise Conflict(_("This shelter is open."), code="shelter_open")
    shelter.is_open = True
    shelter.closed_at = None
    shelter.updated_at = timezone.now()
    shelter.save(update_fields=["is_open", "closed_at", "updated_at"])
    record_event(
        actor=acting_user,
        verb="relief.shelter.reopen",
        target=shelter,
        region_code=shelter.village_id,
        changes={"is_open": [False, True]},
        data={"incident": shelter.incident_id},
    )
    return shelter
