"""Polling the BMKG feeds in the background.

`poll_bmkg` fetches the configured feeds (`SIPSM_BMKG_FEEDS`, default: the Indonesian
nowcast RSS index and the three InaTEWS JSON feeds) with conditional GET, within the request
budget (`SIPSM_BMKG_MAX_REQUESTS_PER_MINUTE`, default 60, BMKG's limit), ingests what changed
with `fresh_only` (expired warnings and earthquakes older than
`SIPSM_BMKG_MAX_QUAKE_AGE_HOURS`, default 24, are skipped), and enqueues itself again
`SIPSM_BMKG_POLL_INTERVAL_SECONDS` later (default 60; 0 stops the chain) when the task
backend can run tasks later (`supports_defer`; the database backend can, the immediate one
cannot).

Start the chain once with `sipsm ingest_bmkg --start-polling`. Each chain carries a token kept
in the cache; starting a new chain makes an older one stop at its next run, so starting twice
does not double the requests.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from sipsm.incidents.bmkg.fetch import Fetcher, setting
from sipsm.incidents.bmkg.ingest import IngestOptions, ingest

log = logging.getLogger("sipsm.incidents.bmkg")

DEFAULT_FEEDS = (
    "https://www.bmkg.go.id/alerts/nowcast/id/rss.xml",
    "https://data.bmkg.go.id/DataMKG/TEWS/autogempa.json",
    "https://data.bmkg.go.id/DataMKG/TEWS/gempaterkini.json",
    "https://data.bmkg.go.id/DataMKG/TEWS/gempadirasakan.json",
)
CHAIN_KEY = "sipsm:bmkg:poll-chain"


def configured_feeds() -> list[str]:
    feeds = setting("SIPSM_BMKG_FEEDS", DEFAULT_FEEDS)
    if isinstance(feeds, str):
        return [f for f in feeds.split() if f]
    if isinstance(feeds, list | tuple):
        return [str(f) for f in feeds]
    return list(DEFAULT_FEEDS)


def _interval() -> int:
    return int(str(setting("SIPSM_BMKG_POLL_INTERVAL_SECONDS", 60)))


def _schedule_next(chain: str) -> None:
    interval = _interval()
    if interval <= 0 or not poll_bmkg.get_backend().supports_defer:
        return
    run_after = timezone.now() + dt.timedelta(seconds=interval)
    poll_bmkg.using(run_after=run_after).enqueue(chain)


@task(queue_name="imports")
def poll_bmkg(chain: str = "") -> dict[str, int]:
    """Fetch and ingest the configured BMKG feeds once, then schedule the next run."""
    if chain:
        current = cache.get(CHAIN_KEY)
        if current is None:
            cache.set(CHAIN_KEY, chain, timeout=None)
        elif current != chain:
            log.info("BMKG polling chain %s superseded by %s", chain, current)
            return {"superseded": 1}
    try:
        options = IngestOptions(
            fresh_only=True,
            max_quake_age=dt.timedelta(
                hours=float(str(setting("SIPSM_BMKG_MAX_QUAKE_AGE_HOURS", 24)))
            ),
        )
        summary = ingest(
            configured_feeds(),
            options=options,
            fetcher=Fetcher(conditional=True, wait_for_budget=False),
        )
        log.info("BMKG poll: %s", summary)
        return summary.counts()
    finally:
        _schedule_next(chain)


def start_polling() -> str:
    """Start (or restart) the polling chain; returns its token."""
    chain = secrets.token_hex(8)
    cache.set(CHAIN_KEY, chain, timeout=None)
    poll_bmkg.enqueue(chain)
    return chain
