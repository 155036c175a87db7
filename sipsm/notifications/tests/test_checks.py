"""Start-up checks of the provider settings."""

from __future__ import annotations

from typing import Any

from sipsm.notifications.checks import providers_check


def ids(settings: Any) -> list[str]:
    return [problem.id or "" for problem in providers_check(None)]


def test_it_says_nothing_while_no_provider_is_set_up(settings: Any) -> None:
    assert ids(settings) == []


def test_it_warns_about_plain_http_in_production(settings: Any) -> None:
    settings.DEBUG = False
    settings.SIPSM_SMS_URL = "http://gateway.example/send"
    settings.SIPSM_SMS_WEBHOOK_SECRET = "s"

    assert ids(settings) == ["sipsm.W101"]


def test_it_warns_about_a_provider_without_a_webhook_secret(settings: Any) -> None:
    settings.SIPSM_TELEGRAM_BOT_TOKEN = "1:abc"

    assert ids(settings) == ["sipsm.W102"]


def test_it_refuses_extra_fields_that_are_not_an_object(settings: Any) -> None:
    settings.SIPSM_SMS_EXTRA_FIELDS = "[1, 2]"

    assert ids(settings) == ["sipsm.E101"]
