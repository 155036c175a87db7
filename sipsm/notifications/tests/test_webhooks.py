"""Inbound webhooks: verification, parsing, replies on the same channel, de-duplication,
rate limits, delivery reports, and Telegram number linking."""

from __future__ import annotations

import json
import logging
import urllib.parse
from typing import Any

import pytest
from django.test import Client

from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.models import Assignment, Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.notifications.models import InboundMessage, Message, TelegramLink
from sipsm.notifications.tests.support import sign
from sipsm.notifications.transports.telegram import LINK_REQUEST_CATEGORY
from sipsm.testing import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sipsm.notifications.tests.urls")]
SMS_SECRET = "sms-webhook-secret"
APP_SECRET = "wa-app-secret"
TG_SECRET = "tg-secret-token"
PHONE = "+6281377000111"
CHAT = "55501234"


@pytest.fixture(autouse=True)
def _secrets(settings: Any) -> None:
    settings.SIPSM_SMS_WEBHOOK_SECRET = SMS_SECRET
    settings.SIPSM_WHATSAPP_APP_SECRET = APP_SECRET
    settings.SIPSM_WHATSAPP_VERIFY_TOKEN = "wa-verify"
    settings.SIPSM_TELEGRAM_WEBHOOK_SECRET = TG_SECRET


def post_sms(payload: Any, *, signature: str | None = "good", path: str = "/webhook/sms/") -> Any:
    body = json.dumps(payload).encode()
    headers = {}
    if signature == "good":
        headers["HTTP_X_SIGNATURE"] = sign(SMS_SECRET, body)
    elif signature is not None:
        headers["HTTP_X_SIGNATURE"] = signature
    return Client().post(path, data=body, content_type="application/json", **headers)


def nothing_happened() -> bool:
    return (
        Incident.objects.count() == 0
        and Message.objects.count() == 0
        and InboundMessage.objects.count() == 0
    )


def reply() -> Message:
    return Message.objects.get(category__in=["inbound_reply", LINK_REQUEST_CATEGORY])


# --- SMS ------------------------------------------------------------------------------------


def test_it_turns_a_signed_sms_into_a_report_and_replies_by_sms(world: World) -> None:
    text = f"LAPOR BANJIR {world.village_a.undotted_code} air setinggi lutut"

    response = post_sms({"id": "in-1", "from": "6281377000111", "text": text})

    assert response.status_code == 200
    assert response.json() == {"ok": True, "handled": 1}
    incident = Incident.objects.get()
    assert incident.channel == "sms"
    assert incident.reporter_phone == PHONE
    answer = reply()
    assert answer.channel == "sms"
    assert answer.to == PHONE
    assert answer.status == Message.Status.QUEUED
    assert incident.tracking_code in answer.body
    assert InboundMessage.objects.get().command == "LAPOR"


@pytest.mark.parametrize(
    ("signature", "why"),
    [(None, "missing"), ("", "empty"), ("deadbeef", "wrong"), (sign("other", b"{}"), "key")],
)
def test_it_refuses_an_sms_without_a_valid_signature(
    world: World, signature: str | None, why: str
) -> None:
    response = post_sms(
        {"id": "in-1", "from": PHONE, "text": f"LAPOR BANJIR {world.village_a.code} x"},
        signature=signature,
    )

    assert response.status_code == 403, why
    assert nothing_happened()


def test_it_refuses_everything_while_no_secret_is_configured(world: World, settings: Any) -> None:
    settings.SIPSM_SMS_WEBHOOK_SECRET = ""
    body = json.dumps({"from": PHONE, "text": "BANTUAN"}).encode()

    response = Client().post(
        "/webhook/sms/",
        data=body,
        content_type="application/json",
        HTTP_X_SIGNATURE=sign("", body),
    )

    assert response.status_code == 403
    assert nothing_happened()


