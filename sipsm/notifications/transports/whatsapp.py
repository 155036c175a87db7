"""WhatsApp through the WhatsApp Business Cloud API (or any service with the same shape).

POST {SIPSM_WHATSAPP_API_URL}/{SIPSM_WHATSAPP_PHONE_NUMBER_ID}/messages with a bearer token.
WhatsApp only lets a business start a conversation with an approved template: when
SIPSM_WHATSAPP_TEMPLATE is set, alerts go out as that template with the text as its single
body parameter; replies to a message a person sent us go out as plain text.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sipsm.notifications.conf import text_setting
from sipsm.notifications.masking import mask_address
from sipsm.notifications.models import Message
from sipsm.notifications.transports import Receipt, TransportError
from sipsm.notifications.transports.http import dig, post

logger = logging.getLogger(__name__)
REPLY_CATEGORY = "inbound_reply"
_TEMPLATE_UNSAFE = re.compile(r"[\n\t]+| {4,}")


class WhatsAppCloudTransport:
    def __init__(self) -> None:
        base = text_setting("SIPSM_WHATSAPP_API_URL").rstrip("/")
        self.url = f"{base}/{text_setting('SIPSM_WHATSAPP_PHONE_NUMBER_ID')}/messages"
        self.token = text_setting("SIPSM_WHATSAPP_TOKEN")
        self.template = text_setting("SIPSM_WHATSAPP_TEMPLATE")
        self.language = text_setting("SIPSM_WHATSAPP_TEMPLATE_LANGUAGE") or "id"

    def payload(self, message: Message) -> dict[str, Any]:
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.to.lstrip("+"),
        }
        if self.template and message.category != REPLY_CATEGORY:
            text = _TEMPLATE_UNSAFE.sub(" ", message.body)[:1024]
            body["type"] = "template"
            body["template"] = {
                "name": self.template,
                "language": {"code": self.language},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": text}]}],
            }
        else:
            body["type"] = "text"
            body["text"] = {"preview_url": False, "body": message.body[:4096]}
        return body

    def send(self, message: Message) -> Receipt:
        if not message.to:
            raise TransportError("no phone number", permanent=True)
        answer = post(
            self.url,
            provider="WhatsApp",
            json_body=self.payload(message),
            headers={"Authorization": f"Bearer {self.token}"},
            secrets=(self.token,),
        )
        provider_id = dig(answer.json(), "messages.0.id")
        logger.info("WhatsApp to %s accepted (id %s)", mask_address(message.to), provider_id)
        return Receipt(provider_message_id=provider_id)
