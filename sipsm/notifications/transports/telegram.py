"""Telegram through the Bot API: `sendMessage` to the chat id kept in `Message.to`.

A member is reachable on Telegram once they have shared their own contact with the bot
(see `sipsm.notifications.telegram`); Telegram gives bots no other way to learn a number.
"""

from __future__ import annotations

import logging
from typing import Any

from sipsm.notifications.conf import text_setting
from sipsm.notifications.masking import mask_address
from sipsm.notifications.models import Message
from sipsm.notifications.transports import Receipt, TransportError
from sipsm.notifications.transports.http import dig, post

logger = logging.getLogger(__name__)
# A reply that asks the person to share their number carries Telegram's contact button.
LINK_REQUEST_CATEGORY = "telegram_link_request"


class TelegramTransport:
    def __init__(self) -> None:
        self.token = text_setting("SIPSM_TELEGRAM_BOT_TOKEN")
        base = text_setting("SIPSM_TELEGRAM_API_URL").rstrip("/")
        self.url = f"{base}/bot{self.token}/sendMessage"

    def payload(self, message: Message, button: str = "") -> dict[str, Any]:
        body: dict[str, Any] = {
            "chat_id": message.to,
            "text": message.body[:4096],
            "link_preview_options": {"is_disabled": True},
        }
        if message.category == LINK_REQUEST_CATEGORY:
            body["reply_markup"] = {
                "keyboard": [
                    [{"text": button or message.subject or "📱", "request_contact": True}]
                ],
                "one_time_keyboard": True,
                "resize_keyboard": True,
            }
        return body

    def send(self, message: Message) -> Receipt:
        if not message.to.lstrip("-").isdigit():
            raise TransportError("no Telegram chat id for this person", permanent=True)
        answer = post(
            self.url, provider="Telegram", json_body=self.payload(message), secrets=(self.token,)
        )
        data = answer.json()
        if not isinstance(data, dict) or not data.get("ok"):
            raise TransportError("Telegram refused the message", permanent=True)
        provider_id = dig(data, "result.message_id")
        logger.info("Telegram to %s sent (id %s)", mask_address(message.to), provider_id)
        return Receipt(provider_message_id=provider_id)
