"""Uploaded photos: accept only real JPEG/PNG/WebP images, re-encode them, drop all metadata."""

from __future__ import annotations

import io
import secrets

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sipsm.core.errors import ActionError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
OUTPUT_SIZE = (600, 800)
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def clean_photo(upload: UploadedFile) -> ContentFile[bytes]:
    """A new JPEG (no EXIF, no GPS) under a random name, or ActionError."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ActionError(_("The photo is larger than 5 MB."), field="photo")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ActionError(_("The photo is larger than 5 MB."), field="photo")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ActionError(_("Use a JPEG, PNG or WebP photo."), field="photo")
            if probe.width * probe.height > MAX_PIXELS:
                raise ActionError(_("The photo has too many pixels."), field="photo")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            rgb = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ActionError(_("This file is not a readable image."), field="photo") from exc
    rgb.thumbnail(OUTPUT_SIZE)
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=85)
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(16)}.jpg")
