"""A signed inbound message without a provider id cannot be replayed to report twice."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.incidents.models import Incident
from sipsm.notifications import receiving
from sipsm.notifications.receiving import REPLAY_WINDOW_SECONDS, Received, receive
from sipsm.notifications.tests.test_webhooks import post_sms
from sipsm.testing import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sipsm.notifications.tests.urls")]
PHONE = "+6281377000111"


@pytest.fixture(autouse=True)
def _secret(settings: Any) -> None:
    settings.SIPSM_SMS_WEBHOOK_SECRET = "sms-webhook-secret"


def _at(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    monkeypatch.setattr(receiving.time, "time", lambda: seconds)


def test_a_replayed_signed_sms_without_an_id_reports_once(world: World) -> None:
    payload = {"from": PHONE, "text": f"LAPOR BANJIR {world.village_a.code} air naik"}

    first = post_sms(payload)
    replay = post_sms(payload)

    assert first.json() == {"ok": True, "handled": 1}
    assert replay.status_code == 200
    assert replay.json() == {"ok": True, "handled": 0}
    assert Incident.objects.count() == 1


def test_a_replay_just_after_a_window_boundary_is_still_caught(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = Received("sms", PHONE, PHONE, f"LAPOR BANJIR {world.village_a.code} air naik")
    boundary = 1_000 * REPLAY_WINDOW_SECONDS

    _at(monkeypatch, boundary - 1)
    assert receive(item) is not None
    _at(monkeypatch, boundary + 1)
    assert receive(item) is None
    assert Incident.objects.count() == 1


def test_the_same_text_later_or_from_someone_else_is_a_new_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = f"LAPOR BANJIR {world.village_a.code} air naik"
    start = 1_000 * REPLAY_WINDOW_SECONDS

    _at(monkeypatch, start)
    assert receive(Received("sms", PHONE, PHONE, text)) is not None
    assert receive(Received("sms", "+6281377000222", "+6281377000222", text)) is not None
    _at(monkeypatch, start + 2 * REPLAY_WINDOW_SECONDS)
    assert receive(Received("sms", PHONE, PHONE, text)) is not None

    assert Incident.objects.count() == 3
