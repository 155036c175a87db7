"""Member photos: only real images, re-encoded, metadata (GPS) removed, random file names."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (120, 160), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {2: (0.0, 41.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_it_stores_a_clean_copy_under_a_random_name(world: World, client_for: Any) -> None:
    upload = SimpleUploadedFile("rumah saya.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    response = client_for("regency").post(f"/anggota/{world.member_a.pk}/foto/", {"photo": upload})

    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.photo.name.startswith("members/")
    assert "rumah" not in world.member_a.photo.name
    with world.member_a.photo.open("rb") as fh, Image.open(fh) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("x.jpg", b"<?php echo 'hi'; ?>"),
        ("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_it_rejects_what_is_not_a_photo(
    world: World, client_for: Any, name: str, content: bytes
) -> None:
    upload = SimpleUploadedFile(name, content)

    response = client_for("regency").post(
        f"/anggota/{world.member_a.pk}/foto/", {"photo": upload}, follow=True
    )

    world.member_a.refresh_from_db()
    assert not world.member_a.photo
    messages = [str(m) for m in response.context["messages"]]
    assert messages in (["This file is not a readable image."], ["Use a JPEG, PNG or WebP photo."])
