"""Recording and updating the needs assessed in an incident's villages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError
from sipsm.incidents.models import Incident
from sipsm.regions.models import Region
from sipsm.relief.actions.common import check_entry_village, clean_text, require_entry_rights
from sipsm.relief.models import Need, NeedCategory

FIELDS = [
    "village",
    "category",
    "people_affected",
    "quantity",
    "unit",
    "description",
    "priority",
    "status",
]


@dataclass
class NeedData:
    village: Region
    category: str
    people_affected: int = 0
    quantity: Decimal | None = None
    unit: str = ""
    description: str = ""
    priority: str = Need.Priority.MEDIUM
    status: str = Need.Status.OPEN


def _validate(data: NeedData) -> None:
    if data.category not in NeedCategory.values:
        raise ActionError(_("Unknown category."), field="category")
    if data.priority not in Need.Priority.values:
        raise ActionError(_("Unknown priority."), field="priority")
    if data.status not in Need.Status.values:
        raise ActionError(_("Unknown status."), field="status")
    if data.people_affected < 0:
        raise ActionError(_("Cannot be negative."), field="people_affected")
    if data.quantity is not None and data.quantity < 0:
        raise ActionError(_("Cannot be negative."), field="quantity")


def _apply(need: Need, data: NeedData) -> None:
    need.village = data.village
    need.category = data.category
    need.people_affected = data.people_affected
    need.quantity = data.quantity
    need.unit = clean_text(data.unit, 30)
    need.description = data.description.strip()[:4000]
    need.priority = data.priority
    need.status = data.status


@transaction.atomic
def record_need(*, acting_user: User, incident: Incident, data: NeedData) -> Need:
    """A new assessed need in one of the incident's villages."""
    require_entry_rights(acting_user, incident)
    _validate(data)
    check_entry_village(acting_user, incident, data.village)
    now = timezone.now()
    need = Need(incident=incident, assessed_by=acting_user, assessed_at=now, updated_at=now)
    _apply(need, data)
    need.save()
    record_event(
        actor=acting_user,
        verb="relief.need.record",
        target=need,
        region_code=need.village_id,
        changes=initial_values(need, FIELDS),
        data={"incident": incident.pk},
    )
    return need


@transaction.atomic
def update_need(*, acting_user: User, need: Need, data: NeedData) -> Need:
    """Re-assess a need (the assessor and time become the acting user and now)."""
    incident = need.incident
    require_entry_rights(acting_user, incident)
    _validate(data)
    need = Need.objects.select_for_update().get(pk=need.pk)
    check_entry_village(acting_user, incident, need.village)
    if data.village.code != need.village_id:
        check_entry_village(acting_user, incident, data.village)
    before = snapshot(need, FIELDS)
    _apply(need, data)
    now = timezone.now()
    need.assessed_by = acting_user
    need.assessed_at = now
    need.updated_at = now
    need.save()
    record_event(
        actor=acting_user,
        verb="relief.need.update",
        target=need,
        region_code=need.village_id,
        changes=changes_between(need, before, snapshot(need, FIELDS)),
        data={"incident": incident.pk},
    )
    return need


@transaction.atomic
def set_need_status(*, acting_user: User, need: Need, status: str) -> Need:
    """Mark a need open, partly met or met."""
    incident = need.incident
    require_entry_rights(acting_user, incident)
    if status not in Need.Status.values:
        raise ActionError(_("Unknown status."), field="status")
    need = Need.objects.select_for_update().get(pk=need.pk)
    check_entry_village(acting_user, incident, need.village)
    before = need.status
    if before == status:
        return need
    need.status = status
    need.updated_at = timezone.now()
    need.save(update_fields=["status", "updated_at"])
    record_event(
        actor=acting_user,
        verb="relief.need.status",
        target=need,
        region_code=need.village_id,
        changes={"status": [before, status]},
        data={"incident": incident.pk},
    )
    return need
