"""Lists of cases, the today list, approvals, providers and public referrals, in the UI and
the API, answer in a constant number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sipsm.cases.actions import work as work_actions
from sipsm.cases.tests.support import make_case, make_intake, make_provider, request_closure
from sipsm.people.tests.support import make_household, make_person
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _case_with_work(world: World, n: int) -> None:
    person = make_person(world, full_name=f"Anak {n}", birth_date=dt.date(2014, 1, n + 1))
    case = make_case(world, person=person)
    work_actions.add_task(
        acting_user=world.village,
        case=case,
        kind="follow_up",
        title="Kunjungan",
        due_on=timezone.localdate(),
        responsible=world.village,
    )
    request_closure(world, case)
    make_intake(world)
    make_provider(world, name=f"LKS {n}", kind="lks", services=("housing_care",))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("village", "/kasus/"),
        ("district", "/kasus/"),
        ("village", "/kasus/hari-ini/"),
        ("district", "/kasus/persetujuan/"),
        ("district", "/kasus/laporan-warga/"),
        ("village", "/layanan/"),
        ("district", "/keluarga/"),
        ("village", "/api/v1/cases"),
        ("district", "/api/v1/cases"),
        ("village", "/api/v1/cases/today"),
        ("district", "/api/v1/intakes"),
        ("village", "/api/v1/providers"),
        ("district", "/api/v1/households"),
        ("district", "/api/v1/people"),
    ],
)
def test_it_lists_in_a_constant_number_of_queries(
    world: World, client_for: Callable[[str], object], persona: str, url: str
) -> None:
    client = client_for(persona)
    _case_with_work(world, 0)
    _queries(client, url)
    few = _queries(client, url)

    for n in range(1, 6):
        _case_with_work(world, n)

    assert _queries(client, url) == few


@pytest.mark.parametrize(
    ("path", "q", "json"),
    [
        ("/kasus/", "Anak", False),
        ("/warga/", "Anak", False),
        ("/keluarga/", "Hasan", False),
        ("/api/v1/cases/search", "Anak", True),
        ("/api/v1/people/search", "Anak", True),
        ("/api/v1/households/search", "Hasan", True),
    ],
)
def test_it_searches_in_a_constant_number_of_queries(
    world: World, client_for: Callable[[str], object], path: str, q: str, json: bool
) -> None:
    client: Any = client_for("district")
    _case_with_work(world, 0)
    make_household(world)

    def searched() -> int:
        with CaptureQueriesContext(connection) as queries:
            if json:
                response = client.post(path, {"q": q}, content_type="application/json")
            else:
                response = client.post(path, {"q": q}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert q in response.content.decode()  # the search found rows
        return len(queries)

    searched()
    few = searched()
    for n in range(1, 6):
        _case_with_work(world, n)
        make_household(world)

    assert searched() == few


def test_it_puts_due_tasks_on_the_workers_today_list(world: World, client_for) -> None:
    case = make_case(world)
    for title, days in (("Hari ini", 0), ("Besok", 1)):
        work_actions.add_task(
            acting_user=world.village,
            case=case,
            kind="follow_up",
            title=title,
            due_on=timezone.localdate() + dt.timedelta(days=days),
            responsible=world.village,
        )

    response = client_for("village").get("/kasus/hari-ini/")

    assert [t.title for t in response.context["tasks"]] == ["Hari ini"]
    assert [t.title for t in response.context["upcoming"]] == ["Besok"]
    assert list(client_for("other_village").get("/kasus/hari-ini/").context["tasks"]) == []
