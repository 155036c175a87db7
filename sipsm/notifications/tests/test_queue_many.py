"""The raw fan-out path writes the same rows as `queue`, and nothing on a rollback."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from sipsm.notifications.models import Message
from sipsm.notifications.outbox import Outgoing, queue, queue_many
from sipsm.testing import World

pytestmark = pytest.mark.django_db
IGNORED = {"id", "created_at", "next_attempt_at", "delivered_at"}


def batch(world: World) -> list[Outgoing]:
    common: dict[str, Any] = {
        "subject": "Call-out",
        "link": "http://x/tugas/t/",
        "related": world.village_a,
    }
    return [
        Outgoing(
            channel="in_app", body="long", category="callout", user_id=world.village.pk, **common
        ),
        Outgoing(
            channel="email", to="a@example.invalid", body="long", category="callout", **common
        ),
        Outgoing(
            channel="sms",
            to=world.member_a.phone,
            body="short",
            category="callout",
            member_id=world.member_a.pk,
            **common,
        ),
        Outgoing(channel="telegram", to=world.member_a.phone, body="short", category="callout"),
    ]


def rows() -> list[dict[str, Any]]:
    return [
        {k: v for k, v in model_to_dict(m).items() if k not in IGNORED}
        for m in Message.objects.order_by("id")
    ]


def test_it_writes_the_same_rows_as_queue(world: World) -> None:
    queue(batch(world))
    expected = rows()
    Message.objects.all().delete()

    written = queue_many(batch(world))

    assert written == 3  # the Telegram one has no linked chat
    assert rows() == expected
    assert list(Message.objects.order_by("id").values_list("status", flat=True)) == [
        "delivered",
        "queued",
        "queued",
    ]
    in_app = Message.objects.get(channel="in_app")
    assert in_app.delivered_at == in_app.created_at
    assert Message.objects.get(channel="sms").delivered_at is None


def test_it_schedules_one_delivery_after_the_commit(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        queue_many(batch(world))

    assert len(callbacks) == 1


def test_it_writes_nothing_when_the_transaction_rolls_back(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    def fails() -> None:
        with transaction.atomic():
            queue_many(batch(world))
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        fails()

    assert Message.objects.count() == 0
    assert callbacks == []
