"""The Indonesian catalogue is complete, and the compiled .mo matches the .po."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    catalogue = polib.pofile(str(LOCALE / "django.po"))

    missing = [e.msgid for e in catalogue if not e.translated() or "fuzzy" in e.flags]

    assert missing == []


def test_the_compiled_catalogue_is_up_to_date() -> None:
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    with (LOCALE / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)

    stale = []
    for entry in catalogue:
        if entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if compiled._catalog.get(key) != entry.msgstr:  # type: ignore[attr-defined]
            stale.append(entry.msgid)

    assert stale == []


@pytest.mark.django_db
def test_the_public_pages_speak_indonesian_by_default(settings: object) -> None:
    settings.LANGUAGE_CODE = "id"  # type: ignore[attr-defined]
    with translation.override("id"):
        response = Client().get("/lapor/")

    content = response.content.decode()
    assert '<html lang="id">' in content
    assert "Lapor darurat" in content
