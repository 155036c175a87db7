"""Settings of the notification app, with their defaults.

Every value comes from `settings.py`, which reads it from an environment variable of the
same name. Until a setting is declared there, the default below applies.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Outbox delivery
    "SIPSM_NOTIFY_CHANNELS": ["in_app", "email", "sms"],
    "SIPSM_OUTBOX_MAX_ATTEMPTS": 6,
    "SIPSM_OUTBOX_BACKOFF_SECONDS": 30,
    "SIPSM_OUTBOX_LEASE_SECONDS": 300,
    "SIPSM_OUTBOX_BATCH": 50,
    "SIPSM_OUTBOX_CONCURRENCY": 4,
    "SIPSM_HTTP_TIMEOUT_SECONDS": 10,
    # Generic HTTP SMS gateway
    "SIPSM_SMS_URL": "",
    "SIPSM_SMS_FORMAT": "json",
    "SIPSM_SMS_AUTH_HEADER": "Authorization",
    "SIPSM_SMS_AUTH_VALUE": "",
    "SIPSM_SMS_TO_FIELD": "to",
    "SIPSM_SMS_TEXT_FIELD": "text",
    "SIPSM_SMS_SENDER_FIELD": "from",
    "SIPSM_SMS_SENDER": "",
    "SIPSM_SMS_NUMBER_FORMAT": "e164",
    "SIPSM_SMS_EXTRA_FIELDS": {},
    "SIPSM_SMS_ID_PATH": "id",
    "SIPSM_SMS_WEBHOOK_SECRET": "",
    "SIPSM_SMS_SIGNATURE_HEADER": "X-Signature",
    "SIPSM_SMS_INBOUND_FROM_FIELD": "from",
    "SIPSM_SMS_INBOUND_TEXT_FIELD": "text",
    "SIPSM_SMS_INBOUND_ID_FIELD": "id",
    "SIPSM_SMS_STATUS_ID_FIELD": "id",
    "SIPSM_SMS_STATUS_FIELD": "status",
    # WhatsApp Business Cloud API
    "SIPSM_WHATSAPP_API_URL": "https://graph.facebook.com/v21.0",
    "SIPSM_WHATSAPP_PHONE_NUMBER_ID": "",
    "SIPSM_WHATSAPP_TOKEN": "",
    "SIPSM_WHATSAPP_APP_SECRET": "",
    "SIPSM_WHATSAPP_VERIFY_TOKEN": "",
    "SIPSM_WHATSAPP_TEMPLATE": "",
    "SIPSM_WHATSAPP_TEMPLATE_LANGUAGE": "id",
    # Telegram Bot API
    "SIPSM_TELEGRAM_API_URL": "https://api.telegram.org",
    "SIPSM_TELEGRAM_BOT_TOKEN": "",
    "SIPSM_TELEGRAM_WEBHOOK_SECRET": "",
    # Inbound messages
    "SIPSM_INBOUND_PER_SENDER": (20, 3600),
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def text_setting(name: str) -> str:
    return str(setting(name) or "")


def int_setting(name: str) -> int:
    return int(setting(name))
