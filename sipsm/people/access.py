"""The only way views, the API and exports obtain people and households.

Each function returns the object or raises Http404, both when it does not exist and when it
lies outside what the user may read, so an id never reveals whether a record exists.
"""

from __future__ import annotations

from django.http import Http404

from sipsm.accounts.models import User
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
from sipsm.people.permissions import can_import, can_read_people


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
