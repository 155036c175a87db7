"""Meetings and decisions: the Mukernas 2023 recommendation tracked to its actions, the
overdue list per unit, progress with evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sipsm.coordination.actions import meetings as meeting_actions
from sipsm.coordination.models import ActionItem
from sipsm.coordination.tests import support as s
from sipsm.coordination.uploads import check_upload
from sipsm.core.errors import ActionError
from sipsm.testing import World, region

pytestmark = pytest.mark.django_db


def _mukernas(world: World) -> ActionItem:
    meeting = meeting_actions.create_meeting(
        acting_user=world.national,
        region=None,
        data=meeting_actions.MeetingData(
            kind="mukernas",
            title="Mukernas IPSM 2023",
            starts_at=dt.datetime(2023, 8, 20, 2, 0, tzinfo=dt.UTC),
            status="held",
        ),
    )
    recommendation = meeting_actions.add_decision(
        acting_user=world.national,
        meeting=meeting,
        kind="recommendation",
        text="Meningkatkan pelayanan melalui karya nyata",
    )
    return meeting_actions.add_action_item(
        acting_user=world.national,
        decision=recommendation,
        region=region("75"),
        title="Setiap desa melaporkan satu karya nyata per bulan",
        due_date=dt.date(2024, 6, 30),
        owner=world.province,
    )


def test_it_tracks_a_mukernas_recommendation_to_its_actions(world: World, client_for: Any) -> None:
    item = _mukernas(world)

    overdue = client_for("province").get("/tindak-lanjut/?terlambat=1")
    assert b"Setiap desa melaporkan satu karya nyata per bulan" in overdue.content
    assert b"IPSM Provinsi Gorontalo</a>: 1" in overdue.content

    meeting_actions.add_progress(
        acting_user=world.province,
        item=item,
        note="Semua kabupaten melapor.",
        progress=60,
        status="done",
        files=[check_upload(s.pdf("bukti.pdf"))],
    )

    item.refresh_from_db()
    assert (item.status, item.progress, item.is_overdue) == ("done", 100, False)
    assert list(ActionItem.objects.overdue()) == []
    assert item.updates.get().attachments.get().filename == "bukti.pdf"
    detail = client_for("regency").get(f"/tindak-lanjut/{item.pk}/")
    assert b"Meningkatkan pelayanan melalui karya nyata" in detail.content


def test_it_assigns_actions_only_to_units_at_or_below_the_meeting(world: World) -> None:
    decision = s.decision(world)

    with pytest.raises(ActionError) as error:
        meeting_actions.add_action_item(
            acting_user=world.province,
            decision=decision,
            region=region("75.03"),
            title="Di luar",
            due_date=dt.date(2030, 1, 1),
        )
    assert error.value.field == "unit"


def test_it_records_attendance_by_kta_number(world: World) -> None:
    meeting = s.meeting(world)

    attendance = meeting_actions.record_attendance(
        acting_user=world.regency, meeting=meeting, kta_number=str(world.member_a.kta_number)
    )

    assert (attendance.name, attendance.member) == ("Nur Aisyah Hulopi", world.member_a)


def test_it_finds_no_member_by_a_kta_number_outside_the_coordinators_area(
    world: World, client_for: Any
) -> None:
    meeting = s.meeting(world)
    far = str(world.member_far.kta_number)

    with pytest.raises(ActionError) as error:
        meeting_actions.record_attendance(
            acting_user=world.regency, meeting=meeting, kta_number=far
        )
    response = client_for("regency").post(
        f"/api/v1/meetings/{meeting.pk}/attendance",
        {"kta_number": far},
        content_type="application/json",
    )

    assert (error.value.field, str(error.value.message)) == (
        "kta_number",
        "No member has this KTA number.",
    )
    assert response.status_code == 400
    assert "Hulopi" not in response.content.decode()
    assert world.member_far.full_name not in response.content.decode()
    assert not meeting.attendance.exists()


def test_it_lists_action_items_in_a_constant_number_of_queries(
    world: World, client_for: Any
) -> None:
    client = client_for("regency")
    s.action_item(world, due=dt.date(2024, 1, 1))
    client.get("/tindak-lanjut/")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tindak-lanjut/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(4):
        s.action_item(world, due=dt.date(2024, 1, 1))
    assert count() == few
