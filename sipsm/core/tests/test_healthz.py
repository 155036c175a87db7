"""GET /healthz reports the database and the task queue for load balancers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_it_reports_a_healthy_database_and_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}

    response = Client().get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["tasks"] == {
        "backend": "DatabaseBackend",
        "ready": 0,
        "scheduled": 0,
        "failed": 0,
        "oldest_ready_seconds": 0,
        "ok": True,
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_counts_waiting_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    from sipsm.core.tasks import ping

    ping.enqueue()

    body = Client().get("/healthz").json()

    assert body["tasks"]["ready"] == 1


def test_it_reports_a_stalled_queue_as_degraded(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    settings.SIPSM_TASKS_STALE_SECONDS = 300
    from django_tasks_db.models import DBTaskResult

    from sipsm.core.tasks import ping

    ping.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=6))

    response = Client().get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["tasks"]["ok"] is False
    assert body["tasks"]["oldest_ready_seconds"] >= 360