def test_it_accepts_a_prefixed_signature_and_a_form_body(world: World, settings: Any) -> None:
    settings.SIPSM_SMS_INBOUND_FROM_FIELD = "msisdn"
    settings.SIPSM_SMS_INBOUND_TEXT_FIELD = "message"
    body = urllib.parse.urlencode({"msisdn": "081377000111", "message": "bantuan"}).encode()

    response = Client().post(
        "/webhook/sms/",
        data=body,
        content_type="application/x-www-form-urlencoded",
        HTTP_X_SIGNATURE="sha256=" + sign(SMS_SECRET, body),
    )

    assert response.status_code == 200
    answer = reply()
    assert answer.to == PHONE
    assert answer.body.startswith("IPSM by text message: LAPOR <TYPE>")


def test_it_handles_a_batch_of_messages(world: World) -> None:
    response = post_sms(
        {
            "messages": [
                {"id": "a", "from": PHONE, "text": "INFO"},
                {"id": "b", "from": "+6281377000222", "text": "INFO"},
            ]
        }
    )

    assert response.json() == {"ok": True, "handled": 2}
    assert sorted(Message.objects.values_list("to", flat=True)) == [PHONE, "+6281377000222"]


def test_it_ignores_a_message_the_gateway_sends_again(world: World) -> None:
    payload = {"id": "in-7", "from": PHONE, "text": f"LAPOR BANJIR {world.village_a.code} x"}

    post_sms(payload)
    again = post_sms(payload)

    assert again.status_code == 200
    assert again.json() == {"ok": True, "handled": 0}
    assert Incident.objects.count() == 1
    # One reply to the sender; the rest tell the coordinators about the new report.
    assert Message.objects.exclude(category="new_report").count() == 1


def test_it_rate_limits_each_sender(world: World, settings: Any) -> None:
    settings.SIPSM_INBOUND_PER_SENDER = (2, 3600)

    for n in range(3):
        post_sms({"id": f"m{n}", "from": PHONE, "text": "INFO"})
    post_sms({"id": "other", "from": "+6281377000222", "text": "INFO"})

    assert Message.objects.filter(to=PHONE).count() == 2
    assert Message.objects.filter(to="+6281377000222").count() == 1


def test_it_ignores_a_sender_that_is_not_a_phone_number(world: World) -> None:
    response = post_sms({"id": "x", "from": "TELKOMSEL", "text": "INFO"})

    assert response.json() == {"ok": True, "handled": 0}
    assert Message.objects.count() == 0


def test_it_rejects_an_unreadable_body_and_a_get(world: World) -> None:
    body = b"{not json"
    bad = Client().post(
        "/webhook/sms/",
        data=body,
        content_type="application/json",
        HTTP_X_SIGNATURE=sign(SMS_SECRET, body),
    )

    assert bad.status_code == 400
    assert Client().get("/webhook/sms/").status_code == 405


def test_the_webhook_needs_no_login_nor_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    body = json.dumps({"id": "c", "from": PHONE, "text": "INFO"}).encode()

    response = client.post(
        "/webhook/sms/",
        data=body,
        content_type="application/json",
        HTTP_X_SIGNATURE=sign(SMS_SECRET, body),
    )

    assert response.status_code == 200


