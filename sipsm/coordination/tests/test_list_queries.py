"""List pages of coordination run a constant number of queries, however many rows they show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sipsm.coordination.actions import discussion as discussion_actions
from sipsm.coordination.tests import support as s
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _same_with_more(client: Any, path: str, add: Callable[[], object]) -> tuple[int, int]:
    add()
    client.get(path)
    few = _queries(client, path)
    for _ in range(4):
        add()
    return few, _queries(client, path)


def test_it_lists_threads_in_constant_queries(world: World, client_for: Any) -> None:
    def add() -> None:
        thread = s.thread(world)
        discussion_actions.reply(acting_user=world.regency, thread=thread, body="Baik.")

    few, many = _same_with_more(client_for("district"), "/diskusi/", add)
    assert many == few


def test_it_lists_articles_and_search_results_in_constant_queries(
    world: World, client_for: Any
) -> None:
    client = client_for("village")
    few, many = _same_with_more(client, "/pengetahuan/", lambda: s.article(world))
    assert many == few
    few_found = _queries(client, "/pengetahuan/?q=mendampingi")
    s.article(world)
    assert _queries(client, "/pengetahuan/?q=mendampingi") == few_found


def test_it_lists_the_consultation_queue_in_constant_queries(world: World, client_for: Any) -> None:
    few, many = _same_with_more(
        client_for("other_regency"), "/konsultasi/", lambda: s.consultation(world)
    )
    assert many == few


@pytest.mark.parametrize(
    ("persona", "path", "rows", "most"),
    [
        ("other_regency", "/konsultasi/?status=answered", 6, 10),  # queue: redacted rows
        ("village", "/konsultasi/", 6, 8),  # the asker's own questions (paged)
        ("other_regency", "/api/v1/consultations?box=queue&status=answered", 6, 7),
        ("village", "/api/v1/consultations?box=mine", 6, 4),
    ],
)
def test_it_lists_consultations_within_a_fixed_number_of_queries(
    world: World,
    client_for: Any,
    django_assert_max_num_queries: Any,
    persona: str,
    path: str,
    rows: int,
    most: int,
) -> None:
    """Six answered consultations, each with its messages, the asker's member record and
    (for the consultant) the place names its text is redacted with."""
    for _ in range(6):
        s.consultation(world, stage="answered")
    client = client_for(persona)
    client.get(path)  # sessions, caches

    with django_assert_max_num_queries(most):
        response = client.get(path)

    assert response.status_code == 200
    if path.startswith("/api/"):
        assert len(response.json()["items"]) == rows
        assert all(item["messages"] for item in response.json()["items"])
    else:
        assert response.content.decode().count("Anak putus sekolah di desa") == rows


def test_it_lists_meetings_in_constant_queries(world: World, client_for: Any) -> None:
    few, many = _same_with_more(client_for("regency"), "/rapat/", lambda: s.meeting(world))
    assert many == few
