"""`sipsm telegram_webhook`: tell Telegram where to deliver the bot's messages.

Calls `setWebhook` with {SIPSM_BASE_URL}/webhook/telegram/ and the shared secret
SIPSM_TELEGRAM_WEBHOOK_SECRET, for text messages and shared contacts only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from sipsm.notifications.conf import text_setting
from sipsm.notifications.transports import TransportError
from sipsm.notifications.transports.http import post


class Command(BaseCommand):
    help = "Register this site's Telegram webhook with the Bot API."

    def handle(self, *args: Any, **options: Any) -> None:
        token = text_setting("SIPSM_TELEGRAM_BOT_TOKEN")
        secret = text_setting("SIPSM_TELEGRAM_WEBHOOK_SECRET")
        if not token or not secret:
            raise CommandError(
                "Set SIPSM_TELEGRAM_BOT_TOKEN and SIPSM_TELEGRAM_WEBHOOK_SECRET first."
            )
        url = settings.SIPSM_BASE_URL + reverse("notifications:webhook_telegram")
        base = text_setting("SIPSM_TELEGRAM_API_URL").rstrip("/")
        try:
            answer = post(
                f"{base}/bot{token}/setWebhook",
                provider="Telegram",
                json_body={
                    "url": url,
                    "secret_token": secret,
                    "allowed_updates": ["message"],
                    "drop_pending_updates": False,
                },
                secrets=(token, secret),
            )
        except TransportError as exc:
            raise CommandError(str(exc)) from None
        data = answer.json()
        if not isinstance(data, dict) or not data.get("ok"):
            raise CommandError("Telegram did not accept the webhook.")
        self.stdout.write(f"Telegram delivers to {url}")
