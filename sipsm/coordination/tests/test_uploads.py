"""Attachments are recognised by their content, not by their name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sipsm.coordination.uploads import MAX_BYTES, check_upload, check_uploads
from sipsm.core.errors import ActionError


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
        len(content),
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
