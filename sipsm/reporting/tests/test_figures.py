"""Figures from the records, and the pre-aggregates: the same numbers after a rebuild, an
incremental refresh of what changed, and the rebuild command."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from sipsm.regions.models import Region
from sipsm.reporting import figures as fig
from sipsm.reporting.actions import activities as activity_actions
from sipsm.reporting.actions.aggregates import refresh_dirty
from sipsm.reporting.models import DirtyPeriod, EquitySnapshot, RegionStat
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import (
    activity_data,
    case_with_service,
    log_activity,
    ppks_id,
    refresh,
    reported_incident,
    responded,
    this_month,
)
from sipsm.testing import World
from sipsm.training.tests.support import enrolment

pytestmark = pytest.mark.django_db


def test_it_counts_every_kind_of_work_where_it_happened(world: World) -> None:
    log_activity(world, ppks={ppks_id("fakir-miskin"): 4})
    responded(world)
    case_with_service(world)
    enrolment(world, stage="checked_in")
    period = this_month()

    village = fig.region_figures(world.village_a.code, period)

    assert {
        name: village.get(name)
        for name in (
            "activities",
            "area_environment",
            "area_basic_needs",
            "area_capacity",
            "incident_responses",
            "case_services",
            "trainings",
            "beneficiaries",
            "beneficiaries_female",
            "beneficiaries_children",
            "members_active",
            "villages",
            "villages_with_psm",
            "incidents_reported",
            "incidents_answered",
        )
    } == {
        "activities": 1,
        "area_environment": 1,
        "area_basic_needs": 2,  # the incident response and the case service
        "area_capacity": 1,
        "incident_responses": 1,
        "case_services": 1,
        "trainings": 1,
        "beneficiaries": 21,  # 20 on the activity and the child served in the case
        "beneficiaries_female": 13,
        "beneficiaries_children": 6,
        "members_active": 1,
        "villages": 1,
        "villages_with_psm": 1,
        "incidents_reported": 1,
        "incidents_answered": 1,
    }
    assert village.ppks == {"fakir-miskin": 4}
    assert village.response_median_s is not None
    # 3.5 h on the activity, the course's hours, and the (short) time on site
    assert village["hours"] >= 3.5 + 16


def test_it_adds_regions_up_the_tree(world: World) -> None:
    log_activity(world)
    log_activity(world, village=world.village_b, member=world.member_a)
    period = this_month()

    rows = fig.compute("75", period)

    district = world.village_a.code[:8]
    assert (
        rows[world.village_a.code].get("activities"),
        rows[world.village_b.code].get("activities"),
    ) == (1, 1)
    assert rows[district].get("activities") == 2
    assert rows["75.01"].get("activities") == 2
    assert rows["75"].get("activities") == 2
    assert rows["75"].get("members_active") == 3
    assert rows[district].get("villages") == Region.objects.filter(parent_id=district).count()
    assert "" not in rows


def test_the_pre_aggregates_hold_what_the_records_say(world: World) -> None:
    log_activity(world)
    responded(world)
    reported_incident(world, world.village_far)
    period = this_month()

    refresh(period, spm=False)

    for code in ("", "75", "75.01", world.village_a.code[:8], world.village_a.code):
        stat = RegionStat.objects.get(region_code=code, year=period.year, month=period.month)
        live = fig.region_figures(code or None, period)
        assert [getattr(stat, c) for c in fig.COUNT_COLUMNS if c != "hours"] == [
            live.get(c) for c in fig.COUNT_COLUMNS if c != "hours"
        ], code
    national = RegionStat.objects.get(region_code="", year=period.year, month=0)
    assert (national.incidents_reported, national.incidents_answered, national.members_active) == (
        2,
        1,
        3,
    )
    assert (
        EquitySnapshot.objects.filter(scope_code="", year=period.year, month=period.month).count()
        == 1
    )


def test_the_incremental_refresh_updates_the_changed_province_and_the_country(world: World) -> None:
    period = this_month()
    refresh(period, spm=False)
    assert (
        RegionStat.objects.get(region_code="75.01", year=period.year, month=period.month).activities
        == 0
    )

    log_activity(world)
    assert DirtyPeriod.objects.count() == 1
    assert refresh_dirty() == 1

    assert DirtyPeriod.objects.count() == 0
    for code in ("", "75", "75.01", world.village_a.code):
        assert (
            RegionStat.objects.get(
                region_code=code, year=period.year, month=period.month
            ).activities
            == 1
        )
        assert RegionStat.objects.get(region_code=code, year=period.year, month=0).activities == 1


def test_a_correction_moving_an_activity_refreshes_both_months(world: World) -> None:
    today = this_month()
    earlier = today.previous()
    activity = log_activity(world)
    refresh_dirty()

    activity_actions.update_activity(
        acting_user=world.village,
        activity=activity,
        data=activity_data(world, occurred_on=earlier.start),
    )
    refresh_dirty()

    now = RegionStat.objects.get(
        region_code=world.village_a.code, year=today.year, month=today.month
    )
    before = RegionStat.objects.get(
        region_code=world.village_a.code, year=earlier.year, month=earlier.month
    )
    assert (now.activities, before.activities) == (0, 1)


def test_the_rebuild_command_fills_every_month_from_the_first_record(world: World) -> None:
    today = this_month()
    first = Period(today.year - 1, 11)
    log_activity(world, occurred_on=dt.date(today.year - 1, 11, 20), hours=Decimal("2"))

    call_command("rebuild_aggregates", "--from", first.key, verbosity=0)

    national = RegionStat.objects.filter(region_code="").values_list("year", "month", "activities")
    assert (today.year - 1, 11, 1) in set(national)
    assert (today.year - 1, 0, 1) in set(national)
    assert (today.year, today.month, 0) in set(national)
    months = {(y, m) for y, m, _n in national if m}
    assert len(months) == len(list(range(11, 13))) + today.month
