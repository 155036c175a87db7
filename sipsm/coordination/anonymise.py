"""Removing identities from consultation text: what a consultant sees unless identities were
shared, and what is published to the knowledge base (which every account reads).

Each of these becomes "[hidden]":

- the asker's account and member name, and the case number;
- every word of "who it is about", in any letter case, except common words ("tahun", "anak");
- names of the villages and districts of the asker's regency, in any letter case;
- capitalised name-like words anywhere in the text, also at the start of a sentence, unless
  they are common words or terms (PSM, Dinas Sosial, RT, month and weekday names: see
  anonymise_lexicon);
- e-mail addresses, phone numbers, NIK/KK and other long numbers, street addresses
  ("Jl. Pasar 3", "RT 02/RW 03"), initials and an age written next to a hidden name
  ("Rudi (10)", "Rudi, 10 tahun").

A name written in lower case that does not appear in "who it is about" cannot be recognised,
so the asker is shown exactly what the consultant will see before the question is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.anonymise_lexicon import COMMON, TERMS
from sipsm.coordination.models import Consultation
from sipsm.coordination.search import stem_word
from sipsm.regions.models import Region

# Stands for a hidden stretch while the rules run (a private-use character: never a word).
_SLOT = "\ue000"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ID_NUMBER = re.compile(
    r"(\b(?:NIK|NKK|KK|KTP|NISN)\b\.?[ \t]*:?[ \t]*)([\dXx*][\dXx* .-]{4,}[\dXx*])", re.I
)
MASKED_NUMBER = re.compile(r"\b\d{4,8}[Xx*]{3,}\d{0,8}\b")
LONG_NUMBER = re.compile(r"\b\d[\d .-]{13,}\d\b")
PHONE = re.compile(r"(?:\+62|\b62|\b0)[ -]?8[\d -]{7,14}\d\b|\(0\d{2,3}\)[ -]?\d{5,8}\b")
STREET = re.compile(
    r"(?:\b(?:jl|jln|gg)\b\.?|\b(?:jalan|gang|lorong|kompleks|komplek|perumahan|perum|blok)\b"
    r"(?=[ \t]+(?-i:[A-Z0-9])))"
    r"[ \t]*[\w'/-]+"
    r"(?:[ \t]+(?:(?-i:[A-Z0-9])[\w'/-]*|no)\.?)*",
    re.I,
)
NEIGHBOURHOOD = re.compile(
    r"\bR[TW](?:[ \t]*/[ \t]*R[TW])?[ \t]*\.?[ \t]*:?[ \t]*\d{1,3}"
    r"(?:[ \t]*/[ \t]*(?:R[TW][ \t]*\.?[ \t]*)?\d{1,3})?\b",
    re.I,
)
WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W_][\w'’]*)*")
_AGE_UNIT = r"(?:tahun\b|thn\b\.?|th\b\.?|bulan\b|bln\b\.?)"
_AGE = r"(?:umur|usia)?[ \t]*\d{1,3}[ \t]*" + _AGE_UNIT
AGE_AFTER_SLOT = re.compile(
    _SLOT
    + r"[ \t]*,?[ \t]*(?:\([ \t]*(?:umur|usia)?[ \t]*\d{1,3}[ \t]*"
    + _AGE_UNIT
    + r"?[ \t]*\)|"
    + _AGE
    + ")",
    re.I,
)
INITIAL_BEFORE = re.compile(r"\b[A-Z]\.[ \t]*" + _SLOT)
INITIAL_AFTER = re.compile(_SLOT + r"[ \t]+[A-Z]\.(?!\w)")
SLOTS = re.compile(_SLOT + r"(?:[ \t]+" + _SLOT + ")+")


def is_common(word: str) -> bool:
    """A word that identifies nobody (checked in lower case, and by its stem)."""
    lower = word.lower()
    if lower in TERMS or lower in COMMON:
        return True
    if "-" in lower:
        return all(is_common(part) for part in lower.split("-") if part)
    return stem_word(lower) in COMMON


def identity_words(text: str) -> list[str]:
    """The words of "who it is about" that may name someone (any letter case)."""
    return [w for w in WORD.findall(text) if len(w) >= 2 and not is_common(w)]


def _whole(words: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for whole words/phrases, longest first."""
    unique = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    if not unique:
        return None
    alternatives = "|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in unique)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)


