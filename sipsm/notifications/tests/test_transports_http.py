"""The HTTP transports against a local fake provider: request shape, auth, provider id,
temporary (5xx, 429, timeout) and permanent (4xx) errors, and no secrets in errors or logs."""

from __future__ import annotations

import logging
import urllib.parse
from typing import Any

import pytest

from sipsm.notifications.models import Message
from sipsm.notifications.outbox import Outgoing, queue
from sipsm.notifications.tasks import deliver_due
from sipsm.notifications.tests.support import FakeProvider
from sipsm.notifications.transports import TransportError
from sipsm.notifications.transports.sms_http import HttpSmsTransport, format_number
from sipsm.notifications.transports.telegram import LINK_REQUEST_CATEGORY, TelegramTransport
from sipsm.notifications.transports.whatsapp import WhatsAppCloudTransport

pytestmark = pytest.mark.django_db
PHONE = "+6281299000123"
BOT_TOKEN = "123456:AAEsecretsecretsecretsecret"


def message(channel: str = "sms", to: str = PHONE, **extra: Any) -> Message:
    values: dict[str, Any] = {"body": "IPSM: BANJIR di Kayubulan", "category": "callout"}
    values.update(extra)
    return Message.objects.create(channel=channel, to=to, **values)


@pytest.fixture
def sms_gateway(settings: Any, provider: FakeProvider) -> FakeProvider:
    settings.SIPSM_SMS_URL = provider.url + "/api/send"
    settings.SIPSM_SMS_AUTH_HEADER = "Authorization"
    settings.SIPSM_SMS_AUTH_VALUE = "Bearer gw-secret-token"
    settings.SIPSM_SMS_ID_PATH = "data.message_id"
    return provider


def test_it_posts_json_to_the_sms_gateway_with_the_auth_header(sms_gateway: FakeProvider) -> None:
    sms_gateway.answers[:] = [(200, {"data": {"message_id": "gw-77"}})]

    receipt = HttpSmsTransport().send(message())

    [request] = sms_gateway.seen
    assert request.path == "/api/send"
    assert request.headers["authorization"] == "Bearer gw-secret-token"
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {"to": PHONE, "text": "IPSM: BANJIR di Kayubulan"}
    assert receipt.provider_message_id == "gw-77"


def test_it_posts_a_form_with_configured_field_names(
    settings: Any, sms_gateway: FakeProvider
) -> None:
    settings.SIPSM_SMS_FORMAT = "form"
    settings.SIPSM_SMS_TO_FIELD = "msisdn"
    settings.SIPSM_SMS_TEXT_FIELD = "message"
    settings.SIPSM_SMS_SENDER = "IPSM"
    settings.SIPSM_SMS_SENDER_FIELD = "sender"
    settings.SIPSM_SMS_NUMBER_FORMAT = "national"
    settings.SIPSM_SMS_EXTRA_FIELDS = '{"type": "reguler"}'
    settings.SIPSM_SMS_AUTH_HEADER = "X-Api-Key"
    settings.SIPSM_SMS_AUTH_VALUE = "k-123"

    HttpSmsTransport().send(message())

    [request] = sms_gateway.seen
    assert request.headers["x-api-key"] == "k-123"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(urllib.parse.parse_qsl(request.body.decode())) == {
        "msisdn": "081299000123",
        "message": "IPSM: BANJIR di Kayubulan",
        "sender": "IPSM",
        "type": "reguler",
    }


def test_it_writes_numbers_the_way_the_gateway_wants() -> None:
    assert format_number(PHONE, "e164") == PHONE
    assert format_number(PHONE, "digits") == "6281299000123"
    assert format_number(PHONE, "national") == "081299000123"


def test_it_treats_a_gateway_5xx_as_temporary(sms_gateway: FakeProvider) -> None:
    sms_gateway.answers[:] = [(503, {"message": "maintenance"})]

    with pytest.raises(TransportError) as raised:
        HttpSmsTransport().send(message())

    assert raised.value.permanent is False
    assert str(raised.value) == "SMS gateway answered HTTP 503: maintenance"


