"""Background tasks of coordination (django-tasks): the daily discussion digest.

`send_discussion_digests` queues the digests once, then enqueues itself again
`SIPSM_DISCUSSION_DIGEST_INTERVAL_SECONDS` later (default one day; 0 stops the chain), but
only when the task backend can run a task later (`supports_defer`: the database backend can,
the immediate backend cannot). Start the chain with `sipsm send_discussion_digest --start`; a
newer chain makes an older one stop at its next run (the chain token is kept in the cache).
Extra runs are safe: an account gets at most one digest in 20 hours.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from sipsm.coordination.actions.discussion import send_daily_digests

log = logging.getLogger("sipsm.coordination")
CHAIN_KEY = "sipsm:coordination:digest-chain"
DEFAULT_INTERVAL = 24 * 3600


def interval_seconds() -> int:
    return int(getattr(settings, "SIPSM_DISCUSSION_DIGEST_INTERVAL_SECONDS", DEFAULT_INTERVAL))


def schedule_next(chain: str) -> bool:
    """Enqueue the next run; False when the backend cannot defer or the chain is stopped."""
    interval = interval_seconds()
    if interval <= 0 or not send_discussion_digests.get_backend().supports_defer:
        return False
    run_after = timezone.now() + dt.timedelta(seconds=interval)
    send_discussion_digests.using(run_after=run_after).enqueue(chain)
    return True


@task(queue_name="default")
def send_discussion_digests(chain: str = "") -> int:
    """Queue the daily digests once, then schedule the next run of this chain."""
    if chain:
        current = cache.get(CHAIN_KEY)
        if current is None:
            cache.set(CHAIN_KEY, chain, timeout=None)
        elif current != chain:
            log.info("digest chain %s superseded by %s", chain, current)
            return 0
    try:
        sent = send_daily_digests()
        log.info("queued %d discussion digests", sent)
        return sent
    finally:
        if chain:
            schedule_next(chain)


def start_chain() -> str:
    """Start a new chain (an older one stops at its next run); returns its token."""
    chain = secrets.token_hex(8)
    cache.set(CHAIN_KEY, chain, timeout=None)
    send_discussion_digests.enqueue(chain)
    return chain
