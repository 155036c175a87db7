"""The daily discussion digest as a background chain: `send_discussion_digest --start`."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend

from sipsm.coordination import tasks as coordination_tasks
from sipsm.coordination.actions import discussion as discussion_actions
from sipsm.coordination.tests import support as s
from sipsm.notifications.models import Message
from sipsm.testing import World

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


def _subscribed_with_news(world: World) -> None:
    discussion_actions.set_digest(acting_user=world.regency, daily=True)
    s.thread(world)
    Message.objects.all().delete()


def test_it_starts_the_chain_which_sends_the_digest(world: World) -> None:
    _subscribed_with_news(world)
    out = io.StringIO()

    call_command("send_discussion_digest", "--start", stdout=out)

    chain = cache.get(coordination_tasks.CHAIN_KEY)
    assert chain
    assert f"(chain {chain})" in out.getvalue()
    assert Message.objects.filter(category="digest").count() == 1  # immediate backend: ran


def test_it_enqueues_the_chain_without_sending_when_the_backend_defers(
    world: World, settings: Any
) -> None:
    settings.TASKS = DUMMY
    _subscribed_with_news(world)

    call_command("send_discussion_digest", "--start", stdout=io.StringIO())

    (result,) = default_task_backend.results  # type: ignore[attr-defined]
    assert result.task.func is coordination_tasks.send_discussion_digests.func
    assert result.args == [cache.get(coordination_tasks.CHAIN_KEY)]
    assert not Message.objects.filter(category="digest").exists()


def test_it_schedules_the_next_run_a_day_later(settings: Any) -> None:
    settings.TASKS = DUMMY
    before = timezone.now()

    assert coordination_tasks.schedule_next("abc") is True

    (result,) = default_task_backend.results  # type: ignore[attr-defined]
    assert result.args == ["abc"]
    assert result.task.run_after >= before + dt.timedelta(days=1)


def test_it_does_not_reschedule_when_stopped_or_on_the_immediate_backend(settings: Any) -> None:
    assert coordination_tasks.schedule_next("abc") is False  # immediate backend
    settings.TASKS = DUMMY
    settings.SIPSM_DISCUSSION_DIGEST_INTERVAL_SECONDS = 0

    assert coordination_tasks.schedule_next("abc") is False


def test_it_stops_an_older_chain_when_a_newer_one_started(world: World) -> None:
    _subscribed_with_news(world)
    cache.set(coordination_tasks.CHAIN_KEY, "newer", timeout=None)

    sent = coordination_tasks.send_discussion_digests.call("older")

    assert sent == 0
    assert not Message.objects.filter(category="digest").exists()
