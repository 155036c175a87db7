"""The relief actions: rules, rights, audit, and NIK/KK handling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.models import Assignment
from sipsm.regions.models import Region
from sipsm.relief.actions import needs as need_actions
from sipsm.relief.actions import people as people_actions
from sipsm.relief.actions import relief as relief_actions
from sipsm.relief.actions import shelters as shelter_actions
from sipsm.relief.models import AffectedPerson, Household, Need, Relief
from sipsm.relief.tests.support import (
    engage,
    give,
    make_household,
    make_incident,
    make_kk,
    make_need,
    make_person,
    make_shelter,
    nik_for,
)

pytestmark = pytest.mark.django_db


def need_data(village, **overrides):
    values = {"village": village, "category": "water", "people_affected": 12}
    values.update(overrides)
    return need_actions.NeedData(**values)


# Needs --------------------------------------------------------------------------------------


def test_a_manager_records_and_reassesses_a_need(world, incident):
    need = make_need(world, incident)
    assert need.assessed_by == world.regency
    event = AuditEvent.objects.get(verb="relief.need.record")
    assert event.region_code == world.village_a.code
    assert event.changes["category"] == [None, "food"]
    updated = need_actions.update_need(
        acting_user=world.district,
        need=need,
        data=need_data(world.village_a, category="food", status="partly_met", people_affected=50),
    )
    assert updated.status == "partly_met"
    assert updated.assessed_by == world.district
    changes = AuditEvent.objects.get(verb="relief.need.update").changes
    assert changes["status"] == ["open", "partly_met"]
    assert changes["people_affected"] == [40, 50]
    need_actions.set_need_status(acting_user=world.village, need=updated, status="met")
    assert Need.objects.get(pk=need.pk).status == "met"


def test_an_engaged_psm_records_needs_in_the_incidents_villages_only(world, incident):
    need = need_actions.record_need(
        acting_user=world.village, incident=incident, data=need_data(world.village_a)
    )
    assert need.assessed_by == world.village
    with pytest.raises(ActionError) as info:
        need_actions.record_need(
            acting_user=world.village, incident=incident, data=need_data(world.village_b)
        )
    assert info.value.field == "village"
    assert not incident.areas.filter(village=world.village_b).exists()


def test_a_manager_may_add_a_village_inside_the_incident_location(world):
    incident = make_incident(world)
    # The incident lies in village_a; a village elsewhere in the district is not inside it.
    with pytest.raises(ActionError):
        need_actions.record_need(
            acting_user=world.regency, incident=incident, data=need_data(world.village_b)
        )
    incident.region = Region.objects.get(code=world.village_a.code[:8])
    incident.save(update_fields=["region"])
    need_actions.record_need(
        acting_user=world.regency, incident=incident, data=need_data(world.village_b)
    )
    assert incident.areas.filter(village=world.village_b).exists()


@pytest.mark.parametrize("status", ["alerted", "declined", "done", "cancelled"])
def test_a_psm_not_engaged_cannot_record(world, status):
    incident = make_incident(world, engaged=False)
    engage(world, incident, status=status)
    with pytest.raises(PermissionRefused):
        need_actions.record_need(
            acting_user=world.village, incident=incident, data=need_data(world.village_a)
        )
    assert Need.objects.count() == 0


def test_on_site_psm_may_record_but_not_after_the_incident_closes(world, incident):
    Assignment.objects.filter(incident=incident).update(status="on_site")
    need_actions.record_need(
        acting_user=world.village, incident=incident, data=need_data(world.village_a)
    )
    change_status(acting_user=world.regency, incident=incident, to_status="closed")
    incident.refresh_from_db()
    with pytest.raises(PermissionRefused):
        need_actions.record_need(
            acting_user=world.village, incident=incident, data=need_data(world.village_a)
        )
    # Coordinators can still correct the record of a closed incident.
    need_actions.record_need(
        acting_user=world.regency, incident=incident, data=need_data(world.village_a)
    )


@pytest.mark.parametrize("persona", ["partner", "other_regency", "other_village"])
def test_others_cannot_record_needs(world, incident, persona):
    with pytest.raises(PermissionRefused):
        need_actions.record_need(
            acting_user=getattr(world, persona), incident=incident, data=need_data(world.village_a)
        )


def test_nothing_is_recorded_for_a_false_alarm(world):
    incident = make_incident(world, engaged=False)
    change_status(acting_user=world.regency, incident=incident, to_status="false_alarm")
    incident.refresh_from_db()
    with pytest.raises(Conflict):
        need_actions.record_need(
            acting_user=world.regency, incident=incident, data=need_data(world.village_a)
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category", "money"),
        ("priority", "urgent"),
        ("status", "done"),
        ("people_affected", -1),
        ("quantity", Decimal(-2)),
    ],
)
def test_need_values_are_checked(world, incident, field, value):
    with pytest.raises(ActionError) as info:
        need_actions.record_need(
            acting_user=world.regency,
            incident=incident,
            data=need_data(world.village_a, **{field: value}),
        )
    assert info.value.field == field


# People -------------------------------------------------------------------------------------


def test_child_and_elderly_follow_the_age_on_the_day_of_the_incident(world, incident):
    reported = incident.reported_at.date()
    child = make_person(world, incident, birth_date=reported.replace(year=reported.year - 17))
    adult = make_person(
        world, incident, full_name="Adult", birth_date=reported.replace(year=reported.year - 18)
    )
    elder = make_person(world, incident, full_name="Elder", birth_date=None, age_years=60)
    stated = make_person(world, incident, full_name="Unknown age", birth_date=None, is_elderly=True)
    told_wrong = make_person(world, incident, full_name="Told", age_years=30, is_child=True)
    assert (child.is_child, child.is_elderly) == (True, False)
    assert (adult.is_child, adult.is_elderly) == (False, False)
    assert (elder.is_child, elder.is_elderly) == (False, True)
    assert (stated.is_child, stated.is_elderly) == (False, True)
    assert told_wrong.is_child is False


def test_person_rules(world, incident):
    with pytest.raises(ActionError) as info:
        make_person(world, incident, sex="M", is_pregnant=True)
    assert info.value.field == "is_pregnant"
    with pytest.raises(ActionError):
        make_person(world, incident, full_name="  ")
    with pytest.raises(ActionError):
        make_person(world, incident, birth_date=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(ActionError) as info:
        make_person(world, incident, nik="1234")
    assert info.value.field == "nik"
    other = make_incident(world, title="Kebakaran")
    with pytest.raises(ActionError):
        make_person(world, incident, household=make_household(world, other))
    assert AffectedPerson.objects.filter(incident=incident).count() == 0


def test_a_person_in_a_shelter_is_displaced(world, incident):
    shelter = make_shelter(world, incident)
    person = make_person(world, incident, shelter=shelter)
    assert person.condition == "displaced"
    injured = make_person(world, incident, full_name="B", shelter=shelter, condition="injured")
    assert injured.condition == "injured"
    shelter_actions.close_shelter(acting_user=world.regency, shelter=shelter)
    with pytest.raises(Conflict):
        make_person(world, incident, full_name="C", shelter=shelter)


def test_the_nik_is_encrypted_and_only_shown_masked(world, incident):
    nik = nik_for(world)
    kk = make_kk(world)
    person = make_person(world, incident, nik=nik)
    household = make_household(world, incident, kk=kk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nik, nik_index FROM relief_affectedperson WHERE id = %s", [person.pk]
        )
        stored, index = cursor.fetchone()
        cursor.execute("SELECT kk, kk_index FROM relief_household WHERE id = %s", [household.pk])
        stored_kk, kk_index = cursor.fetchone()
    assert nik not in stored
    assert nik not in index
    assert kk not in stored_kk
    assert kk not in kk_index
    reread = AffectedPerson.objects.get(pk=person.pk)
    assert reread.nik == nik
    assert reread.nik_masked == f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}"
    assert Household.objects.get(pk=household.pk).kk_masked.endswith(kk[12:])
    for event in AuditEvent.objects.all():
        text = f"{event.changes} {event.data} {event.object_label}"
        assert nik not in text
        assert kk not in text
    assert AuditEvent.objects.get(verb="relief.person.register").changes["nik"] == "set"


def test_sex_and_birth_date_come_from_the_nik_when_not_given(world, incident):
    nik = nik_for(world, sex="F", birth=dt.date(2015, 7, 9))
    person = make_person(world, incident, sex="", birth_date=None, nik=nik)
    assert person.sex == "F"
    assert person.birth_date == dt.date(2015, 7, 9)
    assert person.is_child


def test_the_same_nik_cannot_be_registered_twice_in_an_incident(world, incident):
    nik = nik_for(world)
    make_person(world, incident, nik=nik)
    with pytest.raises(ActionError) as info:
        make_person(world, incident, full_name="Again", nik=nik)
    assert info.value.code == "duplicate"
    other = make_incident(world, title="Longsor")
    make_person(world, other, nik=nik)  # another incident is another case


def test_match_person_links_the_records_when_the_nik_is_added(world, incident):
    nik = nik_for(world, birth=dt.date(1950, 1, 2))
    shelter = make_shelter(world, incident)
    household = make_household(world, incident)
    first = make_person(world, incident, full_name="Siti W.", nik=nik, birth_date=None, sex="")
    give(world, incident, "food", person=first)
    second = make_person(
        world,
        incident,
        full_name="Siti Wahyuni",
        birth_date=dt.date(1950, 1, 2),
        shelter=shelter,
        household=household,
        has_disability=True,
    )
    give(world, incident, "water", person=second)
    survivor = people_actions.match_person(acting_user=world.village, person=second, nik=nik)
    assert survivor.pk == first.pk
    second.refresh_from_db()
    assert second.duplicate_of_id == first.pk
    assert second.shelter is None
    survivor.refresh_from_db()
    assert survivor.birth_date == dt.date(1950, 1, 2)  # from the NIK
    assert survivor.sex == "F"
    assert survivor.is_elderly
    assert survivor.has_disability
    assert survivor.household == household
    assert survivor.shelter == shelter
    assert survivor.condition == "displaced"
    assert set(Relief.objects.filter(person=survivor).values_list("kind", flat=True)) == {
        "food",
        "water",
    }
    assert AuditEvent.objects.filter(verb="relief.person.match", object_id=str(first.pk)).exists()
    # The linked record can no longer be changed; relief given to it goes to the survivor.
    with pytest.raises(Conflict):
        people_actions.match_person(acting_user=world.village, person=second, nik=nik)
    relief = give(world, incident, "shelter", person=second)
    assert relief.person_id == first.pk


def test_match_person_without_a_twin_just_adds_the_nik(world, incident):
    person = make_person(world, incident)
    nik = nik_for(world)
    assert (
        people_actions.match_person(acting_user=world.regency, person=person, nik=nik).pk
        == person.pk
    )
    person.refresh_from_db()
    assert person.nik == nik
    assert AuditEvent.objects.get(verb="relief.person.nik").changes == {"nik": "set"}
    other = make_incident(world, title="Longsor")
    elsewhere = make_person(world, other, nik=nik)
    assert list(people_actions.other_records(person)) == [elsewhere]


def test_update_keeps_the_nik_unless_a_new_one_is_given(world, incident):
    nik = nik_for(world)
    person = make_person(world, incident, nik=nik)
    data = people_actions.PersonData(
        village=world.village_a, full_name="Sri W. Lamato", condition="injured"
    )
    updated = people_actions.update_person(acting_user=world.village, person=person, data=data)
    assert updated.nik == nik
    assert updated.condition == "injured"


def test_match_household_moves_members_and_relief(world, incident):
    kk = make_kk(world)
    first = make_household(world, incident, kk=kk, size=3)
    second = make_household(world, incident, head_name="Usman H.", size=5)
    member = make_person(world, incident, household=second)
    give(world, incident, "food", household=second)
    survivor = people_actions.match_household(acting_user=world.regency, household=second, kk=kk)
    assert survivor.pk == first.pk
    assert survivor.size == 5
    member.refresh_from_db()
    assert member.household_id == first.pk
    assert Relief.objects.get().household_id == first.pk
    with pytest.raises(ActionError):
        make_household(world, incident, kk=kk)
    with pytest.raises(ActionError):
        make_household(world, incident, kk="12")


def test_psm_may_register_people_only_in_incident_villages(world, incident):
    data = people_actions.PersonData(village=world.village_b, full_name="Outside")
    with pytest.raises(ActionError):
        people_actions.register_person(acting_user=world.village, incident=incident, data=data)
    with pytest.raises(PermissionRefused):
        people_actions.register_person(
            acting_user=world.other_village,
            incident=incident,
            data=people_actions.PersonData(village=world.village_a, full_name="X"),
        )


# Shelters -----------------------------------------------------------------------------------


def test_shelter_occupancy_head_count_and_closing(world, incident):
    shelter = make_shelter(world, incident, village=world.village_b)  # next village: allowed
    for name in ("A", "B", "C"):
        make_person(world, incident, full_name=name, shelter=shelter)
    make_person(world, incident, full_name="Gone", shelter=shelter, condition="deceased")
    assert shelter.occupancy(3) == 3
    shelter = shelter_actions.record_head_count(
        acting_user=world.district, shelter=shelter, count=25
    )
    assert shelter.occupancy(3) == 25
    assert shelter.occupancy(30) == 30
    shelter = shelter_actions.close_shelter(acting_user=world.regency, shelter=shelter)
    assert not shelter.is_open
    assert shelter.manual_count is None
    assert AffectedPerson.objects.filter(shelter=shelter).count() == 0
    assert AuditEvent.objects.get(verb="relief.shelter.close").data["occupants_released"] == 4
    with pytest.raises(Conflict):
        shelter_actions.close_shelter(acting_user=world.regency, shelter=shelter)
    shelter_actions.reopen_shelter(acting_user=world.regency, shelter=shelter)


def test_only_managers_run_shelters(world, incident):
    for user in (world.village, world.partner, world.other_regency):
        with pytest.raises(PermissionRefused):
            shelter_actions.open_shelter(
                acting_user=user,
                incident=incident,
                data=shelter_actions.ShelterData(name="Posko", village=world.village_a),
            )
    with pytest.raises(ActionError) as info:
        make_shelter(world, incident, village=world.village_far)
    assert info.value.field == "village"
    with pytest.raises(ActionError):
        make_shelter(world, incident, lat=1.0)


# Relief -------------------------------------------------------------------------------------


def test_relief_goes_to_one_person_or_one_household(world, incident):
    person = make_person(world, incident)
    household = make_household(world, incident)
    data = relief_actions.ReliefData(kind="food", quantity=Decimal(5), unit="kg")
    with pytest.raises(ActionError):
        relief_actions.give_relief(acting_user=world.village, incident=incident, data=data)
    with pytest.raises(ActionError):
        relief_actions.give_relief(
            acting_user=world.village,
            incident=incident,
            data=data,
            person=person,
            household=household,
        )
    relief = relief_actions.give_relief(
        acting_user=world.village, incident=incident, data=data, person=person
    )
    assert relief.recorded_by == world.village
    assert relief.given_on == timezone.localdate()
    event = AuditEvent.objects.get(verb="relief.give")
    assert event.changes["kind"] == [None, "food"]


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("kind", {"kind": "cash"}),
        ("quantity", {"quantity": Decimal(0)}),
        ("unit", {"unit": " "}),
        ("given_on", {"given_on": timezone.localdate() + dt.timedelta(days=1)}),
        ("given_on", {"given_on": dt.date(2000, 1, 1)}),
    ],
)
def test_relief_values_are_checked(world, incident, field, overrides):
    person = make_person(world, incident)
    values = {"kind": "food", **overrides}
    with pytest.raises(ActionError) as info:
        relief_actions.give_relief(
            acting_user=world.regency,
            incident=incident,
            data=relief_actions.ReliefData(**values),
            person=person,
        )
    assert info.value.field == field
    assert Relief.objects.count() == 0


def test_relief_for_another_incident_is_refused(world, incident):
    other = make_incident(world, title="Longsor")
    stranger = make_person(world, other)
    with pytest.raises(ActionError):
        give(world, incident, "food", person=stranger)
    need = make_need(world, other)
    with pytest.raises(ActionError):
        relief_actions.give_relief(
            acting_user=world.regency,
            incident=incident,
            data=relief_actions.ReliefData(kind="food", need=need),
            person=make_person(world, incident),
        )
