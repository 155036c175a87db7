"""Audit events: who, what, which fields; never the value of a secret field."""

from __future__ import annotations

import pytest

from sipsm.core.audit import changes_between, snapshot
from sipsm.core.models import AuditEvent
from sipsm.registry.actions.members import update_member
from sipsm.testing import World, member_data, synthetic_nik

pytestmark = pytest.mark.django_db


def test_it_records_changed_fields_but_not_a_new_nik(world: World) -> None:
    member = world.member_a
    old_phone = member.phone
    new_nik = synthetic_nik(world.village_a)
    data = member_data(world.village_a, full_name="Nur Aisyah", nik=new_nik, phone="+6281200000777")

    update_member(acting_user=world.regency, member=member, data=data)

    event = AuditEvent.objects.filter(verb="member.update").latest("id")
    assert event.actor == world.regency
    assert event.actor_role == "regency_coordinator"
    assert event.region_code == world.village_a.code
    assert event.changes["nik"] == "changed"
    assert event.changes["full_name"] == ["Nur Aisyah Hulopi", "Nur Aisyah"]
    assert event.changes["phone"] == [old_phone, "+6281200000777"]
    assert new_nik not in str(event.changes) + str(event.data)


def test_it_reports_no_change_for_identical_values(world: World) -> None:
    before = snapshot(world.member_a, ["full_name", "nik"])

    assert (
        changes_between(world.member_a, before, snapshot(world.member_a, ["full_name", "nik"]))
        == {}
    )


def test_it_finds_events_of_an_area(world: World) -> None:
    in_district = AuditEvent.objects.within_region(world.village_a.code[:8])
    in_other_regency = AuditEvent.objects.within_region("75.03")

    assert set(in_district.values_list("object_id", flat=True)) >= {
        str(world.member_a.pk),
        str(world.member_b.pk),
    }
    assert str(world.member_a.pk) not in set(in_other_regency.values_list("object_id", flat=True))
