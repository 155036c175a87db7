"""Announcements: cascade down the unit tree, unread counter and receipts, urgent fan-out,
attachments."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sipsm.accounts.roles import Role
from sipsm.coordination.context_processors import announcements
from sipsm.coordination.models import Announcement, AnnouncementRead
from sipsm.coordination.tests import support as s
from sipsm.notifications.models import Message
from sipsm.testing import World, make_user

pytestmark = pytest.mark.django_db


def test_it_reaches_every_unit_below_a_province_announcement(world: World, client_for: Any) -> None:
    announcement = s.announcement(world, code="75")
    aceh = make_user("psm.aceh", Role.VILLAGE_PSM, "11.01.01.2001", mfa=False)

    assert list(Announcement.objects.visible_to(world.village)) == [announcement]
    assert list(Announcement.objects.visible_to(world.other_regency)) == [announcement]
    assert list(Announcement.objects.visible_to(aceh)) == []
    page = client_for("village").get("/pengumuman/")
    assert b"Rakor PSM bulan Juni" in page.content


def test_it_keeps_a_regency_announcement_from_another_regency(world: World) -> None:
    announcement = s.announcement(world)

    assert list(Announcement.objects.visible_to(world.district)) == [announcement]
    assert list(Announcement.objects.visible_to(world.province)) == [announcement]
    assert list(Announcement.objects.visible_to(world.other_regency)) == []


def test_it_counts_unread_until_the_announcement_is_opened(world: World, client_for: Any) -> None:
    announcement = s.announcement(world)
    client = client_for("village")

    assert client.get("/api/v1/announcements/unread-count").json() == {"unread": 1}
    assert b'id="announcements-unread">1<' in client.get("/pengumuman/jumlah/").content

    client.get(f"/pengumuman/{announcement.pk}/")
    client.get(f"/pengumuman/{announcement.pk}/")

    assert client.get("/api/v1/announcements/unread-count").json() == {"unread": 0}
    assert list(AnnouncementRead.objects.values_list("user__username", flat=True)) == ["psm.a"]
    receipts = client_for("regency").get(f"/pengumuman/{announcement.pk}/pembaca/")
    assert b"psm.a" in receipts.content


def test_it_sends_an_urgent_announcement_through_the_outbox(world: World) -> None:
    Message.objects.all().delete()
    announcement = s.announcement(world, priority="urgent")

    messages = Message.objects.filter(related_id=str(announcement.pk), category="announcement")
    sms_to = set(messages.filter(channel="sms").values_list("member_id", flat=True))
    in_app = set(messages.filter(channel="in_app").values_list("user__username", flat=True))
    assert sms_to == {world.member_a.pk, world.member_b.pk}
    assert {"psm.a", "psm.b", "tksk", "kabupaten", "mitra"} <= in_app
    assert "kabupaten.lain" not in in_app
    assert world.member_far.pk not in set(messages.values_list("member_id", flat=True))


def test_it_sends_a_normal_announcement_to_nobody(world: World) -> None:
    Message.objects.all().delete()
    s.announcement(world)

    assert Message.objects.filter(category="announcement").count() == 0


def test_it_serves_an_attachment_as_a_download_under_a_random_name(
    world: World, client_for: Any
) -> None:
    attachment = s.announcement_file(world)

    response = client_for("village").get(f"/lampiran/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="surat-edaran.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "surat-edaran" not in attachment.file.name


def test_it_refuses_a_file_that_is_not_what_its_name_says(world: World, client_for: Any) -> None:
    fake = SimpleUploadedFile(
        "laporan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )

    response = client_for("regency").post(
        "/pengumuman/baru/",
        {"title": "Laporan", "body": "Terlampir.", "priority": "normal", "attachments": fake},
    )

    assert response.status_code == 400
    assert b"laporan.pdf is not the kind of file its name says." in response.content
    assert Announcement.objects.count() == 0


def test_it_lists_announcements_in_a_constant_number_of_queries(
    world: World, client_for: Any
) -> None:
    client = client_for("village")
    s.announcement(world)
    client.get("/pengumuman/")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/pengumuman/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(5):
        s.announcement(world, with_file=True)
    assert count() == few


def test_it_gives_every_page_the_unread_count(world: World, rf: Any) -> None:
    s.announcement(world)
    request = rf.get("/")
    request.user = world.village

    assert announcements(request) == {"announcements_unread": 1}
