"""Settings of the aid module, each with a default (see the closing note of issue 5).

* `SIPSM_AID_CUTOFF_DAY` (17): proposals submitted up to this day of the month go into that
  month's update cycle (DTSEN: cut-off on the 17th, data pulled on the 18th); later ones
  into the next month's.
* `SIPSM_AID_VERIFY_WORKING_DAYS` (3) and `SIPSM_AID_RESPONSE_DAYS` (5): complaint deadlines
  modelled on SP4N-LAPOR! (verification within 3 working days of receipt, a response within
  5 days of verification).
* `SIPSM_AID_HOLIDAYS` (empty): extra non-working days (ISO dates) besides weekends.
* `SIPSM_AID_IMPORT_MAX_BYTES` (512 MiB): the largest KPM list accepted through the web.
* `SIPSM_AID_IMPORT_CHUNK` (2000): rows checked and written (with a checkpoint) at a time.
* `SIPSM_AID_IMPORT_COMMIT_ROWS` (20000): rows per transaction (a few chunks): fewer commits
  make a national import several times faster; a crash loses at most these rows' work.
* `SIPSM_AID_IMPORT_LEASE_SECONDS` (120): an import whose worker has not reported for this
  long may be taken over by another worker (a dead worker on the same host at once).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "SIPSM_AID_CUTOFF_DAY": 17,
    "SIPSM_AID_VERIFY_WORKING_DAYS": 3,
    "SIPSM_AID_RESPONSE_DAYS": 5,
    "SIPSM_AID_HOLIDAYS": [],
    "SIPSM_AID_IMPORT_MAX_BYTES": 512 * 1024 * 1024,
    "SIPSM_AID_IMPORT_CHUNK": 2000,
    "SIPSM_AID_IMPORT_COMMIT_ROWS": 20000,
    "SIPSM_AID_IMPORT_LEASE_SECONDS": 120,
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def holidays() -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(str(d)) for d in setting("SIPSM_AID_HOLIDAYS") or [])


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays()


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """`days` working days after `start` (same time of day): Saturday, Sunday and the
    configured holidays do not count."""
    result = start
    left = days
    while left > 0:
        result += dt.timedelta(days=1)
        if is_working_day(result.date()):
            left -= 1
    return result


def cycle_of(day: dt.date) -> str:
    """The monthly update cycle ("YYYY-MM") a proposal submitted on `day` belongs to."""
    cutoff = int(setting("SIPSM_AID_CUTOFF_DAY"))
    if day.day <= cutoff:
        return f"{day.year:04d}-{day.month:02d}"
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return f"{year:04d}-{month:02d}"
