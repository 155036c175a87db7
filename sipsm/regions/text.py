"""Normalising region names for display chains and for the name search."""

from __future__ import annotations

import re
import unicodedata

from sipsm.regions import codes

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = re.compile(r"['’`ʼ]")


def search_key(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Ma’u Tengah" -> "mau tengah"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = _APOSTROPHES.sub("", folded.lower())
    return _NON_ALNUM.sub(" ", folded).strip()


def short_name(code: str, name: str) -> str:
    """The name as it appears inside a chain: "Kab. Aceh Selatan", "Kec. Bakongan"."""
    kind = codes.kind_of(code)
    if kind is codes.Kind.KABUPATEN and name.startswith("Kabupaten "):
        return "Kab. " + name.removeprefix("Kabupaten ")
    if kind is codes.Kind.KECAMATAN:
        return "Kec. " + name
    if kind is codes.Kind.DISTRIK:
        return "Distrik " + name
    return name
