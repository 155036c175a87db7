"""Kemendagri region codes: normalise dotted/undotted forms and tell what kind of unit a code is.

Format (Kepmendagri 300.2.2-2138/2025): province `PP`, regency/city `PP.KK` (01-69 kabupaten,
71-99 kota), district `PP.KK.CC`, village `PP.KK.CC.DDDD` (first digit 1 kelurahan, 2 desa,
3 desa adat). Other systems often write the same codes without dots (2/4/6/10 digits).
"""

from __future__ import annotations

import enum
import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

_DOTTED = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$")
_SEPARATORS = re.compile(r"[\s.\-_/]")
_UNDOTTED_LENGTHS = {2: 1, 4: 2, 6: 3, 10: 4}
PAPUA_PROVINCES = frozenset({"91", "92", "93", "94", "95", "96"})


class InvalidRegionCode(ValueError):
    """The text cannot be a Kemendagri region code."""


class Level(enum.IntEnum):
    PROVINCE = 1
    REGENCY = 2
    DISTRICT = 3
    VILLAGE = 4


class Kind(enum.StrEnum):
    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    DISTRIK = "distrik"
    KELURAHAN = "kelurahan"
    DESA = "desa"
    DESA_ADAT = "desa_adat"


KIND_LABELS = {
    Kind.PROVINSI: _("Province"),
    Kind.KABUPATEN: _("Regency (kabupaten)"),
    Kind.KOTA: _("City (kota)"),
    Kind.KECAMATAN: _("District (kecamatan)"),
    Kind.DISTRIK: _("District (distrik)"),
    Kind.KELURAHAN: _("Kelurahan"),
    Kind.DESA: _("Village (desa)"),
    Kind.DESA_ADAT: _("Customary village (desa adat)"),
}


def normalize(raw: str) -> str:
    """Return the dotted form of a region code given dotted or undotted.

    >>> normalize("1101012001")
    '11.01.01.2001'
    >>> normalize(" 11.01 ")
    '11.01'
    """
    text = raw.strip()
    if _DOTTED.match(text):
        return text
    digits = _SEPARATORS.sub("", text)
    if not digits.isascii() or not digits.isdigit() or len(digits) not in _UNDOTTED_LENGTHS:
        raise InvalidRegionCode(raw)
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(p for p in parts if p)


def dotted_prefix(raw: str) -> str:
    """The dotted form of the start of a code, for searching while a code is typed.

    >>> dotted_prefix("11010")
    '11.01.0'
    >>> dotted_prefix("11.01.01.2")
    '11.01.01.2'

    Raises `InvalidRegionCode` for text that is not digits (and separators), or too long.
    """
    digits = _SEPARATORS.sub("", raw)
    if not digits.isascii() or not digits.isdigit() or len(digits) > 10:
        raise InvalidRegionCode(raw)
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(p for p in parts if p)


def undotted(code: str) -> str:
    return normalize(code).replace(".", "")


def level_of(code: str) -> Level:
    return Level(normalize(code).count(".") + 1)


def parent_of(code: str) -> str | None:
    dotted = normalize(code)
    if "." not in dotted:
        return None
    return dotted.rsplit(".", 1)[0]


def ancestors(code: str) -> list[str]:
    """Codes from the province down to (and including) `code`."""
    parts = normalize(code).split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def province_of(code: str) -> str:
    return normalize(code)[:2]


def subtree_q(field: str, code: str | None) -> Q:
    """A filter for rows whose `field` holds `code` or a code below it (no filter for `None`
    or "": the whole country). Written as a range ("75." <= x < "75/", "/" being the character
    after ".") rather than LIKE '75.%', so that an index on the field serves it on SQLite as
    well as on PostgreSQL."""
    if not code:
        return Q()
    return Q(**{field: code}) | Q(**{f"{field}__gte": code + ".", f"{field}__lt": code + "/"})


def is_within(code: str, scope: str | None) -> bool:
    """True when `code` is `scope` itself or lies below it. A `None` scope is the whole country."""
    if scope is None:
        return True
    return code == scope or code.startswith(scope + ".")


def kind_of(code: str) -> Kind:
    dotted = normalize(code)
    level = level_of(dotted)
    if level is Level.PROVINCE:
        return Kind.PROVINSI
    if level is Level.REGENCY:
        return Kind.KOTA if int(dotted[3:5]) >= 71 else Kind.KABUPATEN
    if level is Level.DISTRICT:
        return Kind.DISTRIK if dotted[:2] in PAPUA_PROVINCES else Kind.KECAMATAN
    first = dotted[9]
    if first == "1":
        return Kind.KELURAHAN
    if first == "3":
        return Kind.DESA_ADAT
    return Kind.DESA


def looks_like_bps_village(code: str) -> bool:
    """A 10-digit village code whose last block does not start with 1/2/3 is a BPS code.

    BPS numbers districts and villages with three digits each (e.g. `1101010001`), which
    read as Kemendagri give a village block starting with 0; Kemendagri never does that.
    """
    try:
        dotted = normalize(code)
    except InvalidRegionCode:
        return False
    return level_of(dotted) is Level.VILLAGE and dotted[9] not in "123"
