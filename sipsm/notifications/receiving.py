"""Acting on messages the gateways deliver to us: de-duplicate, rate-limit, hand the text to
the keyword grammar (sipsm.incidents.inbound) and queue its reply on the same channel."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sipsm.core.ratelimit import hit
from sipsm.notifications.conf import setting
from sipsm.notifications.masking import mask_address
from sipsm.notifications.models import Channel, InboundMessage, Message, TelegramLink
from sipsm.notifications.outbox import Outgoing, queue
from sipsm.notifications.transports.telegram import LINK_REQUEST_CATEGORY

logger = logging.getLogger(__name__)
REPLY_CATEGORY = "inbound_reply"


@dataclass(frozen=True)
class Received:
    """One message from a person, as a webhook parsed it."""

    channel: str
    reply_to: str  # phone number in E.164, or Telegram chat id
    sender_phone: str  # "" when the channel does not tell it
    text: str
    provider_message_id: str = ""


def _rate_limited(item: Received) -> bool:
    limit, window = setting("SIPSM_INBOUND_PER_SENDER")
    return not hit(
        "inbound", f"{item.channel}:{item.reply_to}", limit=int(limit), window_seconds=int(window)
    )


# A message without a provider id is known by a hash of sender and text within this window:
# a signed request captured and sent again (or a gateway retrying) is ignored while it lasts.
REPLAY_WINDOW_SECONDS = 15 * 60


def _fingerprint(item: Received, window: int) -> str:
    raw = "\n".join([item.channel, item.reply_to, item.sender_phone, item.text, str(window)])
    return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()


def _record(channel: str, key: str, command: str) -> bool:
    try:
        with transaction.atomic():
            InboundMessage.objects.create(channel=channel, provider_message_id=key, command=command)
    except IntegrityError:
        return False
    return True


def _first_time(item: Received, command: str) -> bool:
    """Record the message; False when the same message arrives again (a provider's retry, or a
    replay of a signed request). Messages without a provider id are recognised by their
    content within REPLAY_WINDOW_SECONDS: the current window and the previous one are checked,
    so a replay just after a window boundary is caught too."""
    if item.provider_message_id:
        return _record(item.channel, item.provider_message_id[:200], command)
    window = int(time.time()) // REPLAY_WINDOW_SECONDS
    if InboundMessage.objects.filter(
        channel=item.channel, provider_message_id=_fingerprint(item, window - 1)
    ).exists():
        return False
    return _record(item.channel, _fingerprint(item, window), command)


def receive(item: Received) -> Message | None:
    """Handle one inbound message; the queued reply, or None (repeat or rate-limited)."""
    from sipsm.incidents.inbound import command_of, handle_message

    if not item.reply_to:
        return None
    if _rate_limited(item):
        logger.warning(
            "inbound %s from %s over the rate limit, ignored",
            item.channel,
            mask_address(item.reply_to),
        )
        return None
    with transaction.atomic():
        if not _first_time(item, command_of(item.text)):
            return None
        reply = handle_message(channel=item.channel, sender=item.sender_phone, text=item.text)
        return _queue_reply(item, reply)


def _queue_reply(item: Received, text: str, *, category: str = REPLY_CATEGORY) -> Message | None:
    if (
        item.channel == Channel.TELEGRAM
        and not TelegramLink.objects.filter(chat_id=item.reply_to).exists()
    ):
        # Until the chat is linked to a number, every answer offers the contact button.
        with translation.override(_language()):
            text = f"{text}\n\n{share_number_text()}"
        category = LINK_REQUEST_CATEGORY
    created = queue(
        [
            Outgoing(
                channel=item.channel,
                to=item.reply_to,
                body=text,
                category=category,
                subject=_share_button_label() if category == LINK_REQUEST_CATEGORY else "",
            )
        ]
    )
    return created[0] if created else None


def _language() -> str:
    from django.conf import settings

    return str(settings.LANGUAGE_CODE)


def share_number_text() -> str:
    return _(
        "To receive call-outs here and answer them, share your phone number with the button below."
    )


def _share_button_label() -> str:
    with translation.override(_language()):
        return _("Share my phone number")


def receive_contact(item: Received, *, phone: str, own: bool) -> Message | None:
    """A Telegram user shared a contact: link the chat when it is their own, verified number."""
    from sipsm.notifications.actions import link_telegram_chat

    if _rate_limited(item):
        return None
    with transaction.atomic():
        if not _first_time(item, ""):
            return None
        with translation.override(_language()):
            if not own or not phone:
                return _queue_reply(
                    item, _("Please share your own phone number with the button below.")
                )
            link_telegram_chat(chat_id=item.reply_to, phone=phone)
            text = _(
                "Thank you. Your number %(phone)s is linked: call-outs will reach you here, and "
                "you can answer them with TERIMA <code> or TOLAK <code>."
            ) % {"phone": mask_address(phone)}
        return _queue_reply(item, text)
