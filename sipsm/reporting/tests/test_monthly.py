"""Monthly reports: generated from the records, submitted up the hierarchy, returned with
comments, corrected, approved; frozen figures; deadlines and completeness."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.registry.models import Member
from sipsm.reporting.actions import monthly as monthly_actions
from sipsm.reporting.actions.aggregates import refresh_period
from sipsm.reporting.models import MonthlyReport, ReportEvent
from sipsm.reporting.monthly import build_page, completeness, deadline_for
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import (
    link_member,
    link_other,
    log_activity,
    responded,
    this_month,
)
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db


def test_the_village_report_holds_the_months_activities_and_incident_responses(
    world: World,
) -> None:
    log_activity(world)
    responded(world)
    period = this_month()

    page = build_page(world.village_a, period, None, suppress=False)

    assert (page.figures.get("activities"), page.figures.get("incident_responses")) == (1, 1)
    assert sorted(row.source for row in page.work) == ["activity", "incident"]
    assert (page.status, page.frozen, page.completeness) == ("draft", False, None)


def test_the_whole_workflow_up_to_approval_is_recorded_and_audited(world: World) -> None:
    log_activity(world)
    period = this_month()
    village = world.village_a

    monthly_actions.save_narrative(
        acting_user=world.village, region=village, period=period, narrative="Hujan"
    )
    submitted = monthly_actions.submit_report(
        acting_user=world.village, region=village, period=period
    )
    returned = monthly_actions.return_report(
        acting_user=world.district, region=village, period=period, comment="Tambahkan foto kegiatan"
    )
    again = monthly_actions.submit_report(acting_user=world.village, region=village, period=period)
    approved = monthly_actions.approve_report(
        acting_user=world.district, region=village, period=period
    )

    assert (submitted.status, returned.status, again.status, approved.status) == (
        "submitted",
        "returned",
        "submitted",
        "approved",
    )
    assert (approved.revision, approved.reviewed_by_id, approved.narrative) == (
        2,
        world.district.pk,
        "Hujan",
    )
    assert list(approved.events.values_list("kind", "text")) == [
        ("narrative", ""),
        ("submitted", ""),
        ("returned", "Tambahkan foto kegiatan"),
        ("submitted", ""),
        ("approved", ""),
    ]
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="monthly_report.")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "monthly_report.notes",
        "monthly_report.submit",
        "monthly_report.return",
        "monthly_report.submit",
        "monthly_report.approve",
    ]


def test_submitting_freezes_the_figures(world: World) -> None:
    log_activity(world)
    period = this_month()
    report = monthly_actions.submit_report(
        acting_user=world.village, region=world.village_a, period=period
    )
    MonthlyReport.objects.filter(pk=report.pk).update(status="approved")
    report.refresh_from_db()
    world.member_a.refresh_from_db()
    # Work recorded later (here: by a coordinator, in the other village) does not change it.
    log_activity(world, actor=world.district, village=world.village_b)

    page = build_page(world.village_a, period, report, suppress=False)

    assert (page.frozen, page.figures.get("activities")) == (True, 1)
    assert report.figures["activities"] == 1


def test_only_the_preparers_submit_and_only_the_levels_above_review(world: World) -> None:
    period = this_month()
    link_other(world)

    with pytest.raises(PermissionRefused):
        monthly_actions.submit_report(
            acting_user=world.other_village, region=world.village_a, period=period
        )
    with pytest.raises(PermissionRefused):
        monthly_actions.submit_report(
            acting_user=world.district, region=world.village_a, period=period
        )
    monthly_actions.submit_report(acting_user=world.village, region=world.village_a, period=period)
    with pytest.raises(PermissionRefused):
        monthly_actions.approve_report(
            acting_user=world.village, region=world.village_a, period=period
        )
    with pytest.raises(PermissionRefused):
        monthly_actions.approve_report(
            acting_user=world.other_regency, region=world.village_a, period=period
        )
    with pytest.raises(PermissionRefused):
        monthly_actions.approve_report(
            acting_user=world.partner, region=world.village_a, period=period
        )

    assert MonthlyReport.objects.get().status == "submitted"


def test_a_return_needs_a_comment_and_a_submitted_report(world: World) -> None:
    period = this_month()
    with pytest.raises(Conflict):
        monthly_actions.return_report(
            acting_user=world.district, region=world.village_a, period=period, comment="Periksa"
        )
    monthly_actions.submit_report(acting_user=world.village, region=world.village_a, period=period)

    with pytest.raises(ActionError) as caught:
        monthly_actions.return_report(
            acting_user=world.district, region=world.village_a, period=period, comment=" "
        )

    assert caught.value.field == "comment"
    assert MonthlyReport.objects.get().status == "submitted"


def test_a_report_cannot_be_submitted_twice_or_for_a_future_month(world: World) -> None:
    period = this_month()
    monthly_actions.submit_report(acting_user=world.village, region=world.village_a, period=period)

    with pytest.raises(Conflict):
        monthly_actions.submit_report(
            acting_user=world.village, region=world.village_a, period=period
        )
    with pytest.raises(ActionError):
        monthly_actions.submit_report(
            acting_user=world.village, region=world.village_a, period=period.next()
        )
    assert MonthlyReport.objects.count() == 1


def test_reports_go_up_level_by_level_and_the_national_one_closes_itself(world: World) -> None:
    period = this_month()
    district = region(world.village_a.code[:8])

    monthly_actions.submit_report(acting_user=world.district, region=district, period=period)
    monthly_actions.approve_report(acting_user=world.regency, region=district, period=period)
    monthly_actions.submit_report(acting_user=world.regency, region=region("75.01"), period=period)
    monthly_actions.approve_report(
        acting_user=world.province, region=region("75.01"), period=period
    )
    monthly_actions.submit_report(acting_user=world.province, region=region("75"), period=period)
    monthly_actions.approve_report(acting_user=world.national, region=region("75"), period=period)
    national = monthly_actions.submit_report(acting_user=world.national, region=None, period=period)

    assert national.status == "approved"
    assert list(MonthlyReport.objects.order_by("level").values_list("level", "status")) == [
        (0, "approved"),
        (1, "approved"),
        (2, "approved"),
        (3, "approved"),
    ]


def test_comments_come_from_the_preparers_and_reviewers(world: World) -> None:
    period = this_month()
    monthly_actions.comment_on_report(
        acting_user=world.district, region=world.village_a, period=period, text="Ditunggu"
    )
    monthly_actions.comment_on_report(
        acting_user=world.village, region=world.village_a, period=period, text="Siap"
    )

    with pytest.raises(PermissionRefused):
        monthly_actions.comment_on_report(
            acting_user=world.partner, region=world.village_a, period=period, text="Halo"
        )
    assert list(ReportEvent.objects.values_list("author_label", "text")) == [
        ("tksk", "Ditunggu"),
        ("psm.a", "Siap"),
    ]


def test_deadlines_are_set_per_level_and_can_be_configured(settings: object) -> None:
    period = Period(2026, 2)

    assert deadline_for(4, period) == dt.date(2026, 3, 5)
    assert deadline_for(0, period) == dt.date(2026, 3, 25)
    settings.SIPSM_REPORTING_DEADLINES = {"4": 3}  # type: ignore[attr-defined]
    assert deadline_for(4, period) == dt.date(2026, 3, 3)


def test_completeness_lists_the_units_with_psms_and_who_is_late(world: World) -> None:
    period = this_month()  # the members were verified this month
    monthly_actions.submit_report(acting_user=world.village, region=world.village_a, period=period)
    district = world.village_a.code[:8]

    with time_machine.travel(
        timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=6), dt.time(9)))
    ):
        result = completeness(district, period)
        regency = completeness("75.01", period)
        national = completeness(None, period)

    assert [(r.code, r.status, r.late) for r in result.reporters] == [
        (world.village_a.code, "submitted", False),
        (world.village_b.code, "missing", True),
    ]
    assert (result.expected, result.submitted, result.late, result.in_time_percent) == (
        2,
        1,
        1,
        50.0,
    )
    assert [(r.code, r.members) for r in regency.reporters] == [(district, 2)]
    assert [r.code for r in national.reporters] == ["75"]


def test_completeness_reads_the_refreshed_figures_once_there_are_some(world: World) -> None:
    period = this_month()
    counted = {code: completeness(code, period) for code in (None, "75", "75.01")}
    refresh_period(period=period)
    Member.objects.filter(pk=world.member_a.pk).update(status="candidate")  # not refreshed yet

    for code, before in counted.items():
        after = completeness(code, period)
        assert [(r.code, r.members) for r in after.reporters] == [
            (r.code, r.members) for r in before.reporters
        ], code
    assert [(r.code, r.members) for r in counted["75.01"].reporters] == [
        (world.village_a.code[:8], 2)
    ]


def test_a_partner_page_hides_the_work_list_and_small_counts(world: World) -> None:
    link_member(world)
    log_activity(world)
    period = this_month()

    page = build_page(world.village_a, period, None, suppress=True)

    assert page.work == []
    assert page.view["members_active"] == "<5"
    assert page.view["beneficiaries_children"] == "—"
    assert page.view["activities"] == 1
