"""Shared bits of the coordination pages."""

from __future__ import annotations

from django import forms
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase

from sipsm.coordination.models import Attachment
from sipsm.core.errors import ActionError

PAGE_SIZE = 25


def form_error(form: forms.Form, exc: ActionError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def download(attachment: Attachment) -> HttpResponseBase:
    """The stored file, always as a download under its original name."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
