"""System checks for the messaging providers (ids sipsm.W1xx); silent while none is set up."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from sipsm.notifications.conf import setting, text_setting


@register()
def providers_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    urls = {
        "SIPSM_SMS_URL": text_setting("SIPSM_SMS_URL"),
        "SIPSM_WHATSAPP_API_URL": text_setting("SIPSM_WHATSAPP_API_URL"),
        "SIPSM_TELEGRAM_API_URL": text_setting("SIPSM_TELEGRAM_API_URL"),
    }
    for name, url in urls.items():
        if url and not settings.DEBUG and urlsplit(url).scheme != "https":
            problems.append(
                Warning(
                    f"{name} does not use https: tokens and phone numbers would travel in clear.",
                    id="sipsm.W101",
                )
            )
    pairs = [
        ("SIPSM_SMS_URL", "SIPSM_SMS_WEBHOOK_SECRET"),
        ("SIPSM_WHATSAPP_TOKEN", "SIPSM_WHATSAPP_APP_SECRET"),
        ("SIPSM_TELEGRAM_BOT_TOKEN", "SIPSM_TELEGRAM_WEBHOOK_SECRET"),
    ]
    for sender, secret in pairs:
        if text_setting(sender) and not text_setting(secret):
            problems.append(
                Warning(
                    f"{sender} is set but {secret} is not: the provider can send messages for "
                    "us, but its webhook refuses every reply and delivery report.",
                    id="sipsm.W102",
                )
            )
    extra = setting("SIPSM_SMS_EXTRA_FIELDS")
    if isinstance(extra, str) and extra.strip():
        try:
            valid = isinstance(json.loads(extra), dict)
        except ValueError:
            valid = False
        if not valid:
            problems.append(Error("SIPSM_SMS_EXTRA_FIELDS must be a JSON object.", id="sipsm.E101"))
    return problems
