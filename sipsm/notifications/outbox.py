"""Putting messages in the outbox. Delivery happens after commit, in the task worker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from sipsm.notifications.models import Channel, Message


@dataclass(frozen=True)
class Outgoing:
    """One message to one address on one channel."""

    channel: str
    body: str
    category: str
    to: str = ""
    subject: str = ""
    link: str = ""
    user_id: int | None = None
    member_id: int | None = None
    related: models.Model | None = None


def enabled_channels() -> list[str]:
    return list(getattr(settings, "SIPSM_NOTIFY_CHANNELS", ["in_app", "email", "sms"]))


def queue(items: Iterable[Outgoing]) -> list[Message]:
    """Write messages (bulk) and make sure a delivery run follows the commit."""
    now = timezone.now()
    rows = []
    for item in items:
        delivered = item.channel == Channel.IN_APP
        rows.append(
            Message(
                channel=item.channel,
                status=Message.Status.DELIVERED if delivered else Message.Status.QUEUED,
                delivered_at=now if delivered else None,
                to=item.to,
                subject=item.subject[:200],
                body=item.body,
                link=item.link[:500],
                category=item.category,
                user_id=item.user_id,
                member_id=item.member_id,
                related_type=item.related._meta.label_lower if item.related is not None else "",
                related_id=str(item.related.pk) if item.related is not None else "",
                next_attempt_at=now,
                created_at=now,
            )
        )
    created = Message.objects.bulk_create(rows, batch_size=1000)
    if any(m.status == Message.Status.QUEUED for m in created):
        transaction.on_commit(schedule_delivery)
    return created


def messages_for_member(
    *,
    member_id: int,
    phone: str,
    email: str,
    user_id: int | None,
    subject: str,
    body: str,
    short_body: str,
    link: str,
    category: str,
    related: models.Model | None,
    channels: Sequence[str] | None = None,
) -> list[Outgoing]:
    """The messages that reach one member on every channel we can and may use."""
    wanted = [c for c in (channels or enabled_channels()) if c in enabled_channels()]

    def make(channel: str, to: str, text: str, user: int | None = None) -> Outgoing:
        return Outgoing(
            channel=channel,
            to=to,
            body=text,
            subject=subject,
            link=link,
            category=category,
            user_id=user,
            member_id=member_id,
            related=related,
        )

    out: list[Outgoing] = []
    if Channel.IN_APP in wanted and user_id is not None:
        out.append(make(Channel.IN_APP, "", body, user_id))
    if Channel.EMAIL in wanted and email:
        out.append(make(Channel.EMAIL, email, body))
    for channel in (Channel.SMS, Channel.WHATSAPP, Channel.TELEGRAM):
        if channel in wanted and phone:
            out.append(make(channel, phone, short_body))
    return out


def schedule_delivery() -> None:
    from sipsm.notifications.tasks import deliver_outbox

    deliver_outbox.enqueue()
