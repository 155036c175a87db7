"""Every aid route (pages and API) x every persona: the status code, and that a refusal
changes nothing. Once the app is wired in, sipsm/core/tests/test_permission_matrix.py runs
the same cases with sipsm's whole snapshot; this test also snapshots the aid tables."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver

from sipsm.aid.models import (
    Assignment,
    Complaint,
    KpmEntry,
    KpmImport,
    Period,
    Program,
    Proposal,
    Round,
    Tick,
)
from sipsm.aid.tests.permission_cases import CASES
from sipsm.core.models import AuditEvent
from sipsm.core.tests.matrix import PERSONAS, Case
from sipsm.core.tests.test_permission_matrix import _routes
from sipsm.testing import build_world

pytestmark = pytest.mark.django_db
OURS = ("bansos/", "pengaduan-bansos/", "api/v1/aid/")


def snapshot() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.exclude(verb__startswith="access.").count(),
        Program.objects.count(),
        Period.objects.count(),
        tuple(KpmImport.objects.order_by("pk").values_list("pk", "status", "mapping")),
        KpmEntry.objects.count(),
        tuple(Assignment.objects.order_by("pk").values_list("pk", "ended_at")),
        tuple(Round.objects.order_by("pk").values_list("pk", "status")),
        tuple(Tick.objects.order_by("pk").values_list("pk", "card_at", "received_at", "problem")),
        tuple(Complaint.objects.order_by("pk").values_list("pk", "status", "escalation_level")),
        tuple(Proposal.objects.order_by("pk").values_list("pk", "status", "evidence_number")),
    )


def test_it_covers_every_aid_route() -> None:
    routes = {r for r in _routes(get_resolver().url_patterns) if r.startswith(OURS)}
    covered = {case.route for case in CASES}
    assert routes - covered == set()
    assert covered - routes == set()


def test_it_lists_every_persona_in_every_case() -> None:
    for case in CASES:
        assert set(case.expect) == set(PERSONAS), case.id


def _request(client: Client, case: Case, path: str, data: Any) -> Any:
    if case.method == "get":
        return client.get(path)
    if case.json:
        return getattr(client, case.method)(path, data=data or {}, content_type="application/json")
    return getattr(client, case.method)(path, data=data or {})


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_it_answers_each_persona_as_the_matrix_says(
    case: Case, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    users = world.personas()
    failures: list[str] = []
    for persona in PERSONAS:
        with transaction.atomic():
            path = case.path(world)
            data = case.data(world) if case.data else None
            client = Client()
            if persona != "anonymous":
                client.force_login(users[persona])
            before = snapshot()
            response = _request(client, case, path, data)
            after = snapshot()
            expected = case.expect[persona]
            if response.status_code != expected:
                failures.append(f"{persona}: got {response.status_code}, expected {expected}")
            changed = before != after
            if persona in case.mutates and not changed:
                failures.append(f"{persona}: expected a change, nothing changed")
            if persona not in case.mutates and changed:
                failures.append(f"{persona}: the database changed")
            transaction.set_rollback(True)
    assert failures == []
