"""Registering people, correcting their records, their PPKS groups, and merging two records
of the same person.

`merge_persons` keeps both records: the duplicate is marked `merged_into` the survivor and
keeps its own fields and audit trail; everything that pointed to it (household memberships,
PPKS groups, cases, and the rows of any other module that refers to `people.Person`) is
moved to the survivor, which takes over the details it lacked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.ratelimit import hit
from sipsm.identity.fields import index_for
from sipsm.identity.nik import check_nik
from sipsm.people.models import (
    CHILD_UNDER_YEARS,
    HouseholdMembership,
    LegalBasis,
    Person,
    PpksMembership,
    ReferenceList,
    WelfareCategory,
)
from sipsm.people.names import name_key
from sipsm.people.permissions import can_merge, can_register_in, can_set_legal_basis
from sipsm.regions.models import Region

MAX_AGE = 130
PERSON_FIELDS = [
    "full_name",
    "sex",
    "birth_date",
    "estimated_birth_year",
    "birth_place",
    "nik",
    "village",
    "address",
    "phone",
    "legal_basis",
]
# A user whose registrations hit NIKs held outside their area this often in a day is stopped
# until the next day (each of those attempts is audited as `person.nik_conflict`).
NIK_CONFLICTS_PER_DAY = 10


@dataclass
class PersonData:
    """Validated input for a person (forms, API schemas and imports build this)."""

    full_name: str
    village: Region
    sex: str = ""
    birth_date: dt.date | None = None
    # Used when the birth date is unknown: the age today, turned into a birth year.
    age_years: int | None = None
    birth_place: str = ""
    nik: str = ""
    address: str = ""
    phone: str = ""
    # None: the default on registration (public task), unchanged on correction.
    legal_basis: str | None = None


def clean_name(value: str) -> str:
    return " ".join((value or "").split())[:150]


def _validate(data: PersonData) -> str:
    """Check the input an action cannot trust; returns the normalised NIK."""
    if not clean_name(data.full_name):
        raise ActionError(_("Give the person's name."), field="full_name")
    if data.village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field="village")
    if data.sex not in {"", "M", "F"}:
        raise ActionError(_("Unknown sex."), field="sex")
    today = timezone.localdate()
    if data.birth_date is not None and not (
        today - dt.timedelta(days=365 * MAX_AGE) <= data.birth_date <= today
    ):
        raise ActionError(_("This birth date is not plausible."), field="birth_date")
    if data.age_years is not None and not 0 <= data.age_years <= MAX_AGE:
        raise ActionError(_("This age is not plausible."), field="age_years")
    if data.legal_basis is not None and data.legal_basis not in LegalBasis.values:
        raise ActionError(_("Unknown legal basis."), field="legal_basis")
    if not data.nik:
        return ""
    result = check_nik(data.nik)
    if result.errors:
        raise ActionError("; ".join(str(e) for e in result.errors), field="nik")
    return result.nik


def _check_legal_basis(acting_user: User | None, data: PersonData, current: str) -> None:
    if data.legal_basis is None or data.legal_basis == current:
        return
    if acting_user is not None and not can_set_legal_basis(acting_user):
        raise PermissionRefused(_("Only a coordinator can set the legal basis."))


def _nik_holder(
    acting_user: User | None, nik: str, *, exclude_id: int | None = None
) -> Person | None:
    """The record that holds `nik` already, when the acting user may not see it (the new
    record then waits as its pending duplicate). A holder the user may see is an error.

    Whether a NIK is registered elsewhere is never told: outside the user's area the
    registration goes ahead as usual, flagged for a coordinator over both records."""
    if not nik:
        return None
    others = Person.objects.current().filter(nik_index=index_for(nik, kind="nik"))
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    holders = list(others.order_by("duplicate_of", "pk"))
    if not holders:
        return None
    if acting_user is None or any(acting_user.covers(p.village_id) for p in holders):
        raise ActionError(
            _("A person with this NIK is already registered."),
            field="nik",
            code="duplicate_nik",
        )
    holder = next((p for p in holders if p.duplicate_of_id is None), holders[0])
    limit = getattr(settings, "SIPSM_NIK_CONFLICTS_PER_DAY", NIK_CONFLICTS_PER_DAY)
    if not hit("people-nik-conflict", str(acting_user.pk), limit=limit, window_seconds=86400):
        raise PermissionRefused(
            _("Too many registrations with a NIK need checking today; ask your coordinator."),
            code="rate_limited",
        )
    return holder


def _flag_conflict(acting_user: User | None, person: Person, holder: Person) -> None:
    record_event(
        actor=acting_user,
        verb="person.nik_conflict",
        target=person,
        region_code=person.village_id,
        data={"same_nik_as": holder.pk},
    )


def _apply(person: Person, data: PersonData, nik: str) -> None:
    person.full_name = clean_name(data.full_name)
    person.name_key = name_key(person.full_name)
    person.sex = data.sex
    person.village = data.village
    person.birth_place = data.birth_place.strip()[:100]
    person.birth_date = data.birth_date
    if data.birth_date is not None:
        person.estimated_birth_year = None
    elif data.age_years is not None:
        person.estimated_birth_year = timezone.localdate().year - data.age_years
    person.address = data.address.strip()[:1000]
    person.phone = data.phone.strip()[:32]
    if data.legal_basis is not None:
        person.legal_basis = data.legal_basis
    if nik:
        person.nik = nik
        _fill_from_nik(person)


def _fill_from_nik(person: Person) -> None:
    """Without a stated sex or birth date, use what the NIK encodes."""
    result = check_nik(person.nik)
    if result.errors:
        return
    if not person.sex and result.sex:
        person.sex = result.sex
    if person.birth_date is None and person.estimated_birth_year is None and result.birth_date:
        person.birth_date = result.birth_date


@transaction.atomic
def register_person(*, acting_user: User | None, data: PersonData) -> Person:
    """Register a person. `acting_user=None` is the system (an import run by a command)."""
    nik = _validate(data)
    if acting_user is not None and not can_register_in(acting_user, data.village.code):
        raise PermissionRefused(_("The village is outside your area."))
    _check_legal_basis(acting_user, data, LegalBasis.PUBLIC_TASK)
    holder = _nik_holder(acting_user, nik)
    now = timezone.now()
    person = Person(created_by=acting_user, created_at=now, updated_at=now, duplicate_of=holder)
    _apply(person, data, nik)
    person.save()
    record_event(
        actor=acting_user,
        verb="person.register",
        target=person,
        region_code=person.village_id,
        changes=initial_values(person, PERSON_FIELDS),
    )
    if holder is not None:
        _flag_conflict(acting_user, person, holder)
    return person


@transaction.atomic
def update_person(*, acting_user: User, person: Person, data: PersonData) -> Person:
    """Correct a person's record. An empty NIK keeps the one recorded."""
    nik = _validate(data)
    if not can_register_in(acting_user, person.village_id):
        raise PermissionRefused()
    if not can_register_in(acting_user, data.village.code):
        raise PermissionRefused(_("The village is outside your area."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.merged_into_id is not None:
        raise Conflict(_("This record was merged into another one."), code="merged")
    _check_legal_basis(acting_user, data, person.legal_basis)
    new_nik = bool(nik) and nik != person.nik
    holder = _nik_holder(acting_user, nik, exclude_id=person.pk) if new_nik else None
    before = snapshot(person, PERSON_FIELDS)
    _apply(person, data, nik)
    if new_nik:
        person.duplicate_of = holder
    person.updated_at = timezone.now()
    person.save()
    record_event(
        actor=acting_user,
        verb="person.update",
        target=person,
        region_code=person.village_id,
        changes=changes_between(person, before, snapshot(person, PERSON_FIELDS)),
    )
    if holder is not None:
        _flag_conflict(acting_user, person, holder)
    return person


# PPKS groups --------------------------------------------------------------------------------


def _check_ppks_category(category: WelfareCategory, person: Person, since: dt.date) -> None:
    if category.reference_list.kind != ReferenceList.Kind.PPKS:
        raise ActionError(_("Choose a PPKS group."), field="category")
    if not category.reference_list.is_valid_on(since):
        raise ActionError(
            _("This group is not in the PPKS list valid on %(date)s.") % {"date": since},
            field="category",
        )
    if category.for_children:
        age = person.age_on(since)
        if age is not None and age >= CHILD_UNDER_YEARS:
            raise ActionError(
                _("%(group)s is a group of children; this person is %(age)d.")
                % {"group": category.name, "age": age},
                field="category",
            )


@transaction.atomic
def add_ppks_membership(
    *,
    acting_user: User | None,
    person: Person,
    category: WelfareCategory,
    since: dt.date,
    until: dt.date | None = None,
    source: str = PpksMembership.Source.MANUAL,
    note: str = "",
) -> PpksMembership:
    """Record that a person belongs to a PPKS group from `since` (a person may be in several).
    An open membership of the same group is kept (and returned) rather than doubled."""
    if acting_user is not None and not can_register_in(acting_user, person.village_id):
        raise PermissionRefused()
    if person.merged_into_id is not None:
        raise Conflict(_("This record was merged into another one."), code="merged")
    if since > timezone.localdate():
        raise ActionError(_("The date is in the future."), field="since")
    if until is not None and until < since:
        raise ActionError(_("The end date is before the start date."), field="until")
    _check_ppks_category(category, person, since)
    if until is None:
        existing = PpksMembership.objects.filter(
            person=person, category=category, until__isnull=True
        ).first()
        if existing is not None:
            return existing
    membership = PpksMembership.objects.create(
        person=person,
        category=category,
        since=since,
        until=until,
        source=source,
        note=note.strip()[:200],
        recorded_by=acting_user,
    )
    record_event(
        actor=acting_user,
        verb="person.ppks_add",
        target=person,
        region_code=person.village_id,
        data={
            "category": category.code,
            "since": since,
            "until": until,
            "source": source,
            "membership": membership.pk,
        },
    )
    return membership


@transaction.atomic
def end_ppks_membership(
    *, acting_user: User, membership: PpksMembership, until: dt.date, note: str = ""
) -> PpksMembership:
    person = membership.person
    if not can_register_in(acting_user, person.village_id):
        raise PermissionRefused()
    membership = PpksMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.until is not None:
        raise Conflict(_("This membership has already ended."), code="ended")
    if until < membership.since:
        raise ActionError(_("The end date is before the start date."), field="until")
    if until > timezone.localdate():
        raise ActionError(_("The date is in the future."), field="until")
    membership.until = until
    if note.strip():
        membership.note = note.strip()[:200]
    membership.save(update_fields=["until", "note"])
    record_event(
        actor=acting_user,
        verb="person.ppks_end",
        target=person,
        region_code=person.village_id,
        data={"category": membership.category.code, "until": until, "membership": membership.pk},
    )
    return membership


# Merging ------------------------------------------------------------------------------------


def _reconcile_own_rows(duplicate: Person, survivor: Person) -> None:
    """Rows of this app that would clash after the move are closed first (not deleted)."""
    today = timezone.localdate()
    if HouseholdMembership.objects.filter(person=survivor, until__isnull=True).exists():
        HouseholdMembership.objects.filter(person=duplicate, until__isnull=True).update(
            until=today, end_reason=_("Record merged into another one")
        )
    open_groups = dict(
        PpksMembership.objects.filter(person=survivor, until__isnull=True).values_list(
            "category_id", "pk"
        )
    )
    for membership in PpksMembership.objects.filter(
        person=duplicate, until__isnull=True, category_id__in=list(open_groups)
    ):
        kept = PpksMembership.objects.get(pk=open_groups[membership.category_id])
        if membership.since < kept.since:
            kept.since = membership.since
            kept.save(update_fields=["since"])
        membership.until = max(membership.since, today)
        membership.note = _("Same group on the merged record")[:200]
        membership.save(update_fields=["until", "note"])


def _move_references(duplicate: Person, survivor: Person) -> dict[str, int]:
    """Point every row that refers to `duplicate` at `survivor`, in every installed app."""
    moved: dict[str, int] = {}
    for relation in Person._meta.related_objects:
        model: Any = relation.related_model
        if model is Person:
            continue
        name = relation.field.name
        label = f"{model._meta.label_lower}.{name}"
        try:
            with transaction.atomic():
                if relation.many_to_many:
                    rows = list(model._base_manager.filter(**{name: duplicate}))
                    for row in rows:
                        getattr(row, name).remove(duplicate)
                        getattr(row, name).add(survivor)
                    count = len(rows)
                else:
                    count = model._base_manager.filter(**{name: duplicate}).update(
                        **{name: survivor}
                    )
        except IntegrityError as exc:
            raise Conflict(
                _("The records cannot be merged: both have a %(what)s that allows only one.")
                % {"what": model._meta.verbose_name},
                code="merge_clash",
            ) from exc
        if count:
            moved[label] = count
    return moved


def _take_over_details(duplicate: Person, survivor: Person) -> None:
    for name in ("sex", "birth_place", "address", "phone"):
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
    if survivor.birth_date is None and duplicate.birth_date is not None:
        survivor.birth_date = duplicate.birth_date
        survivor.estimated_birth_year = None
    elif survivor.birth_date is None and survivor.estimated_birth_year is None:
        survivor.estimated_birth_year = duplicate.estimated_birth_year
    if not survivor.nik and duplicate.nik:
        survivor.nik = duplicate.nik


@transaction.atomic
def merge_persons(*, acting_user: User, duplicate: Person, survivor: Person) -> Person:
    """Merge `duplicate` into `survivor`; returns the survivor."""
    if duplicate.pk == survivor.pk:
        raise ActionError(_("Choose two different records."), code="same_record")
    if not can_merge(acting_user, duplicate.village_id, survivor.village_id):
        raise PermissionRefused()
    first, second = sorted([duplicate.pk, survivor.pk])
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[first, second])}
    duplicate, survivor = locked[duplicate.pk], locked[survivor.pk]
    if duplicate.merged_into_id is not None or survivor.merged_into_id is not None:
        raise Conflict(_("One of the records was already merged."), code="merged")
    if duplicate.nik and survivor.nik and duplicate.nik != survivor.nik:
        raise Conflict(
            _("The two records have different NIKs; correct the wrong one first."),
            code="different_nik",
        )
    now = timezone.now()
    duplicate.merged_into = survivor
    duplicate.merged_at = now
    duplicate.duplicate_of = None
    duplicate.save(update_fields=["merged_into", "merged_at", "duplicate_of"])
    Person.objects.filter(merged_into=duplicate).update(merged_into=survivor)
    # A record waiting as the duplicate of either one now waits on the survivor; the
    # survivor itself no longer waits (its twin is merged into it).
    Person.objects.filter(duplicate_of=duplicate).exclude(pk=survivor.pk).update(
        duplicate_of=survivor
    )
    if survivor.duplicate_of_id == duplicate.pk:
        survivor.duplicate_of = None
    _reconcile_own_rows(duplicate, survivor)
    moved = _move_references(duplicate, survivor)
    before = snapshot(survivor, PERSON_FIELDS)
    _take_over_details(duplicate, survivor)
    survivor.updated_at = now
    survivor.save()
    record_event(
        actor=acting_user,
        verb="person.merged_into",
        target=duplicate,
        region_code=duplicate.village_id,
        data={"survivor": survivor.pk},
    )
    record_event(
        actor=acting_user,
        verb="person.merge",
        target=survivor,
        region_code=survivor.village_id,
        changes=changes_between(survivor, before, snapshot(survivor, PERSON_FIELDS)),
        data={"duplicate": duplicate.pk, "moved": moved},
    )
    return survivor


def history_ids(person: Person) -> list[str]:
    """Ids whose audit events make up a person's history: the record and those merged in."""
    merged = Person.objects.filter(merged_into=person).values_list("pk", flat=True)
    return [str(person.pk), *(str(pk) for pk in merged)]
