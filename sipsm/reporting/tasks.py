"""Background work of reporting: refreshing the pre-aggregated figures.

- `refresh_dirty_task` runs after an action marked a province and month as changed (an
  activity recorded, a report approved): it refreshes those months, their years and SPM.
- `refresh_current_task` refreshes the current month and year of the whole country, and the
  SPM figures of the year, then enqueues itself again `SIPSM_REPORTING_REFRESH_SECONDS` later
  (default 900; 0 stops the chain), when the backend can defer tasks. It catches what other
  modules record (incidents, cases, trainings, aid). Start the chain with
  `sipsm refresh_aggregates --start`; a newer chain makes an older one stop at its next run.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

log = logging.getLogger("sipsm.reporting")
CHAIN_KEY = "sipsm:reporting:refresh-chain"
DEFAULT_INTERVAL = 900


def interval_seconds() -> int:
    return int(getattr(settings, "SIPSM_REPORTING_REFRESH_SECONDS", DEFAULT_INTERVAL))


@task(queue_name="default")
def refresh_dirty_task() -> int:
    from sipsm.reporting.actions.aggregates import refresh_dirty

    return refresh_dirty()


def schedule_next(chain: str) -> bool:
    interval = interval_seconds()
    if interval <= 0 or not refresh_current_task.get_backend().supports_defer:
        return False
    run_after = timezone.now() + dt.timedelta(seconds=interval)
    refresh_current_task.using(run_after=run_after).enqueue(chain)
    return True


@task(queue_name="default")
def refresh_current_task(chain: str = "") -> int:
    from sipsm.reporting.actions.aggregates import refresh_current

    if chain:
        current = cache.get(CHAIN_KEY)
        if current is None:
            cache.set(CHAIN_KEY, chain, timeout=None)
        elif current != chain:
            log.info("reporting refresh chain %s superseded by %s", chain, current)
            return 0
    try:
        written = refresh_current()
        log.info("reporting refresh wrote %d rows", written)
        return written
    finally:
        if chain:
            schedule_next(chain)


def start_chain() -> str:
    chain = secrets.token_hex(8)
    cache.set(CHAIN_KEY, chain, timeout=None)
    refresh_current_task.enqueue(chain)
    return chain
