"""Delivering the outbox: claim, send outside any transaction, record; retries with backoff.

1. `claim_due` marks up to a batch of due messages "sending" with a fresh claim token, in
   one short transaction (rows locked with SKIP LOCKED on PostgreSQL, and the UPDATE repeats
   the "still due" test, so two workers never claim the same message). Claiming counts an
   attempt. A claim older than the lease (the worker died) is due again.
2. The provider calls happen after that transaction, without holding locks or a connection
   in a transaction, a few in parallel.
3. Each outcome is written only if the claim is still ours (same token).

Delivery is at-least-once: a worker that dies after the provider accepted a message but
before recording it sends that message again when its lease runs out.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from sipsm.notifications.conf import int_setting
from sipsm.notifications.masking import scrub
from sipsm.notifications.models import Message
from sipsm.notifications.transports import Receipt, Transport, TransportError, transport_for

logger = logging.getLogger(__name__)
Status = Message.Status


def max_attempts() -> int:
    return int_setting("SIPSM_OUTBOX_MAX_ATTEMPTS")


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=int_setting("SIPSM_OUTBOX_LEASE_SECONDS"))


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, 4 min, 8 min … after the 1st, 2nd, 3rd … failed attempt."""
    base = int_setting("SIPSM_OUTBOX_BACKOFF_SECONDS")
    return dt.timedelta(seconds=base * 2 ** max(0, attempts - 1))


def _claimable(now: dt.datetime) -> Q:
    due = Q(status=Status.QUEUED, next_attempt_at__lte=now)
    abandoned = Q(status=Status.SENDING, claimed_at__lt=now - lease())
    return due | abandoned


def claim_due(*, limit: int | None = None, now: dt.datetime | None = None) -> list[Message]:
    """Claim the next due messages for this run; they are ours until the lease runs out."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    size = limit or int_setting("SIPSM_OUTBOX_BATCH")
    with transaction.atomic():
        ids = list(
            Message.objects.filter(_claimable(now))
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return []
        # A claim abandoned on its last allowed attempt fails instead of trying again.
        Message.objects.filter(
            Q(pk__in=ids, status=Status.SENDING, claimed_at__lt=now - lease())
            & Q(attempts__gte=max_attempts())
        ).update(
            status=Status.FAILED,
            failed_at=now,
            claim_token="",
            claimed_at=None,
            last_error="the delivery worker stopped while sending",
        )
        Message.objects.filter(Q(pk__in=ids) & _claimable(now)).update(
            status=Status.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return list(Message.objects.filter(claim_token=token, status=Status.SENDING).order_by("id"))


@dataclass
class Outcome:
    message: Message
    receipt: Receipt | None = None
    error: TransportError | None = None
    skipped: bool = False


def _attempt(transport: Transport, message: Message, deadline: float) -> Outcome:
    """One provider call (no database access here: it may run in a worker thread)."""
    if time.monotonic() > deadline:
        return Outcome(message, skipped=True)
    try:
        return Outcome(message, receipt=transport.send(message))
    except TransportError as exc:
        return Outcome(message, error=exc)
    except Exception as exc:  # a transport bug must not lose the claim of the whole batch
        logger.exception("transport %s crashed", type(transport).__name__)
        return Outcome(message, error=TransportError(f"transport error: {type(exc).__name__}"))


def record(outcome: Outcome, token: str) -> None:
    """Write what happened, if the message is still claimed by this run."""
    message = outcome.message
    mine = Message.objects.filter(pk=message.pk, claim_token=token, status=Status.SENDING)
    now = timezone.now()
    released = {"claim_token": "", "claimed_at": None}
    if outcome.skipped:
        mine.update(status=Status.QUEUED, attempts=F("attempts") - 1, **released)
        return
    if outcome.receipt is not None:
        delivered = outcome.receipt.delivered
        mine.update(
            status=Status.DELIVERED if delivered else Status.SENT,
            sent_at=now,
            delivered_at=now if delivered else None,
            provider_message_id=outcome.receipt.provider_message_id[:200],
            last_error="",
            **released,
        )
        return
    error = outcome.error or TransportError("unknown error")
    text = scrub(str(error))[:500]
    if error.permanent or message.attempts >= max_attempts():
        mine.update(status=Status.FAILED, failed_at=now, last_error=text, **released)
        logger.warning(
            "message %s failed for good after %s attempt(s): %s", message.pk, message.attempts, text
        )
    else:
        retry_at = now + backoff(message.attempts)
        mine.update(status=Status.QUEUED, next_attempt_at=retry_at, last_error=text, **released)
        logger.warning(
            "message %s attempt %s failed, retrying at %s: %s",
            message.pk,
            message.attempts,
            retry_at.isoformat(timespec="seconds"),
            text,
        )


def send_claimed(messages: list[Message], *, started: float | None = None) -> int:
    """Send claimed messages (in parallel when configured) and record each outcome."""
    if not messages:
        return 0
    token = messages[0].claim_token
    # Never start a send whose claim may run out before it ends: keep one timeout of margin
    # (at most half the lease, so a short lease still lets the first sends through).
    lease_seconds = lease().total_seconds()
    margin = min(int_setting("SIPSM_HTTP_TIMEOUT_SECONDS") + 5, lease_seconds / 2)
    deadline = (started or time.monotonic()) + lease_seconds - margin
    transports: dict[str, Transport] = {}
    calls: list[tuple[Transport, Message]] = []
    for message in messages:
        if message.channel not in transports:
            transports[message.channel] = transport_for(message.channel)
        calls.append((transports[message.channel], message))
    workers = max(1, min(int_setting("SIPSM_OUTBOX_CONCURRENCY"), len(calls)))

    def attempt(pair: tuple[Transport, Message]) -> Outcome:
        return _attempt(pair[0], pair[1], deadline)

    if workers == 1:
        outcomes = [attempt(pair) for pair in calls]
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="outbox") as pool:
            outcomes = list(pool.map(attempt, calls))
    sent = 0
    for outcome in outcomes:
        record(outcome, token)
        sent += outcome.receipt is not None
    return sent


def deliver_due() -> int:
    """Claim and send batches until nothing is due; the number of messages sent."""
    sent = 0
    while True:
        started = time.monotonic()
        batch = claim_due()
        if not batch:
            return sent
        sent += send_claimed(batch, started=started)


def next_wakeup() -> dt.datetime | None:
    """When the next retry is due or the oldest claim runs out, whichever comes first."""
    retry = (
        Message.objects.filter(status=Status.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    claim = (
        Message.objects.filter(status=Status.SENDING, claimed_at__isnull=False)
        .order_by("claimed_at")
        .values_list("claimed_at", flat=True)
        .first()
    )
    times = [t for t in (retry, claim + lease() if claim else None) if t is not None]
    return min(times) if times else None


def schedule_followup() -> None:
    """Enqueue one later run for waiting retries (once per moment, across workers)."""
    wakeup = next_wakeup()
    if wakeup is None or wakeup <= timezone.now():
        return
    if not deliver_outbox.get_backend().supports_defer:
        return  # the immediate backend cannot wait; the next queued message triggers a run
    # Runs that would start within the same 10 s share one follow-up.
    if cache.add(f"outbox-followup:{int(wakeup.timestamp()) // 10}", 1, timeout=3600):
        deliver_outbox.using(run_after=wakeup).enqueue()


@task(queue_name="notifications")
def deliver_outbox() -> int:
    """Send every due message; schedule another run for the ones that wait for a retry."""
    sent = deliver_due()
    schedule_followup()
    return sent
