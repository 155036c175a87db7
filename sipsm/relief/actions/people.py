"""Registering affected people and households, and matching them later through the blind
index of their NIK or KK.

In an emergency people are often registered by name only, sometimes twice (at the village and
again at the evacuation site). `match_person` (`match_household`) adds the NIK (KK) to a
record, looks for the same number in the same incident through the blind index and links the
two records: the one that already had the number survives, the other points to
it (`duplicate_of`) and hands over its relief, household, shelter and missing details. Records
of the same person in other incidents are found with `other_records` (read only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError, Conflict
from sipsm.identity.fields import index_for
from sipsm.identity.kk import check_kk
from sipsm.identity.nik import check_nik
from sipsm.incidents.models import Incident
from sipsm.regions.models import Region
from sipsm.relief.actions.common import check_entry_village, clean_text, require_entry_rights
from sipsm.relief.models import (
    CHILD_UNDER_YEARS,
    ELDERLY_FROM_YEARS,
    AffectedPerson,
    Household,
    Relief,
    Shelter,
)

PERSON_FIELDS = [
    "village",
    "household",
    "shelter",
    "full_name",
    "sex",
    "birth_date",
    "age_years",
    "nik",
    "is_child",
    "is_elderly",
    "has_disability",
    "is_pregnant",
    "condition",
    "notes",
]
HOUSEHOLD_FIELDS = ["village", "head_name", "kk", "size", "address"]
MAX_AGE = 130


@dataclass
class PersonData:
    village: Region
    full_name: str
    sex: str = ""
    birth_date: dt.date | None = None
    age_years: int | None = None
    # Empty keeps the NIK already recorded (on update); a new one goes through `match_person`.
    nik: str = ""
    # Used only when the age is unknown; otherwise derived from the age.
    is_child: bool = False
    is_elderly: bool = False
    has_disability: bool = False
    is_pregnant: bool = False
    condition: str = AffectedPerson.Condition.SAFE
    household: Household | None = None
    shelter: Shelter | None = None
    notes: str = ""


@dataclass
class HouseholdData:
    village: Region
    head_name: str
    kk: str = ""
    size: int | None = None
    address: str = ""


def reference_date(incident: Incident) -> dt.date:
    """Ages (child, elderly) are taken on the day the incident was reported."""
    return timezone.localdate(incident.reported_at)


def _valid_nik(raw: str) -> str:
    result = check_nik(raw)
    if result.errors:
        raise ActionError("; ".join(str(e) for e in result.errors), field="nik")
    return result.nik


def _valid_kk(raw: str) -> str:
    result = check_kk(raw)
    if result.errors:
        raise ActionError("; ".join(str(e) for e in result.errors), field="kk")
    return result.kk


def _validate_person(incident: Incident, data: PersonData) -> None:
    if not clean_text(data.full_name, 150):
        raise ActionError(_("Give the person's name."), field="full_name")
    if data.sex not in {"", "M", "F"}:
        raise ActionError(_("Unknown sex."), field="sex")
    if data.condition not in AffectedPerson.Condition.values:
        raise ActionError(_("Unknown condition."), field="condition")
    today = timezone.localdate()
    if data.birth_date is not None and not (
        today - dt.timedelta(days=365 * MAX_AGE) <= data.birth_date <= today
    ):
        raise ActionError(_("This birth date is not plausible."), field="birth_date")
    if data.age_years is not None and not 0 <= data.age_years <= MAX_AGE:
        raise ActionError(_("This age is not plausible."), field="age_years")
    if data.is_pregnant and data.sex == "M":
        raise ActionError(_("Only a woman can be recorded as pregnant."), field="is_pregnant")
    if data.household is not None and data.household.incident_id != incident.pk:
        raise ActionError(_("This household belongs to another incident."), field="household")
    if data.shelter is not None and data.shelter.incident_id != incident.pk:
        raise ActionError(_("This shelter belongs to another incident."), field="shelter")


def _apply_person(person: AffectedPerson, data: PersonData, *, fill_from_nik: bool) -> None:
    person.village = data.village
    person.full_name = clean_text(data.full_name, 150)
    person.sex = data.sex
    person.birth_date = data.birth_date
    person.age_years = None if data.birth_date is not None else data.age_years
    person.has_disability = data.has_disability
    person.is_pregnant = data.is_pregnant
    person.condition = data.condition
    person.notes = data.notes.strip()[:2000]
    person.household = (
        data.household.duplicate_of or data.household if data.household is not None else None
    )
    if (
        data.shelter is not None
        and data.shelter.pk != person.shelter_id
        and not Shelter.objects.filter(pk=data.shelter.pk, is_open=True).exists()
    ):
        raise Conflict(_("This shelter is closed."), code="shelter_closed")
    person.shelter = data.shelter
    if person.shelter is not None and person.condition == AffectedPerson.Condition.SAFE:
        # Someone staying in an evacuation site has left their home.
        person.condition = AffectedPerson.Condition.DISPLACED
    if fill_from_nik and person.nik:
        _fill_from_nik(person)
    _derive_flags(person, child=data.is_child, elderly=data.is_elderly)


def _fill_from_nik(person: AffectedPerson) -> None:
    """Without a stated sex or age, use what the NIK encodes (it may differ from the truth,
    but it is the best estimate for the child/elderly flags)."""
    result = check_nik(person.nik)
    if result.errors:
        return
    if not person.sex and result.sex:
        person.sex = result.sex
    if person.birth_date is None and person.age_years is None and result.birth_date:
        person.birth_date = result.birth_date


def _derive_flags(person: AffectedPerson, *, child: bool, elderly: bool) -> None:
    """Child and elderly follow from the age when it is known; otherwise they are as stated."""
    age = person.age_on(reference_date(person.incident))
    if age is None:
        person.is_child = child
        person.is_elderly = elderly
    else:
        person.is_child = age < CHILD_UNDER_YEARS
        person.is_elderly = age >= ELDERLY_FROM_YEARS
    if person.is_child and person.is_elderly:
        raise ActionError(_("A person cannot be both a child and elderly."), field="is_elderly")


def _existing_with_nik(incident: Incident, index: str | None, exclude_id: int | None) -> Q:
    """The surviving record of this NIK in the incident (there is at most one)."""
    found = Q(incident=incident, nik_index=index, duplicate_of__isnull=True)
    return found & ~Q(pk=exclude_id) if exclude_id is not None else found


@transaction.atomic
def register_person(*, acting_user: User, incident: Incident, data: PersonData) -> AffectedPerson:
    """Register an affected person (NIK optional)."""
    require_entry_rights(acting_user, incident)
    _validate_person(incident, data)
    check_entry_village(acting_user, incident, data.village)
    nik = _valid_nik(data.nik) if data.nik else ""
    if nik:
        twin = AffectedPerson.objects.filter(
            _existing_with_nik(incident, index_for(nik, kind="nik"), None)
        ).first()
        if twin is not None:
            raise ActionError(
                _("This NIK is already registered for this incident (%(name)s).")
                % {"name": twin.full_name},
                code="duplicate",
                field="nik",
            )
    now = timezone.now()
    person = AffectedPerson(
        incident=incident, nik=nik, created_by=acting_user, created_at=now, updated_at=now
    )
    _apply_person(person, data, fill_from_nik=True)
    person.save()
    record_event(
        actor=acting_user,
        verb="relief.person.register",
        target=person,
        region_code=person.village_id,
        changes=initial_values(person, PERSON_FIELDS),
        data={"incident": incident.pk},
    )
    return person


@transaction.atomic
def update_person(*, acting_user: User, person: AffectedPerson, data: PersonData) -> AffectedPerson:
    """Correct or update a person's record (condition, shelter, flags...). A NIK given here is
    added through `match_person`, so it is matched."""
    incident = person.incident
    require_entry_rights(acting_user, incident)
    _validate_person(incident, data)
    person = AffectedPerson.objects.select_for_update().get(pk=person.pk)
    if person.duplicate_of_id is not None:
        raise Conflict(
            _("This record was linked to another one; update that record."), code="merged"
        )
    check_entry_village(acting_user, incident, person.village)
    if data.village.code != person.village_id:
        check_entry_village(acting_user, incident, data.village)
    before = snapshot(person, PERSON_FIELDS)
    _apply_person(person, data, fill_from_nik=False)
    person.updated_at = timezone.now()
    person.save()
    record_event(
        actor=acting_user,
        verb="relief.person.update",
        target=person,
        region_code=person.village_id,
        changes=changes_between(person, before, snapshot(person, PERSON_FIELDS)),
        data={"incident": incident.pk},
    )
    if data.nik:
        return match_person(acting_user=acting_user, person=person, nik=data.nik)
    return person


@transaction.atomic
def match_person(*, acting_user: User, person: AffectedPerson, nik: str) -> AffectedPerson:
    """Add (or correct) the NIK of a person registered without it, and link the record to the
    record of the same person in this incident, found through the NIK's blind index.

    Returns the record that survives: the one that already had this NIK when there is one
    (the given record then points to it and hands over its relief and details), otherwise
    the given record.
    """
    incident = person.incident
    require_entry_rights(acting_user, incident)
    nik = _valid_nik(nik)
    person = AffectedPerson.objects.select_for_update().get(pk=person.pk)
    if person.duplicate_of_id is not None:
        raise Conflict(
            _("This record was linked to another one; update that record."), code="merged"
        )
    check_entry_village(acting_user, incident, person.village)
    if person.nik == nik:
        return person
    had = bool(person.nik)
    person.nik = nik
    person.updated_at = timezone.now()
    twin = (
        AffectedPerson.objects.select_for_update()
        .filter(_existing_with_nik(incident, index_for(nik, kind="nik"), person.pk))
        .first()
    )
    if twin is None:
        _fill_from_nik(person)
        _derive_flags(person, child=person.is_child, elderly=person.is_elderly)
    else:
        # Link first, so that a NIK stays unique among the surviving records on save.
        person.duplicate_of = twin
    person.save()
    record_event(
        actor=acting_user,
        verb="relief.person.nik",
        target=person,
        region_code=person.village_id,
        changes={"nik": "changed" if had else "set"},
        data={"incident": incident.pk, "matched": twin.pk if twin else None},
    )
    if twin is None:
        return person
    return _merge_person(acting_user=acting_user, duplicate=person, into=twin)


def _merge_person(
    *, acting_user: User, duplicate: AffectedPerson, into: AffectedPerson
) -> AffectedPerson:
    """`duplicate` (already pointing to `into`) hands over its relief and details."""
    into = AffectedPerson.objects.select_for_update().get(pk=into.pk)
    before = snapshot(into, PERSON_FIELDS)
    moved = Relief.objects.filter(person=duplicate).update(person=into)
    AffectedPerson.objects.filter(duplicate_of=duplicate).update(duplicate_of=into)
    for name in ("sex", "birth_date", "age_years", "household", "notes"):
        if not getattr(into, name) and getattr(duplicate, name):
            setattr(into, name, getattr(duplicate, name))
    into.has_disability = into.has_disability or duplicate.has_disability
    into.is_pregnant = into.is_pregnant or duplicate.is_pregnant
    _derive_flags(
        into,
        child=into.is_child or duplicate.is_child,
        elderly=into.is_elderly or (duplicate.is_elderly and not duplicate.is_child),
    )
    if duplicate.updated_at > into.updated_at:
        # The more recent record knows better where the person is and how they are.
        into.condition = duplicate.condition
        into.shelter = duplicate.shelter or into.shelter
    elif into.shelter is None:
        into.shelter = duplicate.shelter
    into.updated_at = timezone.now()
    into.save()
    if duplicate.shelter_id is not None:
        AffectedPerson.objects.filter(pk=duplicate.pk).update(shelter=None)
    record_event(
        actor=acting_user,
        verb="relief.person.match",
        target=into,
        region_code=into.village_id,
        changes=changes_between(into, before, snapshot(into, PERSON_FIELDS)),
        data={"duplicate": duplicate.pk, "relief_moved": moved, "incident": into.incident_id},
    )
    return into


def other_records(person: AffectedPerson) -> QuerySet[AffectedPerson]:
    """Records of the same NIK in other incidents (for the caller to filter by scope)."""
    if not person.nik_index:
        return AffectedPerson.objects.none()
    return AffectedPerson.objects.filter(
        nik_index=person.nik_index, duplicate_of__isnull=True
    ).exclude(incident_id=person.incident_id)


# Households ---------------------------------------------------------------------------------


def _validate_household(data: HouseholdData) -> None:
    if not clean_text(data.head_name, 150):
        raise ActionError(_("Give the name of the head of household."), field="head_name")
    if data.size is not None and not 1 <= data.size <= 60:
        raise ActionError(_("This household size is not plausible."), field="size")


@transaction.atomic
def register_household(*, acting_user: User, incident: Incident, data: HouseholdData) -> Household:
    require_entry_rights(acting_user, incident)
    _validate_household(data)
    check_entry_village(acting_user, incident, data.village)
    kk = _valid_kk(data.kk) if data.kk else ""
    if kk:
        twin = Household.objects.filter(
            incident=incident, kk_index=index_for(kk, kind="kk"), duplicate_of__isnull=True
        ).first()
        if twin is not None:
            raise ActionError(
                _("This KK is already registered for this incident (%(name)s).")
                % {"name": twin.head_name},
                code="duplicate",
                field="kk",
            )
    now = timezone.now()
    household = Household(
        incident=incident,
        village=data.village,
        head_name=clean_text(data.head_name, 150),
        kk=kk,
        size=data.size,
        address=clean_text(data.address, 255),
        created_by=acting_user,
        created_at=now,
        updated_at=now,
    )
    household.save()
    record_event(
        actor=acting_user,
        verb="relief.household.register",
        target=household,
        region_code=household.village_id,
        changes=initial_values(household, HOUSEHOLD_FIELDS),
        data={"incident": incident.pk},
    )
    return household


@transaction.atomic
def update_household(*, acting_user: User, household: Household, data: HouseholdData) -> Household:
    incident = household.incident
    require_entry_rights(acting_user, incident)
    _validate_household(data)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.duplicate_of_id is not None:
        raise Conflict(
            _("This record was linked to another one; update that record."), code="merged"
        )
    check_entry_village(acting_user, incident, household.village)
    if data.village.code != household.village_id:
        check_entry_village(acting_user, incident, data.village)
    before = snapshot(household, HOUSEHOLD_FIELDS)
    household.village = data.village
    household.head_name = clean_text(data.head_name, 150)
    household.size = data.size
    household.address = clean_text(data.address, 255)
    household.updated_at = timezone.now()
    household.save()
    record_event(
        actor=acting_user,
        verb="relief.household.update",
        target=household,
        region_code=household.village_id,
        changes=changes_between(household, before, snapshot(household, HOUSEHOLD_FIELDS)),
        data={"incident": incident.pk},
    )
    if data.kk:
        return match_household(acting_user=acting_user, household=household, kk=data.kk)
    return household


@transaction.atomic
def match_household(*, acting_user: User, household: Household, kk: str) -> Household:
    """Add (or correct) the KK number of a household registered without it, and link it to
    the household of the same KK in this incident (blind index). Returns the surviving record;
    members and relief of the linked record move to it."""
    incident = household.incident
    require_entry_rights(acting_user, incident)
    kk = _valid_kk(kk)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.duplicate_of_id is not None:
        raise Conflict(
            _("This record was linked to another one; update that record."), code="merged"
        )
    check_entry_village(acting_user, incident, household.village)
    if household.kk == kk:
        return household
    had = bool(household.kk)
    household.kk = kk
    household.updated_at = timezone.now()
    twin = (
        Household.objects.select_for_update()
        .filter(incident=incident, kk_index=index_for(kk, kind="kk"), duplicate_of__isnull=True)
        .exclude(pk=household.pk)
        .first()
    )
    if twin is not None:
        household.duplicate_of = twin
    household.save()
    record_event(
        actor=acting_user,
        verb="relief.household.kk",
        target=household,
        region_code=household.village_id,
        changes={"kk": "changed" if had else "set"},
        data={"incident": incident.pk},
    )
    if twin is None:
        return household
    return _merge_household(acting_user=acting_user, duplicate=household, into=twin)


def _merge_household(*, acting_user: User, duplicate: Household, into: Household) -> Household:
    into = Household.objects.select_for_update().get(pk=into.pk)
    before = snapshot(into, HOUSEHOLD_FIELDS)
    members = AffectedPerson.objects.filter(household=duplicate).update(household=into)
    moved = Relief.objects.filter(household=duplicate).update(household=into)
    Household.objects.filter(duplicate_of=duplicate).update(duplicate_of=into)
    if duplicate.size and (into.size or 0) < duplicate.size:
        into.size = duplicate.size
    if not into.address and duplicate.address:
        into.address = duplicate.address
    into.updated_at = timezone.now()
    into.save()
    record_event(
        actor=acting_user,
        verb="relief.household.match",
        target=into,
        region_code=into.village_id,
        changes=changes_between(into, before, snapshot(into, HOUSEHOLD_FIELDS)),
        data={
            "duplicate": duplicate.pk,
            "members_moved": members,
            "relief_moved": moved,
            "incident": into.incident_id,
        },
    )
    return into