def test_it_logs_no_phone_number(world: World, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        post_sms({"id": "1", "from": PHONE, "text": f"LAPOR BANJIR {world.village_a.code} x"})
        post_sms({"id": "2", "from": PHONE, "text": "x"}, signature="bad")

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "81377000111" not in logged
    assert SMS_SECRET not in logged


# --- delivery reports -----------------------------------------------------------------------


def sent_message(channel: str = "sms", provider_id: str = "gw-77") -> Message:
    return Message.objects.create(
        channel=channel,
        to=PHONE,
        body="x",
        category="callout",
        status=Message.Status.SENT,
        provider_message_id=provider_id,
    )


@pytest.mark.parametrize(
    ("word", "status"),
    [("DELIVRD", "delivered"), ("delivered", "delivered"), ("UNDELIV", "failed")],
)
def test_it_records_sms_delivery_reports(world: World, word: str, status: str) -> None:
    message = sent_message()

    response = post_sms({"id": "gw-77", "status": word}, path="/webhook/sms/status/")

    assert response.json() == {"ok": True, "updated": 1}
    message.refresh_from_db()
    assert message.status == status


def test_it_never_moves_a_delivered_message_back(world: World) -> None:
    message = sent_message()
    post_sms({"id": "gw-77", "status": "delivered"}, path="/webhook/sms/status/")

    post_sms({"id": "gw-77", "status": "sent"}, path="/webhook/sms/status/")
    post_sms({"id": "gw-77", "status": "failed"}, path="/webhook/sms/status/")

    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED


def test_it_refuses_an_unsigned_delivery_report(world: World) -> None:
    message = sent_message()

    response = post_sms(
        {"id": "gw-77", "status": "failed"}, path="/webhook/sms/status/", signature=None
    )

    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_it_ignores_reports_for_unknown_messages_and_words(world: World) -> None:
    message = sent_message()

    unknown_id = post_sms({"id": "nope", "status": "delivered"}, path="/webhook/sms/status/")
    unknown_word = post_sms({"id": "gw-77", "status": "???"}, path="/webhook/sms/status/")

    assert unknown_id.json()["updated"] == 0
    assert unknown_word.json()["updated"] == 0
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


# --- WhatsApp -------------------------------------------------------------------------------


def post_whatsapp(value: dict[str, Any], *, secret: str | None = APP_SECRET) -> Any:
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    body = json.dumps(payload).encode()
    headers = {}
    if secret is not None:
        headers["HTTP_X_HUB_SIGNATURE_256"] = "sha256=" + sign(secret, body)
    return Client().post(
        "/webhook/whatsapp/", data=body, content_type="application/json", **headers
    )


def wa_text(text: str, *, wamid: str = "wamid.IN1") -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "contacts": [{"wa_id": "6281377000111", "profile": {"name": "Pelapor"}}],
        "messages": [
            {
                "from": "6281377000111",
                "id": wamid,
                "timestamp": "1700000000",
                "type": "text",
                "text": {"body": text},
            }
        ],
    }


def test_it_answers_the_whatsapp_subscription_handshake(world: World) -> None:
    good = Client().get(
        "/webhook/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "wa-verify", "hub.challenge": "1158201444"},
    )
    bad = Client().get(
        "/webhook/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
    )

    assert good.status_code == 200
    assert good.content == b"1158201444"
    assert bad.status_code == 403


def test_it_turns_a_signed_whatsapp_message_into_a_report(world: World) -> None:
    response = post_whatsapp(wa_text(f"Lapor banjir {world.village_a.code} air naik"))

    assert response.status_code == 200
    incident = Incident.objects.get()
    assert incident.channel == "whatsapp"
    answer = reply()
    assert answer.channel == "whatsapp"
    assert answer.to == PHONE
    assert incident.tracking_code in answer.body


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
def test_it_refuses_whatsapp_without_a_valid_signature(world: World, secret: str | None) -> None:
    response = post_whatsapp(wa_text(f"LAPOR BANJIR {world.village_a.code} x"), secret=secret)

    assert response.status_code == 403
    assert nothing_happened()


def test_it_records_whatsapp_statuses(world: World) -> None:
    read = sent_message("whatsapp", "wamid.OUT1")
    failed = sent_message("whatsapp", "wamid.OUT2")

    post_whatsapp(
        {
            "messaging_product": "whatsapp",
            "statuses": [
                {"id": "wamid.OUT1", "status": "read", "recipient_id": "6281377000111"},
                {
                    "id": "wamid.OUT2",
                    "status": "failed",
                    "errors": [{"code": 131026, "title": "Message undeliverable"}],
                },
            ],
        }
    )

    read.refresh_from_db()
    failed.refresh_from_db()
    assert read.status == Message.Status.DELIVERED
    assert failed.status == Message.Status.FAILED
    assert failed.last_error == "Message undeliverable"


