"""Every coordination route × every persona (the loop of the global matrix, run here with the
coordination tables watched too, so that a refused request provably changes nothing)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from sipsm.coordination.models import (
    ActionItem,
    Announcement,
    Article,
    Attachment,
    Consultant,
    Consultation,
    Meeting,
    Post,
    Thread,
)
from sipsm.coordination.tests.permission_cases import CASES
from sipsm.core.tests.matrix import PERSONAS, Case
from sipsm.core.tests.test_permission_matrix import _request
from sipsm.core.tests.test_permission_matrix import snapshot as core_snapshot
from sipsm.testing import build_world

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[Any, ...]:
    return (
        core_snapshot(),
        Announcement.objects.count(),
        Attachment.objects.count(),
        tuple(
            Thread.objects.order_by("pk").values_list("pk", "is_pinned", "is_locked", "is_hidden")
        ),
        tuple(Post.objects.order_by("pk").values_list("pk", "is_hidden")),
        tuple(Consultation.objects.order_by("pk").values_list("pk", "status", "assigned_to_id")),
        tuple(Consultant.objects.order_by("pk").values_list("pk", "is_active")),
        tuple(Article.objects.order_by("pk").values_list("pk", "version")),
        tuple(Meeting.objects.order_by("pk").values_list("pk", "status")),
        tuple(ActionItem.objects.order_by("pk").values_list("pk", "status", "progress")),
    )


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
