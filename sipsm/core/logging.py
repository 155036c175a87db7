"""A logging filter that removes NIK/KK-like 16-digit numbers from every log record."""

from __future__ import annotations

import logging
import re

_SIXTEEN_DIGITS = re.compile(
    r"(?<!\d)\d{4}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{4}(?!\d)"
)


def redact(text: str) -> str:
    return _SIXTEEN_DIGITS.sub("[REDACTED-16]", text)


class RedactPersonalNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
