"""Hiding phone numbers, chat ids and tokens before anything is logged or stored as an error."""

from __future__ import annotations

import re

_LONG_NUMBER = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_SECRET_LIKE = re.compile(
    r"\b(?=[A-Za-z0-9_:-]*\d)(?=[A-Za-z0-9_:-]*[A-Za-z])[A-Za-z0-9_:-]{24,}\b"
)


def mask_address(address: str) -> str:
    """`+6281200000020` -> `+62812*****020`: enough to tell messages apart in a log."""
    if not address:
        return ""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(address) <= 6:
        return "***"
    start, end = (6, 3) if len(address) >= 12 else (len(address) // 3, 2)
    return address[:start] + "*" * (len(address) - start - end) + address[-end:]


def _mask_number(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) < 7:
        return match.group(0)
    return "*" * (len(digits) - 3) + digits[-3:]


def scrub(text: str, *secrets: str) -> str:
    """`text` without the given secrets, long numbers (phones, chat ids) or token-like words."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[secret]")
    text = _SECRET_LIKE.sub("[secret]", text)
    return _LONG_NUMBER.sub(_mask_number, text)
