"""The public transparency page: no account needed, figures per province and regency, no
count under 5 and no personal data, also in its CSV and JSON."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.test import Client
from django.utils import timezone

from sipsm.registry.models import Member
from sipsm.reporting.tests.support import (
    link_member,
    log_activity,
    refresh,
    reported_incident,
    responded,
)
from sipsm.testing import World, make_active_member, synthetic_nik

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
NUMBER = re.compile(r"^\d[\d.]*$")


def _cells(page: str) -> list[str]:
    table = page[page.index('id="public-table"') : page.index("</table>")]
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


def _figures(cells: list[str]) -> list[str]:
    return [c for c in cells if NUMBER.match(c) or c.startswith("<") or c == "—"]


def _data(world: World) -> None:
    link_member(world)
    for i in range(3):
        make_active_member(
            world.province,
            world.village_b,
            full_name=f"Relawan Baru {i}",
            nik=synthetic_nik(world.village_b),
        )
    log_activity(world)
    responded(world)
    reported_incident(world, world.village_far)
    refresh()


def test_anyone_sees_figures_per_province_without_an_account(world: World) -> None:
    _data(world)

    response = Client().get("/transparansi/")

    assert response.status_code == 200
    cells = _cells(response.content.decode())
    assert "Gorontalo" in cells
    assert "Aceh" in cells


def test_it_never_shows_a_count_under_5(world: World) -> None:
    _data(world)

    for path in ("/transparansi/", "/transparansi/?provinsi=75"):
        figures = _figures(_cells(Client().get(path).content.decode()))
        numbers = [int(c.replace(".", "")) for c in figures if NUMBER.match(c)]
        assert figures  # the table has figures
        assert [n for n in numbers if n < 5] == [], path
    regencies = _cells(Client().get("/transparansi/?provinsi=75").content.decode())
    row = regencies[
        regencies.index("Kabupaten Gorontalo") : regencies.index("Kabupaten Gorontalo") + 6
    ]
    assert row == ["Kabupaten Gorontalo", "5", "<5", "<5", "—", "—"]


def test_it_shows_no_personal_data(world: World) -> None:
    _data(world)
    names = list(Member.objects.values_list("full_name", flat=True))
    niks = [str(m.nik) for m in Member.objects.all()]

    pages = [
        Client().get(p).content.decode() for p in ("/transparansi/", "/transparansi/?provinsi=75")
    ]
    pages.append(Client().get("/transparansi/data.csv?provinsi=75").content.decode("utf-8-sig"))
    pages.append(Client().get("/api/v1/reporting/public?province=75").content.decode())

    for text in pages:
        for name in names:
            assert name not in text
        for nik in niks:
            assert nik not in text
            assert nik[:6] + "**" not in text
        assert world.village_a.name not in text


def test_the_csv_and_json_hide_small_counts_too(world: World) -> None:
    _data(world)

    rows = list(
        csv.reader(
            io.StringIO(
                Client().get("/transparansi/data.csv?provinsi=75").content.decode("utf-8-sig")
            )
        )
    )
    data = Client().get(f"/api/v1/reporting/public?province=75&year={YEAR}").json()

    assert rows[1][0] == "#adm+code"
    kab = next(r for r in rows if r[0] == "75.01")
    assert kab[2:5] == ["5", "<5", "<5"]
    by_code = {r["region"]: r for r in data["rows"]}
    assert by_code["75.01"]["members_active"] == "5"
    assert by_code["75.03"]["members_active"] == "<5"
    assert data["total"]["incidents_answered"] == "<5"


def test_a_median_response_time_shows_from_5_answered_incidents(world: World) -> None:
    link_member(world)
    for _ in range(5):
        responded(world)
    refresh()

    cells = _cells(Client().get("/transparansi/?provinsi=75").content.decode())

    row = cells[cells.index("Kabupaten Gorontalo") : cells.index("Kabupaten Gorontalo") + 6]
    assert row[3] == "5"
    assert row[4] not in ("—", "")
    assert "min" in row[4]
