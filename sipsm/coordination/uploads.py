"""Checking uploaded attachments: an allow-list of kinds, recognised by their content.

Images are decoded and encoded again (security-reliability.md I7): what is stored holds the
pixels only, with no EXIF (camera, GPS position, time), XMP, text chunks or ICC profile;
a photo's EXIF orientation is applied first, so it still shows the right way up.

The original file name is only kept as text (for the download's Content-Disposition); the
stored file gets a random name (see models.files.attachment_path).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from sipsm.core.errors import ActionError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_PIXELS = 40_000_000
OFFICE = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
IMAGES = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
TEXT = {"txt": "text/plain", "csv": "text/csv"}
ALLOWED_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", *OFFICE, *TEXT}


@dataclass(frozen=True)
class CheckedFile:
    content: ContentFile[bytes]
    filename: str
    content_type: str
    size: int


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '"<>:|?*').strip(" .")
    return cleaned[:150] or "lampiran"


def _kind(data: bytes, extension: str) -> tuple[str, str] | None:
    """(extension, content type) when the bytes are what the name says, else None."""
    if data.startswith(b"%PDF-"):
        return ("pdf", "application/pdf") if extension == "pdf" else None
    if data.startswith(b"PK\x03\x04"):
        if extension not in OFFICE:
            return None
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names or "mimetype" in names:
            return extension, OFFICE[extension]
        return None
    if extension in {"jpg", "jpeg", "png"}:
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    return None
                probe.verify()
                found = IMAGES.get(str(probe.format))
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
            return None
        return found
    if extension in TEXT and b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return extension, TEXT[extension]
    return None


def reencoded_image(data: bytes, image_format: str) -> bytes:
    """The pixels of a checked JPEG or PNG in a new file of the same format, without any
    metadata (EXIF/GPS, XMP, comments, text chunks, ICC profile)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        if image_format == "JPEG":
            pixels = upright if upright.mode in {"RGB", "L", "CMYK"} else upright.convert("RGB")
        elif upright.mode in {"1", "L", "LA", "RGB", "RGBA", "I", "I;16"}:
            pixels = upright
        else:  # palette and other modes: keep transparency as an alpha channel
            pixels = upright.convert("RGBA")
        clean = Image.new(pixels.mode, pixels.size)
        clean.paste(pixels)
    out = io.BytesIO()
    if image_format == "JPEG":
        clean.save(out, format="JPEG", quality=90, optimize=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def check_upload(upload: UploadedFile, *, field: str = "attachments") -> CheckedFile:
    name = _clean_name(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ActionError(
            _("%(name)s: use PDF, JPEG, PNG, Word, Excel, PowerPoint, ODF, TXT or CSV.")
            % {"name": name},
            field=field,
        )
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ActionError(_("%(name)s is larger than 10 MB.") % {"name": name}, field=field)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ActionError(_("%(name)s is larger than 10 MB.") % {"name": name}, field=field)
    kind = _kind(data, extension)
    if kind is None:
        raise ActionError(
            _("%(name)s is not the kind of file its name says.") % {"name": name}, field=field
        )
    stored_extension, content_type = kind
    if content_type in {"image/jpeg", "image/png"}:
        try:
            data = reencoded_image(data, "JPEG" if content_type == "image/jpeg" else "PNG")
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            raise ActionError(
                _("%(name)s is not the kind of file its name says.") % {"name": name},
                field=field,
            ) from None
    return CheckedFile(
        content=ContentFile(data, name=f"upload.{stored_extension}"),
        filename=name,
        content_type=content_type,
        size=len(data),
    )


def check_uploads(
    uploads: Sequence[UploadedFile], *, field: str = "attachments"
) -> list[CheckedFile]:
    if len(uploads) > MAX_FILES:
        raise ActionError(_("Attach at most %(n)d files.") % {"n": MAX_FILES}, field=field)
    return [check_upload(upload, field=field) for upload in uploads]