def _hide_capitalised(match: re.Match[str], keep: frozenset[str]) -> str:
    word = match.group(0)
    if len(word) >= 2 and word[0].isupper() and word not in keep and not is_common(word):
        return _SLOT
    return word


@dataclass(frozen=True)
class Redactor:
    """Hides identities in text; `words` and `places` match in any letter case, `keep` are
    capitalised words that are not names (labels the text was put together with)."""

    words: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    keep: frozenset[str] = frozenset()

    @cached_property
    def _patterns(self) -> list[re.Pattern[str]]:
        return [p for p in (_whole(self.words), _whole(self.places)) if p is not None]

    def __call__(self, text: str) -> str:
        mark = _("[hidden]")
        result = text.replace(mark, _SLOT)
        result = EMAIL.sub(_SLOT, result)
        result = ID_NUMBER.sub(lambda m: m.group(1) + _SLOT, result)
        for pattern in (PHONE, MASKED_NUMBER, LONG_NUMBER, STREET, NEIGHBOURHOOD):
            result = pattern.sub(_SLOT, result)
        for pattern in self._patterns:
            result = pattern.sub(_SLOT, result)
        result = WORD.sub(lambda match: _hide_capitalised(match, self.keep), result)
        for pattern in (INITIAL_BEFORE, INITIAL_AFTER, AGE_AFTER_SLOT):
            result = pattern.sub(_SLOT, result)
        # "Budi Santoso" becomes one mark, not two.
        return SLOTS.sub(_SLOT, result).replace(_SLOT, mark)


# Names of places ---------------------------------------------------------------------------


def regency_of(region_code: str) -> str | None:
    """The regency part of a region code ("75.01.01.1001" -> "75.01"); None above it."""
    parts = region_code.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


class PlaceNames:
    """Names of the districts and villages of regencies, read in one query for many rows."""

    def __init__(self, region_codes: Iterable[str] = ()) -> None:
        self._wanted = {r for r in map(regency_of, region_codes) if r}
        self._names: dict[str, tuple[str, ...]] = {}

    def of(self, region_code: str) -> tuple[str, ...]:
        regency = regency_of(region_code)
        if regency is None:
            return ()
        if regency not in self._names:
            self._load(self._wanted - set(self._names) | {regency})
        return self._names[regency]

    def _load(self, regencies: set[str]) -> None:
        condition = Q()
        for regency in regencies:
            condition |= Q(code__startswith=regency + ".")
        found: dict[str, list[str]] = {r: [] for r in regencies}
        for code, name in Region.objects.filter(condition).values_list("code", "name"):
            if not is_common(name):
                found[str(regency_of(code))].append(name)
        for regency, names in found.items():
            self._names[regency] = tuple(names)


# Consultations ------------------------------------------------------------------------------


def _asker_words(asker: User) -> list[str]:
    words = [asker.get_username(), asker.first_name, asker.last_name]
    member = getattr(asker, "member", None)
    if member is not None:
        words.append(member.full_name)
        words.extend(member.full_name.split())
    return [w for w in words if w and len(w) >= 2 and not is_common(w)]


def redactor(
    *,
    asker: User,
    region_code: str,
    case_reference: str,
    client_details: str,
    places: PlaceNames | None = None,
) -> Redactor:
    words = _asker_words(asker) + identity_words(client_details)
    if case_reference:
        words.append(case_reference)
    names = (places or PlaceNames()).of(region_code)
    # The labels of the text put together for publishing (actions.consultation).
    labels = frozenset({_("Answer"), _("Follow-up")})
    return Redactor(words=tuple(words), places=names, keep=labels)


def redactor_for(consultation: Consultation, places: PlaceNames | None = None) -> Redactor:
    return redactor(
        asker=consultation.asker,
        region_code=consultation.region_id,
        case_reference=consultation.case_reference,
        client_details=consultation.client_details,
        places=places,
    )


def redact_for(consultation: Consultation, text: str) -> str:
    return redactor_for(consultation)(text)
