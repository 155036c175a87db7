"""Delivery transports, one per channel, chosen by settings (console by default)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

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


DEFAULT_TRANSPORTS = {
    "email": "sipsm.notifications.transports.email.EmailTransport",
    "sms": "sipsm.notifications.transports.console.ConsoleTransport",
    "whatsapp": "sipsm.notifications.transports.console.ConsoleTransport",
    "telegram": "sipsm.notifications.transports.console.ConsoleTransport",
}


def transport_for(channel: str) -> Transport:
    configured = getattr(settings, "SIPSM_TRANSPORTS", {})
    path = configured.get(channel) or DEFAULT_TRANSPORTS[channel]
    transport: Transport = import_string(path)()
    return transport
