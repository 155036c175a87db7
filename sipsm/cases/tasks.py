"""Background work of casework: escalating overdue tasks, every hour by default.

`escalate_overdue` escalates once, then enqueues itself again
`SIPSM_CASE_ESCALATION_INTERVAL_SECONDS` later (default 3600; 0 stops the chain), but only
when the task backend can run a task later (`supports_defer`: the database backend can, the
immediate backend cannot). Start the chain with `sipsm escalate_overdue_tasks --start`; a
newer chain makes an older one stop at its next run (the chain token is kept in the cache).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from sipsm.cases.actions.escalation import escalate_overdue_tasks

log = logging.getLogger("sipsm.cases")
CHAIN_KEY = "sipsm:cases:escalation-chain"
DEFAULT_INTERVAL = 3600


def interval_seconds() -> int:
    return int(getattr(settings, "SIPSM_CASE_ESCALATION_INTERVAL_SECONDS", DEFAULT_INTERVAL))


def schedule_next(chain: str) -> bool:
    """Enqueue the next run; False when the backend cannot defer or the chain is stopped."""
    interval = interval_seconds()
    if interval <= 0 or not escalate_overdue.get_backend().supports_defer:
        return False
    run_after = timezone.now() + dt.timedelta(seconds=interval)
    escalate_overdue.using(run_after=run_after).enqueue(chain)
    return True


@task(queue_name="default")
def escalate_overdue(chain: str = "") -> int:
    """Escalate overdue tasks once, then schedule the next run of this chain."""
    if chain:
        current = cache.get(CHAIN_KEY)
        if current is None:
            cache.set(CHAIN_KEY, chain, timeout=None)
        elif current != chain:
            log.info("escalation chain %s superseded by %s", chain, current)
            return 0
    try:
        count = escalate_overdue_tasks()
        log.info("escalated %d overdue tasks", count)
        return count
    finally:
        if chain:
            schedule_next(chain)


def start_chain() -> str:
    chain = secrets.token_hex(8)
    cache.set(CHAIN_KEY, chain, timeout=None)
    escalate_overdue.enqueue(chain)
    return chain
