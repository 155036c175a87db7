"""List pages of capacity building run a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sipsm.testing import World
from sipsm.training.actions import enrolment as enrolment_actions
from sipsm.training.tests import support as s

pytestmark = pytest.mark.django_db


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/pelatihan/", "/pelatihan/sesi/"])
def test_it_lists_courses_and_sessions_in_constant_queries(
    world: World, client_for: Any, path: str
) -> None:
    client = client_for("district")
    s.session(world)
    client.get(path)
    few = _queries(client, path)
    for _ in range(4):
        s.session(world, code="perlindungan-anak")

    assert _queries(client, path) == few


def test_it_shows_a_session_with_its_participants_in_constant_queries(
    world: World, client_for: Any
) -> None:
    enrolment = s.enrolment(world)
    client = client_for("regency")
    path = f"/pelatihan/sesi/{enrolment.session_id}/"
    client.get(path)
    few = _queries(client, path)
    enrolment_actions.enrol(
        acting_user=world.regency, session=enrolment.session, member=world.member_b
    )

    assert _queries(client, path) == few