def test_it_treats_a_gateway_4xx_as_permanent(sms_gateway: FakeProvider) -> None:
    sms_gateway.answers[:] = [(400, {"error": {"message": "invalid number 6281299000123"}})]

    with pytest.raises(TransportError) as raised:
        HttpSmsTransport().send(message())

    assert raised.value.permanent is True
    assert str(raised.value) == "SMS gateway answered HTTP 400: invalid number **********123"


def test_it_treats_too_many_requests_as_temporary(sms_gateway: FakeProvider) -> None:
    sms_gateway.answers[:] = [(429, {"message": "slow down"})]

    with pytest.raises(TransportError) as raised:
        HttpSmsTransport().send(message())

    assert raised.value.permanent is False


def test_it_gives_up_waiting_after_the_timeout(settings: Any, sms_gateway: FakeProvider) -> None:
    settings.SIPSM_HTTP_TIMEOUT_SECONDS = 1
    sms_gateway.delay = 2

    with pytest.raises(TransportError) as raised:
        HttpSmsTransport().send(message())

    assert raised.value.permanent is False
    assert str(raised.value) == "SMS gateway did not answer within 1 s"


def test_it_reports_an_unreachable_gateway_as_temporary(settings: Any) -> None:
    settings.SIPSM_SMS_URL = "http://127.0.0.1:9/send"  # nothing listens on the discard port

    with pytest.raises(TransportError) as raised:
        HttpSmsTransport().send(message())

    assert raised.value.permanent is False
    assert str(raised.value).startswith("SMS gateway could not be reached")


def test_the_outbox_retries_a_5xx_and_records_the_provider_id(
    sms_gateway: FakeProvider, caplog: pytest.LogCaptureFixture
) -> None:
    sms_gateway.answers[:] = [(502, b"bad gateway"), (200, {"data": {"message_id": "gw-9"}})]
    [queued] = queue([Outgoing(channel="sms", to=PHONE, body="IPSM test", category="callout")])

    with caplog.at_level(logging.INFO):
        deliver_due()
        queued.refresh_from_db()
        assert queued.status == Message.Status.QUEUED
        assert queued.last_error == "SMS gateway answered HTTP 502: bad gateway"
        Message.objects.filter(pk=queued.pk).update(next_attempt_at=queued.created_at)
        deliver_due()

    queued.refresh_from_db()
    assert queued.status == Message.Status.SENT
    assert queued.provider_message_id == "gw-9"
    assert queued.attempts == 2
    assert len(sms_gateway.seen) == 2
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert PHONE not in logged
    assert "gw-secret-token" not in logged


def test_the_outbox_fails_a_4xx_at_once(sms_gateway: FakeProvider) -> None:
    sms_gateway.answers[:] = [(401, {"message": "bad key"})]
    [queued] = queue([Outgoing(channel="sms", to=PHONE, body="IPSM test", category="callout")])

    deliver_due()

    queued.refresh_from_db()
    assert queued.status == Message.Status.FAILED
    assert queued.attempts == 1
    assert queued.last_error == "SMS gateway answered HTTP 401: bad key"
    assert len(sms_gateway.seen) == 1


# --- WhatsApp -------------------------------------------------------------------------------


@pytest.fixture
def whatsapp_api(settings: Any, provider: FakeProvider) -> FakeProvider:
    settings.SIPSM_WHATSAPP_API_URL = provider.url + "/v21.0"
    settings.SIPSM_WHATSAPP_PHONE_NUMBER_ID = "1055"
    settings.SIPSM_WHATSAPP_TOKEN = "EAAGwa-secret-token"
    provider.answers[:] = [
        (
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": "6281299000123", "wa_id": "6281299000123"}],
                "messages": [{"id": "wamid.HBgM123"}],
            },
        )
    ]
    return provider


