"""Every route x every persona: the status code, and that a refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.operation import PathView

from sipsm.accounts.models import ApiToken, User
from sipsm.aid.tests.state import snapshot as aid_snapshot
from sipsm.coordination.tests.state import snapshot as coordination_snapshot
from sipsm.core.models import AuditEvent
from sipsm.core.tests.permission_cases import CASES, PERSONAS, Case
from sipsm.incidents.models import Assignment, Incident, IncidentEvent
from sipsm.notifications.models import Message
from sipsm.registry.models import BoardPosition, BoardTerm, Member, MemberImport, Unit
from sipsm.relief.tests.state import snapshot as relief_snapshot
from sipsm.testing import build_world
from sipsm.training.tests.state import snapshot as training_snapshot

pytestmark = pytest.mark.django_db

# The state of the apps that watch their own tables (each app's tests/state.py).
APP_SNAPSHOTS: list[Callable[[], tuple[Any, ...]]] = [
    aid_snapshot,
    coordination_snapshot,
    relief_snapshot,
    training_snapshot,
]

# Routes we do not own: Django admin (staff only, behind our login), allauth, language switch.
EXCLUDED_PREFIXES = ("admin/", "akun/", "i18n/")


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            routes.extend(_routes(entry.url_patterns, prefix + str(entry.pattern)))
        elif isinstance(entry, URLPattern):
            routes.append(prefix + str(entry.pattern))
    return routes


def snapshot() -> tuple[Any, ...]:
    """The state a refused request must not touch (the access log of reads is not state)."""
    return (
        tuple(
            Member.objects.order_by("pk").values_list(
                "pk", "full_name", "status", "stage", "kta_number", "availability", "photo"
            )
        ),
        AuditEvent.objects.exclude(verb__startswith="access.").count(),
        Unit.objects.count(),
        tuple(BoardTerm.objects.order_by("pk").values_list("pk", "start_year")),
        BoardPosition.objects.count(),
        tuple(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        MemberImport.objects.count(),
        tuple(Incident.objects.order_by("pk").values_list("pk", "status")),
        tuple(Assignment.objects.order_by("pk").values_list("pk", "status")),
        IncidentEvent.objects.count(),
        tuple(User.objects.order_by("pk").values_list("pk", "is_active", "role", "region_id")),
        tuple(Message.objects.order_by("pk").values_list("pk", "status", "read_at")),
        *(app_snapshot() for app_snapshot in APP_SNAPSHOTS),
    )


def test_it_covers_every_route() -> None:
    routes = {
        route
        for route in _routes(get_resolver().url_patterns)
        if not route.startswith(EXCLUDED_PREFIXES)
    }
    covered = {case.route for case in CASES}
    assert routes - covered == set()
    assert covered - routes == set()


def _api_operations(patterns: list[Any], prefix: str = "") -> set[tuple[str, str]]:
    """(route, method) of every API operation: a django-ninja URL serves several methods, and
    each of them must have its own case."""
    found: set[tuple[str, str]] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found |= _api_operations(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            path_view = next(
                (
                    cell.cell_contents
                    for cell in getattr(entry.callback, "__closure__", None) or ()
                    if isinstance(cell.cell_contents, PathView)
                ),
                None,
            )
            if path_view is None:
                continue
            route = prefix + str(entry.pattern)
            for operation in path_view.operations:
                found |= {(route, method.lower()) for method in operation.methods}
    return found


def test_it_covers_every_method_of_every_api_route() -> None:
    operations = _api_operations(get_resolver().url_patterns)
    covered = {(case.route, case.method) for case in CASES if case.route.startswith("api/")}
    assert len(operations) > 100
    assert operations - covered == set()


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
