"""The API accepts attachments like the pages: the same checks, the same clean copies."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sipsm.coordination.actions import discussion as discussion_actions
from sipsm.coordination.models import Attachment
from sipsm.coordination.tests import support as s
from sipsm.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _photo_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"
    exif[0x8825] = {1: "N", 2: (0.0, 41.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 90, 200)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("banjir.jpg", buffer.getvalue())


def _pdf(name: str = "notulen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 notulen")


def test_a_psm_attaches_a_photo_to_their_post_without_its_gps(
    world: World, client_for: Any
) -> None:
    client = client_for("village")
    post = s.thread(world).posts.get()

    response = client.post(f"/api/v1/posts/{post.pk}/attachments", {"files": _photo_with_gps()})

    assert response.status_code == 201
    (added,) = response.json()
    assert (added["filename"], added["content_type"]) == ("banjir.jpg", "image/jpeg")
    stored = client.get(f"/api/v1/attachments/{added['id']}")
    raw = b"".join(stored.streaming_content)  # type: ignore[attr-defined]
    assert b"KameraHP" not in raw
    assert dict(Image.open(io.BytesIO(raw)).getexif()) == {}
    thread = client.get(f"/api/v1/threads/{post.thread_id}").json()
    assert [a["id"] for a in thread["posts"][0]["attachments"]] == [added["id"]]


def test_a_coordinator_attaches_several_files_to_an_announcement(
    world: World, client_for: Any
) -> None:
    client = client_for("regency")
    announcement = s.announcement(world)

    response = client.post(
        f"/api/v1/announcements/{announcement.pk}/attachments",
        {"files": [_pdf(), _pdf("jadwal.pdf")]},
    )

    assert response.status_code == 201
    shown = client_for("village").get(f"/api/v1/announcements/{announcement.pk}").json()
    assert [a["filename"] for a in shown["attachments"]] == ["notulen.pdf", "jadwal.pdf"]


def test_it_refuses_a_file_that_is_not_what_its_name_says(world: World, client_for: Any) -> None:
    meeting = s.meeting(world)

    response = client_for("regency").post(
        f"/api/v1/meetings/{meeting.pk}/attachments",
        {"files": [_pdf(), SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a photo")]},
    )

    assert response.status_code == 400
    assert (response.json()["field"], response.json()["detail"]) == (
        "files",
        "foto.jpg is not the kind of file its name says.",
    )
    assert not Attachment.objects.exists()


def test_it_keeps_a_row_to_five_files(world: World, client_for: Any) -> None:
    article = s.article(world)
    client = client_for("regency")
    first = client.post(
        f"/api/v1/articles/{article.pk}/attachments", {"files": [_pdf() for _ in range(4)]}
    )

    second = client.post(f"/api/v1/articles/{article.pk}/attachments", {"files": [_pdf(), _pdf()]})

    assert (first.status_code, second.status_code) == (201, 400)
    assert second.json()["detail"] == "Attach at most 5 files."
    assert article.attachments.count() == 4


def test_it_refuses_files_on_a_post_in_a_locked_thread(world: World, client_for: Any) -> None:
    thread = s.thread(world)
    discussion_actions.moderate_thread(acting_user=world.regency, thread=thread, action="lock")

    response = client_for("village").post(
        f"/api/v1/posts/{thread.posts.get().pk}/attachments", {"files": _pdf()}
    )

    assert response.status_code == 409
    assert not Attachment.objects.exists()
