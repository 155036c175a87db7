"""State changes of the notification app: reading the in-app inbox, linking a Telegram chat,
and delivery reports from providers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.identity.fields import index_for
from sipsm.notifications.masking import mask_address, scrub
from sipsm.notifications.models import Channel, Message, TelegramLink

Status = Message.Status


@transaction.atomic
def mark_read(*, user: User, message_ids: list[int] | None = None) -> int:
    """Mark the user's unread in-app messages read: the given ones, or all of them."""
    unread = Message.objects.inbox_of(user).unread()
    if message_ids is not None:
        unread = unread.filter(pk__in=message_ids)
    count = unread.update(read_at=timezone.now())
    if count:
        record_event(
            actor=user,
            verb="notifications.read",
            data={"messages": count, "all": message_ids is None},
        )
    return count


@transaction.atomic
def link_telegram_chat(*, chat_id: str, phone: str) -> TelegramLink:
    """Remember that the Telegram user of `chat_id` owns `phone` (they shared their own
    contact); a number or chat linked before is moved to this pairing."""
    TelegramLink.objects.filter(phone_index=index_for(phone, kind="phone")).exclude(
        chat_id=chat_id
    ).delete()
    link = TelegramLink.objects.filter(chat_id=chat_id).first() or TelegramLink(chat_id=chat_id)
    link.phone = phone
    link.linked_at = timezone.now()
    link.save()
    record_event(
        actor=None,
        verb="notifications.telegram_link",
        target=link,
        data={"chat": mask_address(chat_id)},
    )
    return link


# Words providers use for a message's state, by what they mean for us.
DELIVERY_WORDS = {
    Status.SENT: {"sent", "accepted", "submitted", "queued", "enroute", "buffered", "sending"},
    Status.DELIVERED: {"delivered", "delivrd", "read", "seen", "success", "received"},
    Status.FAILED: {
        "failed",
        "failure",
        "undelivered",
        "undeliv",
        "undeliverable",
        "rejected",
        "rejectd",
        "expired",
        "error",
        "deleted",
    },
}


def delivery_state(word: str) -> str | None:
    """Our status for a provider's word (`DELIVRD`, `read`, `failed` …), or None."""
    cleaned = word.strip().lower()
    for state, words in DELIVERY_WORDS.items():
        if cleaned in words:
            return str(state)
    return None


@transaction.atomic
def apply_delivery_report(
    *, channel: str, provider_message_id: str, status: str, error: str = ""
) -> int:
    """Record a provider's delivery report; a state never moves back (delivered stays)."""
    state = delivery_state(status)
    if state is None or not provider_message_id or channel not in Channel.values:
        return 0
    messages = Message.objects.filter(channel=channel, provider_message_id=provider_message_id)
    now = timezone.now()
    if state == Status.DELIVERED:
        return messages.exclude(status=Status.DELIVERED).update(
            status=Status.DELIVERED, delivered_at=now, last_error=""
        )
    if state == Status.FAILED:
        return messages.filter(status__in=[Status.SENDING, Status.SENT]).update(
            status=Status.FAILED, failed_at=now, last_error=scrub(error or status)[:500]
        )
    return messages.filter(status__in=[Status.QUEUED, Status.SENDING]).update(
        status=Status.SENT, sent_at=now
    )
