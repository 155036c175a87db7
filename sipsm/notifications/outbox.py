"""Putting messages in the outbox. Delivery happens after commit, in the task worker.

Queue messages inside the transaction of the change that causes them: the rows vanish with
a rollback, and the delivery run is only requested by `transaction.on_commit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from sipsm.core.bulkinsert import db_datetime, insert_rows
from sipsm.identity.fields import index_for
from sipsm.notifications.conf import setting
from sipsm.notifications.models import Channel, Message, TelegramLink


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
    return list(setting("SIPSM_NOTIFY_CHANNELS"))


def _telegram_chats(items: list[Outgoing]) -> dict[str, str]:
    """Chat ids of the phone numbers linked to Telegram, for the Telegram items addressed by
    phone (one query for the whole batch)."""
    phones = {
        item.to for item in items if item.channel == Channel.TELEGRAM and item.to.startswith("+")
    }
    if not phones:
        return {}
    by_index = {str(index_for(phone, kind="phone")): phone for phone in phones}
    links = TelegramLink.objects.filter(phone_index__in=list(by_index)).values_list(
        "phone_index", "chat_id"
    )
    return {by_index[index]: chat for index, chat in links if index in by_index}


def queue(items: Iterable[Outgoing]) -> list[Message]:
    """Write messages (bulk) and make sure a delivery run follows the commit.

    A Telegram message addressed to a phone number goes to the chat linked to that number,
    and is left out when the person has not linked Telegram.
    """
    pending = list(items)
    chats = _telegram_chats(pending)
    now = timezone.now()
    rows = []
    for item in pending:
        to = item.to
        if item.channel == Channel.TELEGRAM and to.startswith("+"):
            if to not in chats:
                continue
            to = chats[to]
        delivered = item.channel == Channel.IN_APP
        rows.append(
            Message(
                channel=item.channel,
                status=Message.Status.DELIVERED if delivered else Message.Status.QUEUED,
                delivered_at=now if delivered else None,
                to=to,
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


_RAW_COLUMNS = [
    "channel",
    "status",
    "to",
    "subject",
    "body",
    "link",
    "category",
    "user_id",
    "member_id",
    "related_type",
    "related_id",
    "attempts",
    "next_attempt_at",
    "claim_token",
    "claimed_at",
    "last_error",
    "provider_message_id",
    "created_at",
    "sent_at",
    "delivered_at",
    "failed_at",
    "read_at",
]


def queue_many(items: Iterable[Outgoing]) -> int:
    """Like `queue`, for fan-outs of thousands: one raw insert per batch, no model objects
    (about ten times faster); returns the number of messages written."""
    pending = list(items)
    chats = _telegram_chats(pending)
    now = timezone.now()
    stamp = db_datetime(now)
    rows = []
    waiting = False
    for item in pending:
        to = item.to
        if item.channel == Channel.TELEGRAM and to.startswith("+"):
            if to not in chats:
                continue
            to = chats[to]
        delivered = item.channel == Channel.IN_APP
        waiting = waiting or not delivered
        related = item.related
        rows.append(
            (
                item.channel,
                Message.Status.DELIVERED.value if delivered else Message.Status.QUEUED.value,
                to,
                item.subject[:200],
                item.body,
                item.link[:500],
                item.category,
                item.user_id,
                item.member_id,
                related._meta.label_lower if related is not None else "",
                str(related.pk) if related is not None else "",
                0,
                stamp,
                "",
                None,
                "",
                "",
                stamp,
                None,
                stamp if delivered else None,
                None,
                None,
            )
        )
    written = insert_rows(Message, _RAW_COLUMNS, rows)
    if waiting:
        transaction.on_commit(schedule_delivery)
    return written


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
    enabled = enabled_channels()
    wanted = [c for c in channels if c in enabled] if channels else enabled

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
