"""Figures of non-cash social assistance (bansos), behind a small interface.

The aid app (`sipsm.aid`) records distribution rounds and the PSMs' ticks per family; reporting
only needs a few counts from it. As long as the app is not installed, the figures are empty
(zero, and "not available" on the pages); once it is, they appear without any change here.

Which provider is used:
1. the dotted path in the setting `SIPSM_REPORTING_AID_PROVIDER`, when set (benchmarks and
   tests use this to plug in a provider of their own);
2. otherwise, when `sipsm.aid` is installed, `sipsm.aid.reporting.provider` (an object, or a
   class that is instantiated without arguments) must implement `AidProvider`;
3. otherwise `NullAidProvider`.

What a provider reports, for villages inside `prefix` (a region code, or None for the whole
country) and for days from `start` to `end` inclusive (local dates):
- `families_reached`: distinct families marked as having received their assistance (goods,
  cash or credited funds) in a round of the period;
- `ticks`: families ticked by PSMs in the period (one per family and round);
- `gaps`: families expected in a round of the period that closed without a "received" mark,
  or that were marked "not received" or with a problem (the reconciliation gaps);
- `work`: the pieces of distribution work in the period, counted as `tick_work` groups them
  (account that ticked x village x local date x program round); they count as work in the
  program area "support to government programs". Optional (default 0), added after the first
  version of this interface.
Counts are per village code (10-digit dotted Kemendagri code). `tick_work` lists, newest
first, the ticks grouped by (account that ticked, village, local date, program round), at most
`limit` groups, optionally only those of one account (`user_id`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("sipsm.reporting")


@dataclass(frozen=True)
class AidCounts:
    families_reached: int = 0
    ticks: int = 0
    gaps: int = 0
    work: int = 0


@dataclass(frozen=True)
class TickWork:
    """The distribution work of one PSM (the account that ticked) in one village on one day:
    how many families they ticked, in which program round (shown as an activity; no family is
    named)."""

    user_id: int | None
    village_code: str
    on: dt.date
    ticks: int
    label: str


@runtime_checkable
class AidProvider(Protocol):
    available: bool

    def counts(
        self, *, prefix: str | None, start: dt.date, end: dt.date
    ) -> dict[str, AidCounts]: ...

    def tick_work(
        self,
        *,
        prefix: str | None,
        start: dt.date,
        end: dt.date,
        user_id: int | None = None,
        limit: int = 200,
    ) -> list[TickWork]: ...


class NullAidProvider:
    """No aid app: no figures."""

    available = False

    def counts(self, *, prefix: str | None, start: dt.date, end: dt.date) -> dict[str, AidCounts]:
        return {}

    def tick_work(
        self,
        *,
        prefix: str | None,
        start: dt.date,
        end: dt.date,
        user_id: int | None = None,
        limit: int = 200,
    ) -> list[TickWork]:
        return []


@lru_cache(maxsize=4)
def _load(path: str) -> AidProvider:
    found = import_string(path)
    provider = found() if isinstance(found, type) else found
    if not isinstance(provider, AidProvider):
        raise TypeError(f"{path} does not implement sipsm.reporting.aid.AidProvider")
    return provider


AID_APP_PROVIDER = "sipsm.aid.reporting.provider"


def aid_provider() -> AidProvider:
    configured = getattr(settings, "SIPSM_REPORTING_AID_PROVIDER", "")
    if configured:
        return _load(configured)
    if apps.is_installed("sipsm.aid"):
        try:
            return _load(AID_APP_PROVIDER)
        except (ImportError, TypeError):
            # Reported by the system check sipsm.reporting.W001; the pages stay usable.
            log.warning("%s is missing or incomplete: no aid figures", AID_APP_PROVIDER)
    return NullAidProvider()


def provider_problem() -> str:
    """Why the configured or installed aid provider cannot be used ("" when it can)."""
    configured = getattr(settings, "SIPSM_REPORTING_AID_PROVIDER", "")
    path = configured or (AID_APP_PROVIDER if apps.is_installed("sipsm.aid") else "")
    if not path:
        return ""
    try:
        _load(path)
    except (ImportError, TypeError) as exc:
        return f"{path}: {exc}"
    return ""
