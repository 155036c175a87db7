"""Permission matrix cases of the notifications app (see sipsm/core/tests/matrix.py)."""

from __future__ import annotations

from typing import Any

from sipsm.core.tests.matrix import PERSONAS, Case, statuses
from sipsm.testing import World


def _inbox_message(w: World) -> int:
    from sipsm.notifications.outbox import Outgoing, queue

    [message] = queue(
        [Outgoing(channel="in_app", body="Uji", category="test", user_id=w.village.pk)]
    )
    return message.pk


def _sms(w: World) -> dict[str, Any]:
    return {"from": "+6281377000111", "text": "BANTUAN"}


NO_SIGNATURE = dict.fromkeys(PERSONAS, 403)

CASES: list[Case] = [
    Case("pesan/", "get", lambda w: "/pesan/", statuses(200)),
    Case("pesan/jumlah/", "get", lambda w: "/pesan/jumlah/", statuses(200)),
    Case(
        "pesan/baca-semua/",
        "post",
        lambda w: (_inbox_message(w), "/pesan/baca-semua/")[1],
        statuses(302),
        mutates={"village"},
    ),
    Case(
        "pesan/<int:message_id>/baca/",
        "post",
        lambda w: f"/pesan/{_inbox_message(w)}/baca/",
        statuses(404, village=302),
        mutates={"village"},
    ),
    Case("webhook/sms/", "post", lambda w: "/webhook/sms/", NO_SIGNATURE, data=_sms),
    Case("webhook/sms/status/", "post", lambda w: "/webhook/sms/status/", NO_SIGNATURE, data=_sms),
    Case("webhook/whatsapp/", "get", lambda w: "/webhook/whatsapp/", NO_SIGNATURE),
    Case(
        "webhook/whatsapp/",
        "post",
        lambda w: "/webhook/whatsapp/",
        NO_SIGNATURE,
        data=_sms,
        json=True,
    ),
    Case(
        "webhook/telegram/",
        "post",
        lambda w: "/webhook/telegram/",
        NO_SIGNATURE,
        data=_sms,
        json=True,
    ),
]
