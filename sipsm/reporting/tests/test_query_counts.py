"""Every report page and aggregate endpoint makes the same number of queries whatever the
amount of data behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sipsm.regions.models import Region
from sipsm.reporting.actions import activities as activity_actions
from sipsm.reporting.actions import monthly as monthly_actions
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import (
    activity_data,
    link_member,
    log_activity,
    refresh,
    reported_incident,
    responded,
    this_month,
)
from sipsm.testing import World, make_active_member, synthetic_nik

pytestmark = pytest.mark.django_db


def _grow(world: World, round_: int) -> None:
    """More villages with PSMs, more activities, incidents and reports."""
    district = world.village_a.code[:8]
    villages = list(
        Region.objects.filter(parent_id=district).order_by("code")[2 + 3 * round_ : 5 + 3 * round_]
    )
    for village in villages:
        member = make_active_member(
            world.province, village, full_name=f"PSM {village.code}", nik=synthetic_nik(village)
        )
        for _ in range(2):
            activity_actions.record_activity(
                acting_user=world.district,
                data=activity_data(world, member=member, village=village),
            )
        reported_incident(world, village)
    for _ in range(3):
        log_activity(world, actor=world.district, village=world.village_b)
    refresh()


PAGES: dict[str, Callable[[World], str]] = {
    "activities": lambda w: "/kerja-nyata/?periode=" + _period(),
    "village report": lambda w: f"/laporan-bulanan/{w.village_a.code}/{_ym()}/",
    "district report": lambda w: f"/laporan-bulanan/{w.village_a.code[:8]}/{_ym()}/",
    "regency report": lambda w: f"/laporan-bulanan/75.01/{_ym()}/",
    "national report": lambda w: f"/laporan-bulanan/nasional/{_ym()}/",
    "completeness": lambda w: f"/laporan-bulanan/kelengkapan/?wilayah={w.village_a.code[:8]}",
    "national dashboard": lambda w: "/dasbor/?wilayah=",
    "province dashboard": lambda w: "/dasbor/?wilayah=75",
    "regency dashboard": lambda w: "/dasbor/?wilayah=75.01",
    "district dashboard": lambda w: f"/dasbor/?wilayah={w.village_a.code[:8]}",
    "village dashboard": lambda w: f"/dasbor/?wilayah={w.village_a.code}",
    "national equity": lambda w: "/kesetaraan/?wilayah=",
    "province equity": lambda w: "/kesetaraan/?wilayah=75",
    "regency equity": lambda w: "/kesetaraan/?wilayah=75.01",
    "national spm": lambda w: "/spm/?wilayah=",
    "province spm": lambda w: "/spm/?wilayah=75",
    "regency spm": lambda w: "/spm/?wilayah=75.01",
    "spm pdf": lambda w: "/spm/ekspor.pdf?wilayah=75",
    "monthly pdf": lambda w: f"/laporan-bulanan/75/{_ym()}/laporan.pdf",
    "public": lambda w: "/transparansi/",
    "public province": lambda w: "/transparansi/?provinsi=75",
    "api dashboard": lambda w: "/api/v1/reporting/dashboard?region=75",
    "api spm": lambda w: "/api/v1/reporting/spm?region=75",
    "api equity": lambda w: "/api/v1/reporting/equity?region=75",
}


def _period() -> str:
    return Period.current_month().key


def _ym() -> str:
    month = Period.current_month()
    return f"{month.year}/{month.month}"


def _count(client: Client, path: str) -> int:
    """Queries of one request, leaving out the session's own bookkeeping (its "last seen" time
    is saved at most once a minute, whatever the page)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    )


def test_every_report_page_makes_the_same_queries_as_data_grows(world: World) -> None:
    link_member(world)
    log_activity(world)
    responded(world)
    monthly_actions.submit_report(
        acting_user=world.village, region=world.village_a, period=this_month()
    )
    refresh()
    client = Client()
    client.force_login(world.national)
    small = {name: _count(client, page(world)) for name, page in PAGES.items()}

    _grow(world, 0)
    medium = {name: _count(client, page(world)) for name, page in PAGES.items()}
    _grow(world, 1)
    large = {name: _count(client, page(world)) for name, page in PAGES.items()}

    assert medium == small
    assert large == small


def test_the_psms_own_pages_make_the_same_queries_as_data_grows(world: World) -> None:
    link_member(world)
    log_activity(world)
    responded(world)
    refresh()
    client = Client()
    client.force_login(world.village)
    pages: dict[str, Any] = {
        "my work": "/kerja-nyata/",
        "my dashboard": "/dasbor/",
        "my report": f"/laporan-bulanan/{world.village_a.code}/{_ym()}/",
    }
    small = {name: _count(client, path) for name, path in pages.items()}

    for _ in range(5):
        log_activity(world)
    responded(world)
    refresh()
    large = {name: _count(client, path) for name, path in pages.items()}

    assert large == small
