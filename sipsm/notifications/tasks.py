"""Delivering the outbox, with retries and exponential backoff."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from sipsm.notifications.models import Message
from sipsm.notifications.transports import TransportError, transport_for

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
BATCH = 200


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, 4 min, 8 min between attempts."""
    return dt.timedelta(seconds=30 * 2 ** max(0, attempts - 1))


def deliver_one(message: Message) -> None:
    message.attempts += 1
    try:
        receipt = transport_for(message.channel).send(message)
    except TransportError as exc:
        message.last_error = str(exc)[:500]
        if exc.permanent or message.attempts >= MAX_ATTEMPTS:
            message.status = Message.Status.FAILED
        else:
            message.next_attempt_at = timezone.now() + backoff(message.attempts)
        logger.warning("delivery of message %s failed: %s", message.pk, exc)
    else:
        now = timezone.now()
        message.status = Message.Status.DELIVERED if receipt.delivered else Message.Status.SENT
        message.sent_at = now
        message.delivered_at = now if receipt.delivered else None
        message.provider_message_id = receipt.provider_message_id[:200]
        message.last_error = ""
    message.save(
        update_fields=[
            "attempts",
            "status",
            "last_error",
            "next_attempt_at",
            "sent_at",
            "delivered_at",
            "provider_message_id",
        ]
    )


@task(queue_name="notifications")
def deliver_outbox() -> int:
    """Send every due message; schedule another run for the ones that wait for a retry."""
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Message.objects.due().select_for_update(skip_locked=True).order_by("id")[:BATCH]
            )
            for message in batch:
                deliver_one(message)
        sent += len(batch)
        if len(batch) < BATCH:
            break
    waiting = (
        Message.objects.filter(status=Message.Status.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if waiting is not None and waiting > timezone.now():
        deliver_outbox.using(run_after=waiting).enqueue()
    return sent
