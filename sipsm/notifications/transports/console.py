"""The default transport: writes the message to the log (no provider needed)."""

from __future__ import annotations

import logging

from sipsm.notifications.models import Message
from sipsm.notifications.transports import Receipt

logger = logging.getLogger("sipsm.notifications.console")


def mask_address(address: str) -> str:
    """`+6281200000020` -> `+62812*****020`: enough to tell messages apart in a log."""
    if len(address) <= 6:
        return "***"
    return address[:6] + "*" * (len(address) - 9) + address[-3:]


class ConsoleTransport:
    def send(self, message: Message) -> Receipt:
        logger.info("[%s to %s] %s", message.channel, mask_address(message.to), message.body)
        return Receipt(provider_message_id=f"console-{message.pk}", delivered=True)
