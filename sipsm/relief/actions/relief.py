"""Recording relief handed to a person or a household."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import initial_values, record_event
from sipsm.core.errors import ActionError
from sipsm.incidents.models import Incident
from sipsm.relief.actions.common import check_entry_village, clean_text, require_entry_rights
from sipsm.relief.models import AffectedPerson, Household, Need, NeedCategory, Relief

FIELDS = [
    "person",
    "household",
    "need",
    "kind",
    "description",
    "quantity",
    "unit",
    "given_on",
    "given_by",
]


@dataclass
class ReliefData:
    kind: str
    quantity: Decimal = Decimal(1)
    unit: str = "paket"
    description: str = ""
    given_on: dt.date | None = None
    given_by: str = ""
    need: Need | None = None


@transaction.atomic
def give_relief(
    *,
    acting_user: User,
    incident: Incident,
    data: ReliefData,
    person: AffectedPerson | None = None,
    household: Household | None = None,
) -> Relief:
    """Record relief given to one person or one household of the incident. Relief for a
    record that was linked to another goes to the surviving record."""
    require_entry_rights(acting_user, incident)
    if (person is None) == (household is None):
        raise ActionError(_("Choose one person or one household."), field="person")
    if data.kind not in NeedCategory.values:
        raise ActionError(_("Unknown kind."), field="kind")
    if data.quantity <= 0:
        raise ActionError(_("Give a quantity above zero."), field="quantity")
    if not clean_text(data.unit, 30):
        raise ActionError(_("Give a unit."), field="unit")
    today = timezone.localdate()
    given_on = data.given_on or today
    if given_on > today or given_on < timezone.localdate(incident.reported_at) - dt.timedelta(
        days=1
    ):
        raise ActionError(
            _("The date must lie between the incident's report and today."), field="given_on"
        )
    if data.need is not None and data.need.incident_id != incident.pk:
        raise ActionError(_("This need belongs to another incident."), field="need")
    if person is not None:
        if person.incident_id != incident.pk:
            raise ActionError(_("This person belongs to another incident."), field="person")
        person = person.duplicate_of or person
        village = person.village
    else:
        assert household is not None
        if household.incident_id != incident.pk:
            raise ActionError(_("This household belongs to another incident."), field="household")
        household = household.duplicate_of or household
        village = household.village
    check_entry_village(acting_user, incident, village)
    relief = Relief.objects.create(
        incident=incident,
        person=person,
        household=household,
        need=data.need,
        kind=data.kind,
        description=clean_text(data.description, 200),
        quantity=data.quantity,
        unit=clean_text(data.unit, 30),
        given_on=given_on,
        given_by=clean_text(data.given_by, 150),
        recorded_by=acting_user,
        recorded_at=timezone.now(),
    )
    record_event(
        actor=acting_user,
        verb="relief.give",
        target=relief,
        region_code=village.code,
        changes=initial_values(relief, FIELDS),
        data={"incident": incident.pk},
    )
    return relief
