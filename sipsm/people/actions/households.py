"""Households (family cards) and who is on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.identity.fields import index_for
from sipsm.identity.kk import check_kk
from sipsm.people.actions.persons import clean_name
from sipsm.people.models import Household, HouseholdMembership, Person, Relationship
from sipsm.people.permissions import can_register_in
from sipsm.regions.models import Region

HOUSEHOLD_FIELDS = ["head_name", "kk", "village", "address"]


@dataclass
class HouseholdData:
    head_name: str
    village: Region
    kk: str = ""
    address: str = ""


def _validate(data: HouseholdData) -> str:
    if not clean_name(data.head_name):
        raise ActionError(_("Give the name of the head of the family."), field="head_name")
    if data.village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field="village")
    if not data.kk:
        return ""
    result = check_kk(data.kk)
    if result.errors:
        raise ActionError("; ".join(str(e) for e in result.errors), field="kk")
    return result.kk


def _check_kk_free(kk: str, *, exclude_id: int | None = None) -> None:
    if not kk:
        return
    others = Household.objects.current().filter(kk_index=index_for(kk, kind="kk"))
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if others.exists():
        raise ActionError(
            _("A household with this KK number is already registered."),
            field="kk",
            code="duplicate_kk",
        )


@transaction.atomic
def register_household(*, acting_user: User | None, data: HouseholdData) -> Household:
    kk = _validate(data)
    if acting_user is not None and not can_register_in(acting_user, data.village.code):
        raise PermissionRefused(_("The village is outside your area."))
    _check_kk_free(kk)
    now = timezone.now()
    household = Household.objects.create(
        head_name=clean_name(data.head_name),
        kk=kk,
        village=data.village,
        address=data.address.strip()[:1000],
        created_by=acting_user,
        created_at=now,
        updated_at=now,
    )
    record_event(
        actor=acting_user,
        verb="household.register",
        target=household,
        region_code=household.village_id,
        changes=initial_values(household, HOUSEHOLD_FIELDS),
    )
    return household


@transaction.atomic
def update_household(*, acting_user: User, household: Household, data: HouseholdData) -> Household:
    """Correct a household. An empty KK keeps the number recorded."""
    kk = _validate(data)
    if not can_register_in(acting_user, household.village_id) or not can_register_in(
        acting_user, data.village.code
    ):
        raise PermissionRefused()
    household = Household.objects.select_for_update().get(pk=household.pk)
    _check_kk_free(kk, exclude_id=household.pk)
    before = snapshot(household, HOUSEHOLD_FIELDS)
    household.head_name = clean_name(data.head_name)
    household.village = data.village
    household.address = data.address.strip()[:1000]
    if kk:
        household.kk = kk
    household.updated_at = timezone.now()
    household.save()
    record_event(
        actor=acting_user,
        verb="household.update",
        target=household,
        region_code=household.village_id,
        changes=changes_between(household, before, snapshot(household, HOUSEHOLD_FIELDS)),
    )
    return household


@transaction.atomic
def add_member(
    *,
    acting_user: User | None,
    household: Household,
    person: Person,
    relationship: str,
    since: dt.date | None = None,
) -> HouseholdMembership:
    """Put a person on a family card. A person is on one KK at a time: a current membership
    of another household ends the day before."""
    if acting_user is not None and not (
        can_register_in(acting_user, household.village_id)
        and can_register_in(acting_user, person.village_id)
    ):
        raise PermissionRefused()
    if relationship not in Relationship.values:
        raise ActionError(_("Unknown relationship."), field="relationship")
    if person.merged_into_id is not None:
        raise Conflict(_("This record was merged into another one."), code="merged")
    since = since or timezone.localdate()
    current = (
        HouseholdMembership.objects.select_for_update()
        .filter(person=person, until__isnull=True)
        .first()
    )
    if current is not None and current.household_id == household.pk:
        raise Conflict(_("This person is already on this family card."), code="already_member")
    if (
        relationship == Relationship.HEAD
        and HouseholdMembership.objects.filter(
            household=household, relationship=Relationship.HEAD, until__isnull=True
        ).exists()
    ):
        raise ActionError(_("This family card already has a head."), field="relationship")
    if current is not None:
        current.until = max(current.since, since - dt.timedelta(days=1))
        current.end_reason = _("Moved to another family card")[:200]
        current.save(update_fields=["until", "end_reason"])
    membership = HouseholdMembership.objects.create(
        household=household,
        person=person,
        relationship=relationship,
        since=since,
        recorded_by=acting_user,
    )
    record_event(
        actor=acting_user,
        verb="household.add_member",
        target=household,
        region_code=household.village_id,
        data={
            "person": person.pk,
            "relationship": relationship,
            "since": since,
            "previous_household": current.household_id if current else None,
        },
    )
    return membership


@transaction.atomic
def end_membership(
    *, acting_user: User, membership: HouseholdMembership, until: dt.date, reason: str
) -> HouseholdMembership:
    household = membership.household
    if not can_register_in(acting_user, household.village_id):
        raise PermissionRefused()
    membership = HouseholdMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.until is not None:
        raise Conflict(_("This membership has already ended."), code="ended")
    if until < membership.since or until > timezone.localdate():
        raise ActionError(_("This date is not possible."), field="until")
    if not reason.strip():
        raise ActionError(_("Give a reason."), field="reason")
    membership.until = until
    membership.end_reason = reason.strip()[:200]
    membership.save(update_fields=["until", "end_reason"])
    record_event(
        actor=acting_user,
        verb="household.end_member",
        target=household,
        region_code=household.village_id,
        # The reason is kept (encrypted) on the membership, not in the audit trail.
        data={
            "person": membership.person_id,
            "until": until,
            "reason_given": True,
            "reason_length": len(membership.end_reason),
        },
    )
    return membership
