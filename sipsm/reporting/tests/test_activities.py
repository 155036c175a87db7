"""The activity log: recording, validation, correction, withdrawal, photos, and the lock once
the village's monthly report is submitted."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.reporting.actions import activities as activity_actions
from sipsm.reporting.actions import monthly as monthly_actions
from sipsm.reporting.models import Activity, DirtyPeriod
from sipsm.reporting.tests.support import (
    activity_data,
    link_member,
    log_activity,
    ppks_id,
    this_month,
)
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db


def _jpeg(name: str = "kegiatan.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", (60, 40), (200, 90, 30))
    image.save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_it_records_an_activity_with_its_beneficiaries_groups_and_an_audit_event(
    world: World,
) -> None:
    link_member(world)
    data = activity_data(world, ppks={ppks_id("lanjut-usia-telantar"): 3})

    activity = activity_actions.record_activity(
        acting_user=world.village, data=data, photos=[_jpeg()]
    )

    assert (activity.program_area, activity.beneficiaries, activity.partner_list) == (
        "environment",
        20,
        ["Karang Taruna", "Puskesmas Limboto"],
    )
    assert list(activity.ppks_groups.values_list("category__code", "count")) == [
        ("lanjut-usia-telantar", 3)
    ]
    assert activity.photos.count() == 1
    event = AuditEvent.objects.get(verb="activity.record")
    assert (event.object_id, event.region_code, event.actor_id) == (
        str(activity.pk),
        world.village_a.code,
        world.village.pk,
    )
    assert list(DirtyPeriod.objects.values_list("province_code", "year", "month")) == [
        ("75", activity.occurred_on.year, activity.occurred_on.month)
    ]


def test_a_psm_without_a_linked_member_record_cannot_log(world: World) -> None:
    with pytest.raises(PermissionRefused):
        activity_actions.record_activity(acting_user=world.village, data=activity_data(world))
    assert Activity.objects.count() == 0


def test_a_psm_logs_only_their_own_work(world: World) -> None:
    link_member(world)

    with pytest.raises(PermissionRefused):
        activity_actions.record_activity(
            acting_user=world.village, data=activity_data(world, member=world.member_b)
        )
    assert Activity.objects.count() == 0


def test_a_coordinator_logs_for_a_member_of_their_area_only(world: World) -> None:
    activity = activity_actions.record_activity(
        acting_user=world.district,
        data=activity_data(world, member=world.member_b, village=world.village_b),
    )
    assert activity.member_id == world.member_b.pk

    with pytest.raises(PermissionRefused):
        activity_actions.record_activity(
            acting_user=world.district,
            data=activity_data(world, member=world.member_far, village=world.village_far),
        )
    assert Activity.objects.count() == 1


def test_a_psm_may_log_work_in_a_neighbouring_village_of_their_district_only(world: World) -> None:
    log_activity(world, village=world.village_b)

    with pytest.raises(PermissionRefused):
        log_activity(world, village=world.village_far)
    assert list(Activity.objects.values_list("village_id", flat=True)) == [world.village_b.code]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"hours": Decimal("0")}, "hours"),
        ({"hours": Decimal("201")}, "hours"),
        ({"occurred_on": timezone.localdate() + timezone.timedelta(days=1)}, "occurred_on"),
        ({"beneficiaries_children": 9}, "beneficiaries_children"),
        ({"ppks": {1: 21}}, "ppks"),
    ],
)
def test_it_refuses_invalid_activities_and_saves_nothing(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    link_member(world)
    if "ppks" in overrides:
        overrides = {"ppks": {ppks_id("fakir-miskin"): 21}}

    with pytest.raises(ActionError) as caught:
        activity_actions.record_activity(
            acting_user=world.village, data=activity_data(world, **overrides)
        )

    assert caught.value.field == field
    assert Activity.objects.count() == 0


def test_it_refuses_a_district_as_the_place(world: World) -> None:
    link_member(world)

    with pytest.raises(ActionError) as caught:
        activity_actions.record_activity(
            acting_user=world.village,
            data=activity_data(world, village=region(world.village_a.code[:8])),
        )
    assert caught.value.field == "village"


def test_a_correction_is_audited_field_by_field(world: World) -> None:
    activity = log_activity(world)

    activity_actions.update_activity(
        acting_user=world.village, activity=activity, data=activity_data(world, hours=Decimal("5"))
    )

    event = AuditEvent.objects.get(verb="activity.update")
    assert event.changes == {"hours": ["3.5", "5.0"]}
    activity.refresh_from_db()
    assert activity.hours == Decimal("5.0")


def test_another_psm_cannot_correct_or_withdraw(world: World) -> None:
    activity = log_activity(world)

    with pytest.raises(PermissionRefused):
        activity_actions.withdraw_activity(
            acting_user=world.other_village, activity=activity, reason="salah"
        )
    activity.refresh_from_db()
    assert activity.withdrawn_at is None


def test_a_withdrawn_activity_leaves_the_figures_and_cannot_change(world: World) -> None:
    activity = log_activity(world)

    activity_actions.withdraw_activity(acting_user=world.village, activity=activity, reason="Dobel")

    assert Activity.objects.current().count() == 0
    with pytest.raises(Conflict):
        activity_actions.update_activity(
            acting_user=world.village, activity=activity, data=activity_data(world)
        )


def test_it_keeps_at_most_three_photos_and_refuses_a_non_image(world: World) -> None:
    activity = log_activity(world)
    for _ in range(3):
        activity_actions.add_activity_photo(
            acting_user=world.village, activity=activity, photo=_jpeg()
        )

    with pytest.raises(ActionError):
        activity_actions.add_activity_photo(
            acting_user=world.village, activity=activity, photo=_jpeg()
        )
    second = log_activity(world)
    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    with pytest.raises(ActionError):
        activity_actions.add_activity_photo(acting_user=world.village, activity=second, photo=fake)
    assert (activity.photos.count(), second.photos.count()) == (3, 0)


def test_activities_of_a_submitted_month_are_locked_until_the_report_is_returned(
    world: World,
) -> None:
    activity = log_activity(world)
    period = this_month()
    monthly_actions.submit_report(acting_user=world.village, region=world.village_a, period=period)

    with pytest.raises(Conflict) as caught:
        log_activity(world)
    assert caught.value.code == "report_submitted"
    with pytest.raises(Conflict):
        activity_actions.update_activity(
            acting_user=world.village, activity=activity, data=activity_data(world, title="Lain")
        )

    monthly_actions.return_report(
        acting_user=world.district, region=world.village_a, period=period, comment="Jam kerja salah"
    )
    activity_actions.update_activity(
        acting_user=world.village, activity=activity, data=activity_data(world, hours=Decimal("2"))
    )
    activity.refresh_from_db()
    assert activity.hours == Decimal("2.0")
