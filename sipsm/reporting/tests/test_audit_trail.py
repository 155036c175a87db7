"""What the project's permission matrix relies on for reporting's routes: every request that
changes reporting's tables goes through an action that writes an audit event (the matrix
detects changes by that event count). Each changing route of the matrix is run once, by one
persona allowed to make the change; the matrix itself runs every persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sipsm.core.models import AuditEvent
from sipsm.core.tests.matrix import Case
from sipsm.reporting.models import Activity, ActivityPhoto, MonthlyReport, ReportEvent, SpmStat
from sipsm.reporting.tests.permission_cases import CASES
from sipsm.testing import build_world

pytestmark = pytest.mark.django_db
CHANGING = [case for case in CASES if case.mutates]


def _tables() -> tuple[Any, ...]:
    return (
        tuple(
            Activity.objects.order_by("pk").values_list(
                "pk", "hours", "title", "withdrawn_at", "village_id"
            )
        ),
        ActivityPhoto.objects.count(),
        tuple(MonthlyReport.objects.order_by("pk").values_list("pk", "status", "narrative")),
        ReportEvent.objects.count(),
        tuple(SpmStat.objects.order_by("pk").values_list("pk", "refreshed_at")),
    )


def _audit_events() -> int:
    return AuditEvent.objects.exclude(verb__startswith="access.").count()


def test_the_matrix_has_changing_routes_to_check() -> None:
    assert len(CHANGING) >= 10


@pytest.mark.parametrize("case", CHANGING, ids=[c.id for c in CHANGING])
def test_a_change_writes_an_audit_event(case: Case, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    persona = sorted(case.mutates)[0]
    path = case.path(world)
    data = case.data(world) if case.data else None
    client = Client()
    client.force_login(world.personas()[persona])
    tables, events = _tables(), _audit_events()

    if case.json:
        response = getattr(client, case.method)(
            path, data=data or {}, content_type="application/json"
        )
    else:
        response = getattr(client, case.method)(path, data=data or {})

    assert response.status_code == case.expect[persona], persona
    assert _tables() != tables, f"{persona}: reporting's tables did not change"
    assert _audit_events() > events, f"{persona}: no audit event"
