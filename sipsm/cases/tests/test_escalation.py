"""Overdue tasks escalate to the supervisor: by the management command, and by the
background task that re-enqueues itself only when the backend can defer."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend

from sipsm.cases import tasks as case_tasks
from sipsm.cases.actions import work as work_actions
from sipsm.cases.actions.escalation import escalate_overdue_tasks
from sipsm.cases.models import Case, CaseTask
from sipsm.core.models import AuditEvent
from sipsm.notifications.models import Message
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _task(world: World, case: Case, due: dt.date) -> CaseTask:
    return work_actions.add_task(
        acting_user=world.village,
        case=case,
        kind="follow_up",
        title="Kunjungan rumah",
        due_on=due,
        responsible=world.village,
    )


def test_it_escalates_an_overdue_task_to_the_tksk_once(world: World, case: Case) -> None:
    today = timezone.localdate()
    overdue = _task(world, case, today)
    _task(world, case, today + dt.timedelta(days=2))

    out = StringIO()
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        call_command("escalate_overdue_tasks", stdout=out)
        again = escalate_overdue_tasks()

    overdue.refresh_from_db()
    assert out.getvalue().strip() == "1 overdue tasks escalated."
    assert again == 0
    assert overdue.escalated_to == world.district
    message = Message.objects.get(category="case_escalation")
    assert (message.user, message.channel, message.link) == (
        world.district,
        "in_app",
        f"/kasus/{case.pk}/",
    )
    assert AuditEvent.objects.get(verb="case.task.escalate").data["to"] == [world.district.pk]


def test_it_escalates_to_the_named_supervisor(world: World, case: Case) -> None:
    work_actions.set_supervisor(acting_user=world.regency, case=case, supervisor=world.province)
    task = _task(world, case, timezone.localdate())

    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        escalate_overdue_tasks()

    task.refresh_from_db()
    assert task.escalated_to == world.province


def test_it_shows_the_escalated_task_on_the_supervisors_today_list(
    world: World, case: Case, client_for
) -> None:
    _task(world, case, timezone.localdate())
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        escalate_overdue_tasks()
        page = client_for("district").get("/kasus/hari-ini/").content.decode()

    assert case.number in page
    assert "escalated to you" in page


def test_it_does_not_reenqueue_on_the_immediate_backend(world: World, case: Case) -> None:
    _task(world, case, timezone.localdate())

    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        chain = case_tasks.start_chain()

    assert chain
    assert CaseTask.objects.get().escalated_at is not None
    assert case_tasks.schedule_next(chain) is False


def test_it_reenqueues_itself_when_the_backend_can_defer(settings) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    settings.SIPSM_CASE_ESCALATION_INTERVAL_SECONDS = 600

    assert case_tasks.schedule_next("abc") is True

    (result,) = default_task_backend.results  # type: ignore[attr-defined]
    assert result.task.func is case_tasks.escalate_overdue.func
    assert result.args == ["abc"]
    assert result.task.run_after is not None
