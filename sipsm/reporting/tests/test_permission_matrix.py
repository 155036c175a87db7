"""The reporting routes x every persona, as the project's matrix runs them (until the cases are
merged into sipsm/core/tests/permission_cases.py), with reporting's own tables in the state a
refused request must not touch."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sipsm.core.tests import test_permission_matrix as project_matrix
from sipsm.core.tests.matrix import PERSONAS
from sipsm.reporting.models import Activity, ActivityPhoto, MonthlyReport, ReportEvent, SpmStat
from sipsm.reporting.tests.permission_cases import CASES, Case
from sipsm.testing import build_world

pytestmark = pytest.mark.django_db
OWN_PREFIXES = (
    "kerja-nyata/",
    "laporan-bulanan/",
    "dasbor/",
    "kesetaraan/",
    "spm/",
    "transparansi/",
    "api/v1/reporting/",
)


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            routes.extend(_routes(entry.url_patterns, prefix + str(entry.pattern)))
        elif isinstance(entry, URLPattern):
            routes.append(prefix + str(entry.pattern))
    return routes


def snapshot() -> tuple[Any, ...]:
    return (
        project_matrix.snapshot(),
        tuple(
            Activity.objects.order_by("pk").values_list("pk", "hours", "withdrawn_at", "village_id")
        ),
        ActivityPhoto.objects.count(),
        tuple(MonthlyReport.objects.order_by("pk").values_list("pk", "status", "narrative")),
        ReportEvent.objects.count(),
        SpmStat.objects.count(),
    )


def test_it_covers_every_reporting_route() -> None:
    routes = {r for r in _routes(get_resolver().url_patterns) if r.startswith(OWN_PREFIXES)}
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
