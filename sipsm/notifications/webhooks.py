"""Webhooks the messaging providers call: inbound messages and delivery reports.

Every request is verified before anything else happens; a bad or missing signature gets 403
and changes nothing.

- SMS gateway: HMAC-SHA256 of the raw body with SIPSM_SMS_WEBHOOK_SECRET, hex, in the header
  named by SIPSM_SMS_SIGNATURE_HEADER (default `X-Signature`; a `sha256=` prefix is allowed).
- WhatsApp Cloud API: `X-Hub-Signature-256: sha256=<HMAC of the body with the app secret>`;
  the subscription handshake (GET) checks SIPSM_WHATSAPP_VERIFY_TOKEN.
- Telegram: `X-Telegram-Bot-Api-Secret-Token` equal to SIPSM_TELEGRAM_WEBHOOK_SECRET (given
  to Telegram as `secret_token` in `setWebhook`).

An endpoint whose secret is not configured refuses everything.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    JsonResponse,
)
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from sipsm.notifications.actions import apply_delivery_report
from sipsm.notifications.addresses import sender_phone
from sipsm.notifications.conf import text_setting
from sipsm.notifications.models import Channel, TelegramLink
from sipsm.notifications.receiving import Received, receive, receive_contact
from sipsm.notifications.transports.http import dig

logger = logging.getLogger(__name__)


def signature_ok(secret: str, body: bytes, given: str) -> bool:
    """True when `given` is the hex HMAC-SHA256 of `body` under `secret` (constant time)."""
    if not secret or not given:
        return False
    value = given.strip()
    if value.lower().startswith("sha256="):
        value = value[7:]
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, value.lower())


def secret_ok(secret: str, given: str) -> bool:
    return bool(secret) and hmac.compare_digest(secret.encode("utf-8"), given.encode("utf-8"))


def _refused(channel: str) -> HttpResponse:
    logger.warning("%s webhook: request without a valid signature refused", channel)
    return HttpResponseForbidden("invalid signature")


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _records(request: HttpRequest) -> list[dict[str, Any]] | None:
    """The message records of a gateway request: a JSON object, a JSON list of objects,
    `{"messages": [...]}`, or one form-encoded record. None when unreadable."""
    if request.content_type == "application/json":
        data = _json(request.body)
        if isinstance(data, dict) and isinstance(data.get("messages"), list):
            data = data["messages"]
        if isinstance(data, dict):
            return [data]
        if isinstance(data, list) and all(isinstance(r, dict) for r in data):
            return list(data)
        return None
    return [{key: request.POST.get(key, "") for key in request.POST}]


# --- SMS gateway ----------------------------------------------------------------------------


def _sms_verified(request: HttpRequest) -> bool:
    header = text_setting("SIPSM_SMS_SIGNATURE_HEADER")
    return signature_ok(
        text_setting("SIPSM_SMS_WEBHOOK_SECRET"), request.body, request.headers.get(header, "")
    )


@csrf_exempt
@login_not_required
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    if not _sms_verified(request):
        return _refused("sms")
    records = _records(request)
    if records is None:
        return HttpResponseBadRequest("unreadable body")
    handled = 0
    for record in records:
        phone = sender_phone(dig(record, text_setting("SIPSM_SMS_INBOUND_FROM_FIELD")))
        if not phone:
            continue
        reply = receive(
            Received(
                channel=Channel.SMS,
                reply_to=phone,
                sender_phone=phone,
                text=dig(record, text_setting("SIPSM_SMS_INBOUND_TEXT_FIELD")),
                provider_message_id=dig(record, text_setting("SIPSM_SMS_INBOUND_ID_FIELD")),
            )
        )
        handled += reply is not None
    return JsonResponse({"ok": True, "handled": handled})


@csrf_exempt
@login_not_required
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    if not _sms_verified(request):
        return _refused("sms")
    records = _records(request)
    if records is None:
        return HttpResponseBadRequest("unreadable body")
    updated = 0
    for record in records:
        updated += apply_delivery_report(
            channel=Channel.SMS,
            provider_message_id=dig(record, text_setting("SIPSM_SMS_STATUS_ID_FIELD")),
            status=dig(record, text_setting("SIPSM_SMS_STATUS_FIELD")),
        )
    return JsonResponse({"ok": True, "updated": updated})


# --- WhatsApp Cloud API ---------------------------------------------------------------------


def _whatsapp_text(message: dict[str, Any]) -> str:
    kind = message.get("type")
    if kind == "text":
        return dig(message, "text.body")
    if kind == "button":
        return dig(message, "button.text")
    if kind == "interactive":
        return dig(message, "interactive.button_reply.title") or dig(
            message, "interactive.list_reply.title"
        )
    return ""


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def whatsapp(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":  # the subscription handshake
        if request.GET.get("hub.mode") == "subscribe" and secret_ok(
            text_setting("SIPSM_WHATSAPP_VERIFY_TOKEN"), request.GET.get("hub.verify_token", "")
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return _refused("whatsapp")
    if not signature_ok(
        text_setting("SIPSM_WHATSAPP_APP_SECRET"),
        request.body,
        request.headers.get("X-Hub-Signature-256", ""),
    ):
        return _refused("whatsapp")
    data = _json(request.body)
    if not isinstance(data, dict):
        return HttpResponseBadRequest("unreadable body")
    for entry in data.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            for status in value.get("statuses") or []:
                apply_delivery_report(
                    channel=Channel.WHATSAPP,
                    provider_message_id=dig(status, "id"),
                    status=dig(status, "status"),
                    error=dig(status, "errors.0.title") or dig(status, "errors.0.message"),
                )
            for message in value.get("messages") or []:
                phone = sender_phone(dig(message, "from"))
                if not phone:
                    continue
                receive(
                    Received(
                        channel=Channel.WHATSAPP,
                        reply_to=phone,
                        sender_phone=phone,
                        text=_whatsapp_text(message),
                        provider_message_id=dig(message, "id"),
                    )
                )
    return JsonResponse({"ok": True})


# --- Telegram Bot API -----------------------------------------------------------------------


@csrf_exempt
@login_not_required
@require_POST
def telegram(request: HttpRequest) -> HttpResponse:
    if not secret_ok(
        text_setting("SIPSM_TELEGRAM_WEBHOOK_SECRET"),
        request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""),
    ):
        return _refused("telegram")
    update = _json(request.body)
    if not isinstance(update, dict):
        return HttpResponseBadRequest("unreadable body")
    message = update.get("message")
    # Only one-to-one chats: an answer in a group would show a member's details to others.
    if not isinstance(message, dict) or dig(message, "chat.type") != "private":
        return JsonResponse({"ok": True})
    chat_id = dig(message, "chat.id")
    if not chat_id:
        return JsonResponse({"ok": True})
    update_id = dig(update, "update_id")
    contact = message.get("contact")
    if isinstance(contact, dict):
        sender_id = dig(message, "from.id")
        receive_contact(
            Received(Channel.TELEGRAM, chat_id, "", "", update_id),
            phone=sender_phone(dig(contact, "phone_number")),
            own=bool(sender_id) and dig(contact, "user_id") == sender_id,
        )
        return JsonResponse({"ok": True})
    link = TelegramLink.objects.filter(chat_id=chat_id).first()
    receive(
        Received(
            channel=Channel.TELEGRAM,
            reply_to=chat_id,
            sender_phone=link.phone if link is not None else "",
            text=dig(message, "text") or dig(message, "caption"),
            provider_message_id=update_id,
        )
    )
    return JsonResponse({"ok": True})
