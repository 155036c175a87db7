"""A generic HTTP SMS gateway: one POST per message, JSON or form, field names configured.

    SIPSM_SMS_URL=https://gateway.example/api/send
    SIPSM_SMS_AUTH_HEADER=Authorization        SIPSM_SMS_AUTH_VALUE="Bearer …"
    SIPSM_SMS_FORMAT=json|form                 SIPSM_SMS_NUMBER_FORMAT=e164|digits|national
    SIPSM_SMS_TO_FIELD=to  SIPSM_SMS_TEXT_FIELD=text  SIPSM_SMS_SENDER_FIELD=from
    SIPSM_SMS_SENDER=IPSM  SIPSM_SMS_EXTRA_FIELDS='{"type": "otp"}'  SIPSM_SMS_ID_PATH=data.id

Most Indonesian and international gateways fit this shape.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sipsm.notifications.conf import setting, text_setting
from sipsm.notifications.masking import mask_address
from sipsm.notifications.models import Message
from sipsm.notifications.transports import Receipt, TransportError
from sipsm.notifications.transports.http import dig, post

logger = logging.getLogger(__name__)


def format_number(e164: str, style: str) -> str:
    """`+6281234567890` as the gateway wants it: e164, digits (`6281…`) or national (`0812…`)."""
    digits = e164.lstrip("+")
    if style == "digits":
        return digits
    if style == "national":
        return "0" + digits[2:] if digits.startswith("62") else digits
    return e164 if e164.startswith("+") else "+" + digits


def _extra_fields() -> dict[str, Any]:
    raw = setting("SIPSM_SMS_EXTRA_FIELDS")
    if isinstance(raw, str):
        raw = json.loads(raw) if raw.strip() else {}
    if not isinstance(raw, dict):
        raise TransportError("SIPSM_SMS_EXTRA_FIELDS must be a JSON object", permanent=True)
    return dict(raw)


class HttpSmsTransport:
    def __init__(self) -> None:
        self.url = text_setting("SIPSM_SMS_URL")
        self.form = text_setting("SIPSM_SMS_FORMAT").lower() == "form"
        self.auth_header = text_setting("SIPSM_SMS_AUTH_HEADER")
        self.auth_value = text_setting("SIPSM_SMS_AUTH_VALUE")
        self.to_field = text_setting("SIPSM_SMS_TO_FIELD")
        self.text_field = text_setting("SIPSM_SMS_TEXT_FIELD")
        self.sender_field = text_setting("SIPSM_SMS_SENDER_FIELD")
        self.sender = text_setting("SIPSM_SMS_SENDER")
        self.number_format = text_setting("SIPSM_SMS_NUMBER_FORMAT").lower()
        self.id_path = text_setting("SIPSM_SMS_ID_PATH")

    def payload(self, message: Message) -> dict[str, Any]:
        body: dict[str, Any] = _extra_fields()
        body[self.to_field] = format_number(message.to, self.number_format)
        body[self.text_field] = message.body
        if self.sender and self.sender_field:
            body[self.sender_field] = self.sender
        return body

    def send(self, message: Message) -> Receipt:
        if not message.to:
            raise TransportError("no phone number", permanent=True)
        headers = {self.auth_header: self.auth_value} if self.auth_value else {}
        body = self.payload(message)
        answer = post(
            self.url,
            provider="SMS gateway",
            json_body=None if self.form else body,
            form={k: str(v) for k, v in body.items()} if self.form else None,
            headers=headers,
            secrets=(self.auth_value,),
        )
        provider_id = dig(answer.json(), self.id_path) if self.id_path else ""
        logger.info(
            "SMS to %s accepted by the gateway (id %s)", mask_address(message.to), provider_id
        )
        return Receipt(provider_message_id=provider_id)