def test_it_sends_whatsapp_text_in_the_cloud_api_shape(whatsapp_api: FakeProvider) -> None:
    receipt = WhatsAppCloudTransport().send(
        message("whatsapp", category="inbound_reply", body="Terima kasih")
    )

    [request] = whatsapp_api.seen
    assert request.path == "/v21.0/1055/messages"
    assert request.headers["authorization"] == "Bearer EAAGwa-secret-token"
    assert request.json() == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281299000123",
        "type": "text",
        "text": {"preview_url": False, "body": "Terima kasih"},
    }
    assert receipt.provider_message_id == "wamid.HBgM123"


def test_it_starts_whatsapp_conversations_with_the_template(
    settings: Any, whatsapp_api: FakeProvider
) -> None:
    settings.SIPSM_WHATSAPP_TEMPLATE = "ipsm_callout"

    WhatsAppCloudTransport().send(message("whatsapp", body="Banjir\ndi Kayubulan"))

    body = whatsapp_api.seen[0].json()
    assert body["type"] == "template"
    assert body["template"] == {
        "name": "ipsm_callout",
        "language": {"code": "id"},
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "Banjir di Kayubulan"}]}
        ],
    }


def test_it_sorts_whatsapp_errors(whatsapp_api: FakeProvider) -> None:
    whatsapp_api.answers[:] = [
        (400, {"error": {"message": "Invalid parameter", "code": 100}}),
        (500, {"error": {"message": "Service temporarily unavailable", "code": 2}}),
    ]

    with pytest.raises(TransportError) as bad_request:
        WhatsAppCloudTransport().send(message("whatsapp"))
    with pytest.raises(TransportError) as outage:
        WhatsAppCloudTransport().send(message("whatsapp"))

    assert bad_request.value.permanent is True
    assert str(bad_request.value) == "WhatsApp answered HTTP 400: Invalid parameter"
    assert outage.value.permanent is False


# --- Telegram -------------------------------------------------------------------------------


@pytest.fixture
def telegram_api(settings: Any, provider: FakeProvider) -> FakeProvider:
    settings.SIPSM_TELEGRAM_API_URL = provider.url
    settings.SIPSM_TELEGRAM_BOT_TOKEN = BOT_TOKEN
    provider.answers[:] = [(200, {"ok": True, "result": {"message_id": 4711, "chat": {}}})]
    return provider


def test_it_sends_telegram_messages_to_the_chat(telegram_api: FakeProvider) -> None:
    receipt = TelegramTransport().send(message("telegram", to="987654321"))

    [request] = telegram_api.seen
    assert request.path == f"/bot{BOT_TOKEN}/sendMessage"
    assert request.json() == {
        "chat_id": "987654321",
        "text": "IPSM: BANJIR di Kayubulan",
        "link_preview_options": {"is_disabled": True},
    }
    assert receipt.provider_message_id == "4711"


def test_it_offers_the_contact_button_when_asking_for_the_number(
    telegram_api: FakeProvider,
) -> None:
    TelegramTransport().send(
        message("telegram", to="987654321", category=LINK_REQUEST_CATEGORY, subject="Bagikan")
    )

    assert telegram_api.seen[0].json()["reply_markup"] == {
        "keyboard": [[{"text": "Bagikan", "request_contact": True}]],
        "one_time_keyboard": True,
        "resize_keyboard": True,
    }


def test_it_keeps_the_bot_token_out_of_telegram_errors(telegram_api: FakeProvider) -> None:
    telegram_api.answers[:] = [
        (403, {"ok": False, "error_code": 403, "description": f"Forbidden: bot {BOT_TOKEN}"})
    ]

    with pytest.raises(TransportError) as raised:
        TelegramTransport().send(message("telegram", to="987654321"))

    assert raised.value.permanent is True
    assert BOT_TOKEN not in str(raised.value)
    assert str(raised.value) == "Telegram answered HTTP 403: Forbidden: bot [secret]"


def test_it_refuses_a_telegram_message_without_a_chat_id(telegram_api: FakeProvider) -> None:
    with pytest.raises(TransportError) as raised:
        TelegramTransport().send(message("telegram", to=PHONE))

    assert raised.value.permanent is True
    assert telegram_api.seen == []
