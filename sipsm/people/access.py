"""The only way views, the API and exports obtain people and households.

Each function returns the object or raises Http404, both when it does not exist and when it
lies outside what the user may read, so an id never reveals whether a record exists.

A person can be the subject of a case file that the user may not read (another PSM's case in
the same village). The person's page stays visible in the village, but nothing on it tells of
the case: the PPKS groups recorded by the case are left out (`shown_groups`), and the record
cannot be changed by that user (`access_person_for_edit`, 403).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.people.models import (
    Household,
    HouseholdMembership,
    HouseholdQuerySet,
    Person,
    PersonQuerySet,
    PpksImport,
    PpksMembership,
)
from sipsm.people.permissions import can_import, can_read_people, can_see_sensitive_groups


def people_for(user: User) -> PersonQuerySet:
    """People the user may list: current records in their region, if their role reads them."""
    if not can_read_people(user):
        return Person.objects.none()
    return Person.objects.current().in_scope_of(user)


def households_for(user: User) -> HouseholdQuerySet:
    if not can_read_people(user):
        return Household.objects.none()
    return Household.objects.current().in_scope_of(user)


def access_person(user: User, person_id: int) -> Person:
    """A person record (current or merged) the user may read."""
    if not can_read_people(user):
        raise Http404
    person = Person.objects.select_related("village", "merged_into").filter(pk=person_id).first()
    if person is None:
        raise Http404
    if not user.covers(person.village_id):
        raise Http404
    return person


def access_current_person(user: User, person_id: int) -> Person:
    """A person record that was not merged away (changes go to the surviving record)."""
    person = access_person(user, person_id)
    if person.merged_into_id is not None:
        raise Http404
    return person


def access_person_for_edit(user: User, person_id: int) -> Person:
    """A current person record the user may change: not the subject of a case file the user
    may not read (403: the record is visible in the village, the case is not)."""
    person = access_current_person(user, person_id)
    if hidden_case_subjects(user, [person.pk]):
        raise PermissionRefused()
    return person


def hidden_case_subjects(user: User, person_ids: Iterable[int]) -> set[int]:
    """Of these people, those who are the subject of a case file the user may not read."""
    # Casework builds on people; the import is here to keep that direction at load time.
    from sipsm.cases.access import visible_cases
    from sipsm.cases.models import Case

    ids = list(person_ids)
    if not ids:
        return set()
    return set(
        Case.objects.filter(person_id__in=ids)
        .exclude(pk__in=visible_cases(user).values("pk"))
        .values_list("person_id", flat=True)
    )


def shown_groups(
    user: User, memberships: Iterable[PpksMembership], *, case_hidden: bool
) -> list[PpksMembership]:
    """PPKS groups of one person as this user may see them: confidential groups only for
    coordinators, and none recorded by a case file the user may not read."""
    sensitive_ok = can_see_sensitive_groups(user)
    return [
        g
        for g in memberships
        if (sensitive_ok or not g.category.sensitive)
        and not (case_hidden and g.source == PpksMembership.Source.CASE)
    ]


def log_person_read(user: User, person: Person, *, what: str = "page") -> None:
    record_event(
        actor=user,
        verb="access.person.read",
        target=person,
        region_code=person.village_id,
        data={"what": what},
    )


def log_household_read(user: User, household: Household, *, what: str = "page") -> None:
    record_event(
        actor=user,
        verb="access.household.read",
        target=household,
        region_code=household.village_id,
        data={"what": what},
    )


def log_nik_lookup(user: User, found: Iterable[Person], *, what: str = "page") -> None:
    """A search by NIK: who searched and which records it returned (never the NIK)."""
    record_event(
        actor=user,
        verb="access.person.nik_lookup",
        region_code=user.scope_code or "",
        data={"what": what, "found": [p.pk for p in found]},
    )


def mark_shown_groups(user: User, people: Iterable[Any]) -> None:
    """Set `shown_groups` on listed people (prefetched `open_groups`), in one query."""
    people = list(people)
    hidden = hidden_case_subjects(user, [p.pk for p in people])
    for person in people:
        person.shown_groups = shown_groups(
            user, getattr(person, "open_groups", []), case_hidden=person.pk in hidden
        )


def access_household(user: User, household_id: int) -> Household:
    if not can_read_people(user):
        raise Http404
    household = Household.objects.select_related("village").filter(pk=household_id).first()
    if household is None:
        raise Http404
    if not user.covers(household.village_id):
        raise Http404
    if household.merged_into_id is not None:
        raise Http404
    return household


def access_membership(user: User, household: Household, membership_id: int) -> HouseholdMembership:
    membership = (
        HouseholdMembership.objects.select_related("person")
        .filter(pk=membership_id, household=household)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_ppks_membership(user: User, person: Person, membership_id: int) -> PpksMembership:
    membership = (
        PpksMembership.objects.select_related("category")
        .filter(pk=membership_id, person=person)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_import(user: User, import_id: int) -> PpksImport:
    """An import run of the requesting user (404 for anyone else's)."""
    if not can_import(user):
        raise Http404
    run = PpksImport.objects.filter(pk=import_id, created_by=user).first()
    if run is None:
        raise Http404
    return run


def require_import(user: User) -> None:
    if not can_import(user):
        raise PermissionRefused()
