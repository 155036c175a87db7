"""Attachments are recognised by their content, not by their name."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from sipsm.coordination.models import Attachment
from sipsm.coordination.uploads import MAX_BYTES, check_upload, check_uploads
from sipsm.core.errors import ActionError
from sipsm.testing import World


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "notulen.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("foto.png", _png(), "image/png"),
        ("daftar.csv", b"nama,desa\nSri,Hunggaluwa\n", "text/csv"),
    ],
)
def test_it_accepts_a_file_that_is_what_its_name_says(
    name: str, content: bytes, content_type: str
) -> None:
    checked = check_upload(SimpleUploadedFile(name, content))

    assert (checked.filename, checked.content_type, checked.size) == (
        name,
        content_type,
        len(checked.content),
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("foto.png", b"%PDF-1.4 not an image"),
        ("notulen.docx", b"PK\x03\x04 broken zip"),
        ("catatan.txt", b"\x00\x01\x02binary"),
    ],
)
def test_it_refuses_other_files(name: str, content: bytes) -> None:
    with pytest.raises(ActionError) as error:
        check_upload(SimpleUploadedFile(name, content))

    assert error.value.field == "attachments"


def test_it_refuses_a_file_over_ten_megabytes() -> None:
    big = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * MAX_BYTES)

    with pytest.raises(ActionError) as error:
        check_upload(big)

    assert str(error.value.message) == "besar.pdf is larger than 10 MB."


def test_it_strips_folders_from_the_name() -> None:
    checked = check_upload(SimpleUploadedFile("../../etc/surat.pdf", b"%PDF-1.4"))

    assert checked.filename == "surat.pdf"


def test_it_refuses_more_than_five_files() -> None:
    files = [SimpleUploadedFile(f"s{i}.pdf", b"%PDF-1.4") for i in range(6)]

    with pytest.raises(ActionError):
        check_uploads(files)  # type: ignore[arg-type]


def _exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "S", 2: (0.0, 41.0, 0.0)}  # GPS IFD
    return exif


def _stored(checked: object) -> Image.Image:
    content = checked.content  # type: ignore[attr-defined]
    content.seek(0)
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


def test_it_removes_exif_and_gps_from_a_jpeg_and_keeps_it_upright() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), (200, 30, 30)).save(
        buffer, format="JPEG", exif=_exif(orientation=6), comment=b"Rumah Bu Wati"
    )
    photo = buffer.getvalue()
    assert b"KameraHP" in photo

    checked = check_upload(SimpleUploadedFile("rumah.jpg", photo))

    stored = _stored(checked)
    assert (checked.content_type, stored.format) == ("image/jpeg", "JPEG")
    assert dict(stored.getexif()) == {}
    assert "comment" not in stored.info
    assert stored.size == (160, 120)  # turned as the EXIF orientation said
    checked.content.seek(0)
    raw = checked.content.read()
    assert b"KameraHP" not in raw
    assert b"Rumah Bu Wati" not in raw
    assert checked.size == len(raw)


def test_it_removes_text_chunks_and_exif_from_a_png() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Sulastri")
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(buffer, format="PNG", pnginfo=info, exif=_exif())

    checked = check_upload(SimpleUploadedFile("peta.png", buffer.getvalue()))

    stored = _stored(checked)
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (8, 8))
    assert dict(stored.getexif()) == {}
    assert "Author" not in stored.info
    checked.content.seek(0)
    assert b"Sulastri" not in checked.content.read()


def test_it_refuses_an_image_with_too_many_pixels() -> None:
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")

    with pytest.raises(ActionError):
        check_upload(SimpleUploadedFile("besar.png", buffer.getvalue()))


@pytest.mark.django_db
def test_a_photo_attached_on_a_page_is_stored_without_its_gps(
    world: World, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, format="JPEG", exif=_exif())

    response = client_for("village").post(
        "/diskusi/baru/",
        {
            "unit": "",
            "topic": "general",
            "title": "Foto banjir",
            "body": "Lihat foto.",
            "attachments": SimpleUploadedFile("banjir.jpg", buffer.getvalue()),
        },
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as fh:
        raw = fh.read()
    assert b"KameraHP" not in raw
    assert dict(Image.open(io.BytesIO(raw)).getexif()) == {}
    assert attachment.size == len(raw)
