"""Response times per region and month: months as counted in Indonesia (settings.TIME_ZONE,
WIB), on the page and in the API alike."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sipsm.incidents.models import Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.incidents.timing import timings_for
from sipsm.testing import World

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def _reported(world: World, at: dt.datetime, *, verified_after: int = 600) -> Incident:
    incident = flood_in(world)
    Incident.objects.filter(pk=incident.pk).update(
        reported_at=at,
        verified_at=at + dt.timedelta(seconds=verified_after),
        status="verified",
    )
    return incident


def test_months_are_local_months(world: World) -> None:
    # 23:30 WIB on 31 January is January; 06:30 WIB on 1 March is 23:30 UTC on 28 February
    # but March here.
    _reported(world, dt.datetime(2026, 1, 31, 23, 30, tzinfo=WIB))
    _reported(world, dt.datetime(2026, 3, 1, 6, 30, tzinfo=WIB))

    rows = timings_for(world.regency, year=2026)

    assert sorted((r.month, r.incidents) for r in rows) == [("2026-01", 1), ("2026-03", 1)]


def test_the_year_is_a_local_year(world: World) -> None:
    _reported(world, dt.datetime(2026, 1, 1, 3, 0, tzinfo=WIB))  # 31 December 2025 in UTC

    assert [r.month for r in timings_for(world.regency, year=2026)] == ["2026-01"]
    assert timings_for(world.regency, year=2025) == []


def test_the_api_gives_the_medians_per_region_and_month(world: World, client_for: Any) -> None:
    _reported(world, dt.datetime(2026, 3, 1, 6, 30, tzinfo=WIB), verified_after=600)
    _reported(world, dt.datetime(2026, 3, 9, 10, 0, tzinfo=WIB), verified_after=1200)
    _reported(world, dt.datetime(2026, 4, 2, 10, 0, tzinfo=WIB), verified_after=60)

    rows = client_for("regency").get("/api/v1/incident-timings?year=2026").json()
    page = client_for("regency").get("/kejadian/waktu/?tahun=2026").context["rows"]

    district = world.village_a.code[:8]
    assert [(r["region_code"], r["month"], r["incidents"]) for r in rows] == [
        (district, "2026-04", 1),
        (district, "2026-03", 2),
    ]
    assert rows[1]["report_to_verified"] == 900
    assert rows[1]["verified_to_alert"] is None
    assert [(r.region_code, r.month, r.medians[0]) for r in page] == [
        (r["region_code"], r["month"], r["report_to_verified"]) for r in rows
    ]


def test_each_sees_the_times_of_their_own_area(world: World, client_for: Any) -> None:
    _reported(world, dt.datetime(2026, 3, 9, 10, 0, tzinfo=WIB))

    def regions(persona: str) -> list[str]:
        response = client_for(persona).get("/api/v1/incident-timings?year=2026")
        assert response.status_code == 200
        return [r["region_code"] for r in response.json()]

    assert regions("national") == ["75"]
    assert regions("province") == [world.village_a.code[:5]]
    assert regions("partner") == [world.village_a.code[:8]]
    assert regions("other_regency") == []
