"""Phone numbers in E.164 (+62…), parsed with Indonesian defaults (0812… -> +62812…)."""

from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str, *, region: str = "ID") -> str:
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(raw) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
