"""Removing identities from consultation text: what consultants see unless identities were
shared, and what is published to the knowledge base.

Replaced: the asker's name and account name, every name-like word of "who it is about", the
case number, 16-digit numbers (NIK/KK), phone numbers and e-mail addresses.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.models import Consultation

LONG_NUMBER = re.compile(r"\b\d[\d .-]{13,}\d\b")
PHONE = re.compile(r"(?:\+62|\b0)8[\d -]{7,14}\d\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
NAME_WORD = re.compile(r"\b[A-Z][a-zA-Z'’-]{2,}\b")
# Capitalised words of "who it is about" that are not names.
NOT_NAMES = {
    "Anak",
    "Bapak",
    "Ibu",
    "Desa",
    "Kelurahan",
    "Kecamatan",
    "Kabupaten",
    "Kota",
    "Jalan",
    "Dusun",
    "Tahun",
    "Umur",
    "Usia",
    "Alamat",
    "Nama",
}


def _asker_words(asker: User) -> list[str]:
    words = [asker.get_username(), asker.first_name, asker.last_name]
    member = getattr(asker, "member", None)
    if member is not None:
        words.extend(member.full_name.split())
    return [w for w in words if w and len(w) >= 3]


def sensitive_words(consultation: Consultation) -> list[str]:
    words = _asker_words(consultation.asker)
    words.extend(w for w in NAME_WORD.findall(consultation.client_details) if w not in NOT_NAMES)
    if consultation.case_reference:
        words.append(consultation.case_reference)
    # Longest first, so that a full name goes before its parts.
    return sorted(set(words), key=len, reverse=True)


def redact(text: str, words: list[str]) -> str:
    hidden = _("[hidden]")
    result = EMAIL.sub(hidden, text)
    result = LONG_NUMBER.sub(hidden, result)
    result = PHONE.sub(hidden, result)
    for word in words:
        result = re.sub(r"(?<!\w)" + re.escape(word) + r"(?!\w)", hidden, result, flags=re.I)
    # "Budi Santoso" becomes one mark, not two.
    mark = re.escape(hidden)
    return re.sub(f"{mark}(?:[ ]+{mark})+", hidden, result)


def redact_for(consultation: Consultation, text: str) -> str:
    return redact(text, sensitive_words(consultation))
