"""The default transport: writes the message to the log (no provider needed)."""

from __future__ import annotations

import logging

from django.conf import settings

from sipsm.notifications.masking import mask_address, scrub
from sipsm.notifications.models import Message
from sipsm.notifications.transports import Receipt

__all__ = ["ConsoleTransport", "mask_address"]

logger = logging.getLogger("sipsm.notifications.console")


class ConsoleTransport:
    """In development (DEBUG) the whole text is logged, so the one-tap links can be used;
    otherwise link tokens and long numbers are blanked out of the log."""

    def send(self, message: Message) -> Receipt:
        text = message.body if settings.DEBUG else scrub(message.body)
        logger.info("[%s to %s] %s", message.channel, mask_address(message.to), text)
        return Receipt(provider_message_id=f"console-{message.pk}", delivered=True)
