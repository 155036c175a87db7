"""Management commands of the notification app."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sipsm.notifications.models import Message
from sipsm.notifications.outbox import Outgoing, queue
from sipsm.notifications.tests.support import FakeProvider

TOKEN = "123456:AAEcommandtesttokencommandtest"


@pytest.mark.urls("sipsm.notifications.tests.urls")
def test_it_registers_the_telegram_webhook(settings: Any, provider: FakeProvider) -> None:
    settings.SIPSM_TELEGRAM_API_URL = provider.url
    settings.SIPSM_TELEGRAM_BOT_TOKEN = TOKEN
    settings.SIPSM_TELEGRAM_WEBHOOK_SECRET = "tg-secret"
    settings.SIPSM_BASE_URL = "https://sipsm.example"
    provider.answers[:] = [(200, {"ok": True, "result": True})]
    out = io.StringIO()

    call_command("telegram_webhook", stdout=out)

    [request] = provider.seen
    assert request.path == f"/bot{TOKEN}/setWebhook"
    assert request.json() == {
        "url": "https://sipsm.example/webhook/telegram/",
        "secret_token": "tg-secret",
        "allowed_updates": ["message"],
        "drop_pending_updates": False,
    }
    assert out.getvalue() == "Telegram delivers to https://sipsm.example/webhook/telegram/\n"


def test_it_needs_the_bot_token_and_the_secret(settings: Any) -> None:
    with pytest.raises(CommandError, match="Set SIPSM_TELEGRAM_BOT_TOKEN"):
        call_command("telegram_webhook")


@pytest.mark.django_db
def test_it_delivers_the_outbox_on_demand() -> None:
    queue([Outgoing(channel="sms", to="+6281299000001", body="x", category="t")])
    out = io.StringIO()

    call_command("deliver_outbox", stdout=out)

    assert out.getvalue() == "1 message(s) sent\n"
    assert Message.objects.get().status == Message.Status.DELIVERED
