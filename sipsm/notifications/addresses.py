"""Sender addresses as gateways give them, made comparable."""

from __future__ import annotations

import re

from sipsm.core.phones import InvalidPhone, normalize_phone


def sender_phone(raw: str) -> str:
    """A sender as a gateway gives it (`+62812…`, `62812…`, `0812…`) in E.164, or ""."""
    text = re.sub(r"[^\d+]", "", raw or "")
    if not text:
        return ""
    if not text.startswith(("+", "0")):
        text = "+" + text
    try:
        return normalize_phone(text)
    except InvalidPhone:
        return ""
