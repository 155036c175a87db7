"""Delivery transports, one per channel, chosen by settings (console by default).

A channel uses its HTTP provider as soon as the provider is configured (SMS gateway URL,
WhatsApp token and phone number id, Telegram bot token); `SIPSM_TRANSPORTS` can name any
other class per channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from sipsm.notifications.conf import text_setting
from sipsm.notifications.models import Message


class TransportError(Exception):
    """Delivery failed; `permanent` errors are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Receipt:
    provider_message_id: str = ""
    delivered: bool = False


class Transport(Protocol):
    def send(self, message: Message) -> Receipt: ...


CONSOLE = "sipsm.notifications.transports.console.ConsoleTransport"
DEFAULT_TRANSPORTS = {
    "email": "sipsm.notifications.transports.email.EmailTransport",
    "sms": CONSOLE,
    "whatsapp": CONSOLE,
    "telegram": CONSOLE,
}
HTTP_TRANSPORTS = {
    "sms": "sipsm.notifications.transports.sms_http.HttpSmsTransport",
    "whatsapp": "sipsm.notifications.transports.whatsapp.WhatsAppCloudTransport",
    "telegram": "sipsm.notifications.transports.telegram.TelegramTransport",
}


def provider_configured(channel: str) -> bool:
    if channel == "sms":
        return bool(text_setting("SIPSM_SMS_URL"))
    if channel == "whatsapp":
        return bool(
            text_setting("SIPSM_WHATSAPP_TOKEN") and text_setting("SIPSM_WHATSAPP_PHONE_NUMBER_ID")
        )
    if channel == "telegram":
        return bool(text_setting("SIPSM_TELEGRAM_BOT_TOKEN"))
    return False


def transport_path(channel: str) -> str:
    configured = getattr(settings, "SIPSM_TRANSPORTS", {}) or {}
    if configured.get(channel):
        return str(configured[channel])
    if provider_configured(channel):
        return HTTP_TRANSPORTS[channel]
    return DEFAULT_TRANSPORTS[channel]


def transport_for(channel: str) -> Transport:
    transport: Transport = import_string(transport_path(channel))()
    return transport
