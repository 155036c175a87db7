"""Errors and small parsing helpers shared by the BMKG readers."""

from __future__ import annotations

import datetime as dt
import re

SOURCE_NAME = "BMKG (Badan Meteorologi, Klimatologi, dan Geofisika)"
BMKG_DOMAIN = "bmkg.go.id"

# CAP 1.2 `dateTime`: YYYY-MM-DDThh:mm:ss followed by an offset. The schema pattern allows
# only `±hh:mm` (UTC written `-00:00`); `Z` and fractional seconds are accepted because
# other producers write them and their meaning is unambiguous. A time without an offset is
# rejected: it cannot be placed on the time line.
_CAP_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
)
_MAX_OFFSET = dt.timedelta(hours=14)


class FeedError(ValueError):
    """A document cannot be ingested as it is. The message says what and where, for the log."""


class FetchError(FeedError):
    """A URL could not be fetched."""


class BudgetExhausted(FetchError):
    """No request left in this minute's allowance (BMKG asks for at most 60 a minute)."""


def parse_time(text: str, *, what: str) -> dt.datetime:
    """An aware datetime from a CAP/ISO-8601 time with an offset; `FeedError` otherwise."""
    value = text.strip()
    if not _CAP_TIME.match(value):
        raise FeedError(
            f"{what}: {value!r} is not a time with an offset (YYYY-MM-DDThh:mm:ss±hh:mm)"
        )
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise FeedError(f"{what}: {value!r} is not a valid time ({exc})") from exc
    offset = parsed.utcoffset()
    if offset is None or abs(offset) > _MAX_OFFSET:
        raise FeedError(f"{what}: {value!r} has an impossible UTC offset")
    return parsed


def same_instant(text: str, moment: dt.datetime) -> bool:
    """True when the stored time text names the same instant as `moment`."""
    try:
        return parse_time(text, what="stored time") == moment
    except FeedError:
        return False


def is_bmkg(sender: str) -> bool:
    host = sender.rsplit("@", 1)[-1].lower().strip()
    return host == BMKG_DOMAIN or host.endswith("." + BMKG_DOMAIN)