# --- Telegram -------------------------------------------------------------------------------


def post_telegram(
    message: dict[str, Any], *, update_id: int = 1, secret: str | None = TG_SECRET
) -> Any:
    headers = {} if secret is None else {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret}
    return Client().post(
        "/webhook/telegram/",
        data=json.dumps({"update_id": update_id, "message": message}),
        content_type="application/json",
        **headers,
    )


def tg_message(**extra: Any) -> dict[str, Any]:
    return {
        "message_id": 10,
        "from": {"id": int(CHAT), "is_bot": False, "first_name": "Uji"},
        "chat": {"id": int(CHAT), "type": "private"},
        "date": 1700000000,
        **extra,
    }


def test_it_asks_an_unknown_telegram_user_to_share_their_number(world: World) -> None:
    response = post_telegram(tg_message(text="/start"))

    assert response.status_code == 200
    answer = reply()
    assert answer.channel == "telegram"
    assert answer.to == CHAT
    assert answer.category == LINK_REQUEST_CATEGORY
    assert answer.subject == "Share my phone number"
    assert answer.body.endswith(
        "To receive call-outs here and answer them, share your phone number with the button below."
    )


@pytest.mark.parametrize("secret", [None, "wrong"])
def test_it_refuses_telegram_without_the_secret_token(world: World, secret: str | None) -> None:
    response = post_telegram(tg_message(text="BANTUAN"), secret=secret)

    assert response.status_code == 403
    assert nothing_happened()


def test_it_links_a_shared_own_number_and_then_takes_answers(world: World) -> None:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    assignment = incident.assignments.get(member=world.member_a)
    phone = world.member_a.phone

    post_telegram(
        tg_message(contact={"phone_number": phone.lstrip("+"), "user_id": int(CHAT)}),
        update_id=1,
    )
    post_telegram(tg_message(text=f"TERIMA {assignment.reply_code}"), update_id=2)

    link = TelegramLink.objects.get()
    assert link.chat_id == CHAT
    assert link.phone == phone
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACCEPTED
    confirmations = list(Message.objects.filter(to=CHAT).order_by("id"))
    assert confirmations[0].body.startswith("Thank you. Your number +62812")
    assert phone not in confirmations[0].body
    assert confirmations[1].body.startswith("Thank you, you accepted the call-out")
    assert {m.category for m in confirmations} == {"inbound_reply"}
    assert AuditEvent.objects.filter(verb="notifications.telegram_link").count() == 1


def test_it_does_not_link_a_number_shared_for_someone_else(world: World) -> None:
    post_telegram(tg_message(contact={"phone_number": world.member_a.phone, "user_id": 777}))

    assert TelegramLink.objects.count() == 0
    assert reply().body.startswith("Please share your own phone number with the button below.")


def test_it_ignores_group_chats(world: World) -> None:
    message = tg_message(text="BANTUAN")
    message["chat"] = {"id": -100123, "type": "group"}

    response = post_telegram(message)

    assert response.status_code == 200
    assert Message.objects.count() == 0


def test_it_sends_call_outs_to_linked_telegram_chats_only(world: World, settings: Any) -> None:
    settings.SIPSM_NOTIFY_CHANNELS = ["telegram"]
    post_telegram(tg_message(contact={"phone_number": world.member_a.phone, "user_id": int(CHAT)}))
    incident = flood_in(world)

    change_status(acting_user=world.regency, incident=incident, to_status="verified")

    callouts = Message.objects.filter(category="callout")
    assert list(callouts.values_list("channel", "to", "member_id")) == [
        ("telegram", CHAT, world.member_a.pk)
    ]
