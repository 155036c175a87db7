"""Importing member files through the page: good CSV and XLSX as people make them, and files
that are rejected whole (wrong columns, broken XLSX) with nothing saved."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from sipsm.core.models import AuditEvent
from sipsm.registry import imports, tabular
from sipsm.registry.models import Member, MemberImport
from sipsm.registry.tests.files import (
    csv_bytes,
    register_counts,
    upload,
    xlsx_bytes,
    xlsx_with_broken_sheet,
)
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db

HEADER = ["NIK", "Nama Lengkap", "Jenis Kelamin", "Tanggal Lahir", "Kode Desa", "Keahlian"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def regency_client(client_for: Any) -> Client:
    client: Client = client_for("regency")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def post_file(client: Client, name: str, data: bytes, mode: str = "all_or_nothing") -> Any:
    return client.post("/anggota/impor/", {"file": upload(name, data), "mode": mode})


def last_import() -> MemberImport:
    run = MemberImport.objects.order_by("-id").first()
    assert run is not None
    return run


def two_good_rows(world: World) -> list[list[Any]]:
    return [
        HEADER,
        [
            synthetic_nik(world.village_a, sex="F", birth=dt.date(1990, 5, 1)),
            "Dewi Lestari Mohamad",
            "P",
            "01/05/1990",
            world.village_a.code,  # dotted
            "first_aid; Logistik",
        ],
        [
            synthetic_nik(world.village_b, sex="M", birth=dt.date(1988, 2, 9)),
            "Yusuf Habibie Daud",
            "Laki-laki",
            "1988-02-09",
            world.village_b.code.replace(".", ""),  # undotted
            "",
        ],
    ]


def assert_two_candidates_saved(world: World, run: MemberImport, before: tuple[int, int]) -> None:
    assert run.committed is True
    assert run.file_error == ""
    assert (run.total_rows, run.created_count, run.error_count) == (2, 2, 0)
    assert run.problems == []
    dewi = Member.objects.get(full_name="Dewi Lestari Mohamad")
    yusuf = Member.objects.get(full_name="Yusuf Habibie Daud")
    assert (dewi.status, dewi.stage, dewi.sex) == ("candidate", "applied", "F")
    assert (yusuf.status, yusuf.stage, yusuf.sex) == ("candidate", "applied", "M")
    assert dewi.home_village_id == world.village_a.code
    assert yusuf.home_village_id == world.village_b.code
    assert dewi.birth_date == dt.date(1990, 5, 1)
    assert yusuf.birth_date == dt.date(1988, 2, 9)
    assert sorted(s.code for s in dewi.skills.all()) == ["first_aid", "logistics"]
    assert list(yusuf.skills.all()) == []
    for member in (dewi, yusuf):
        verbs = list(AuditEvent.objects.for_object(member).values_list("verb", flat=True))
        assert verbs == ["member.register"]
    import_event = AuditEvent.objects.for_object(run).get()
    assert import_event.verb == "member.import"
    assert import_event.data == {"rows": 2, "created": 2, "errors": 0, "mode": "all_or_nothing"}
    # two members; three events: two registrations and the import itself
    assert register_counts() == (before[0] + 2, before[1] + 3)


def test_it_imports_a_comma_csv_with_a_bom_as_candidates(world: World, regency_client: Client):
    before = register_counts()

    response = post_file(regency_client, "anggota.csv", csv_bytes(two_good_rows(world)))

    run = last_import()
    assert response.status_code == 302
    assert response["Location"] == f"/anggota/impor/{run.pk}/"
    assert run.created_by == world.regency
    assert run.filename == "anggota.csv"
    assert_two_candidates_saved(world, run, before)


def test_it_imports_a_semicolon_csv_without_a_bom(world: World, regency_client: Client):
    before = register_counts()

    post_file(
        regency_client, "anggota.csv", csv_bytes(two_good_rows(world), delimiter=";", bom=False)
    )

    assert_two_candidates_saved(world, last_import(), before)


def test_it_imports_an_xlsx_with_text_niks_and_date_cells(world: World, regency_client: Client):
    rows = two_good_rows(world)
    rows[1][3] = dt.datetime(1990, 5, 1)  # a real date cell
    before = register_counts()

    response = post_file(regency_client, "anggota.xlsx", xlsx_bytes(rows))

    assert response.status_code == 302
    assert_two_candidates_saved(world, last_import(), before)


def test_it_accepts_other_header_spellings_and_reports_unused_columns(world: World) -> None:
    nik = synthetic_nik(world.village_a, sex="M")
    data = csv_bytes(
        [
            ["No. KTP", "NAMA", "L/P", "Kode Desa/Kelurahan", "Hobi"],
            [nik, "Arif Rahman", "L", world.village_a.code, "sepak bola"],
        ]
    )

    report, run = imports.import_members(
        acting_user=world.regency, stream=io.BytesIO(data), filename="lama.csv"
    )

    assert run.committed is True
    assert report.created == 1
    member = Member.objects.get(full_name="Arif Rahman")
    assert member.nik == nik
    assert member.sex == "M"
    assert [w.as_dict() for w in report.warnings] == [
        {"row": 1, "column": "Hobi", "message": "Column “Hobi” is not used."}
    ]


def test_it_shows_the_saved_rows_on_the_result_page(world: World, regency_client: Client) -> None:
    post_file(regency_client, "anggota.csv", csv_bytes(two_good_rows(world)))

    page = regency_client.get(f"/anggota/impor/{last_import().pk}/")

    assert page.status_code == 200
    assert "2 of 2 rows saved." in page.content.decode()


def test_it_rejects_a_file_without_the_name_and_village_columns(
    world: World, regency_client: Client
) -> None:
    nik = synthetic_nik(world.village_a)
    data = csv_bytes([["NIK", "Nama Ibu", "JK", "Desa"], [nik, "Siti", "P", "Bongo"]])
    before = register_counts()

    response = post_file(regency_client, "salah-kolom.csv", data, mode="valid_rows")

    assert response.status_code == 302
    run = last_import()
    message = "Required columns are missing: nama, kode_desa."
    assert run.file_error == message
    assert run.problems == [{"row": 1, "column": "nama, kode_desa", "message": message}]
    assert (run.committed, run.total_rows, run.created_count, run.error_count) == (False, 0, 0, 1)
    # nothing but the record of the rejected upload itself
    assert register_counts() == (before[0], before[1] + 1)
    assert AuditEvent.objects.order_by("-id").first().verb == "member.import"  # type: ignore[union-attr]
    page = regency_client.get(f"/anggota/impor/{run.pk}/").content.decode()
    assert f"The file was rejected: {message}" in page


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("random_bytes", "The XLSX file is damaged or not an Excel workbook."),
        ("truncated_zip", "The XLSX file is damaged or not an Excel workbook."),
        ("broken_sheet_xml", "The XLSX file is damaged and cannot be read."),
        ("csv_named_xlsx", "The XLSX file is damaged or not an Excel workbook."),
        ("empty", "The XLSX file is damaged or not an Excel workbook."),
    ],
)
def test_it_rejects_a_broken_xlsx(
    world: World, regency_client: Client, case: str, message: str
) -> None:
    good = xlsx_bytes(two_good_rows(world))
    data = {
        "random_bytes": os.urandom(4096),
        "truncated_zip": good[: len(good) // 2],
        "broken_sheet_xml": xlsx_with_broken_sheet(two_good_rows(world)),
        "csv_named_xlsx": csv_bytes(two_good_rows(world)),
        "empty": b"",
    }[case]
    before = register_counts()

    response = post_file(regency_client, "anggota.xlsx", data, mode="valid_rows")

    if case == "empty":  # Django refuses an empty upload before we see it
        assert response.status_code == 400
        assert register_counts() == before
        assert MemberImport.objects.count() == 0
        return
    assert response.status_code == 302
    run = last_import()
    assert run.file_error == message
    assert run.problems == [{"row": 0, "column": "", "message": message}]
    assert (run.committed, run.created_count) == (False, 0)
    assert register_counts() == (before[0], before[1] + 1)


def test_it_rejects_a_csv_that_is_not_utf8(world: World) -> None:
    data = "nama;jenis_kelamin;kode_desa\nSiti Ba\u00e9;P;75.01.01.1001\n".encode("utf-16")
    before = register_counts()

    report, run = imports.import_members(
        acting_user=world.regency, stream=io.BytesIO(data), filename="anggota.csv"
    )

    assert report.file_error == "The CSV file is not UTF-8 text."
    assert run.committed is False
    assert register_counts() == (before[0], before[1] + 1)


def test_it_rejects_a_header_without_rows(world: World) -> None:
    report, run = imports.import_members(
        acting_user=world.regency,
        stream=io.BytesIO(csv_bytes([HEADER])),
        filename="kosong.csv",
    )

    assert report.file_error == "The file has a header but no rows."
    assert run.problems == [
        {"row": 2, "column": "", "message": "The file has a header but no rows."}
    ]


def test_it_refuses_other_file_types_in_the_form(world: World, regency_client: Client) -> None:
    before = register_counts()

    response = post_file(regency_client, "anggota.pdf", b"%PDF-1.4")

    assert response.status_code == 400
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert register_counts() == before
    assert MemberImport.objects.count() == 0


def test_it_refuses_a_file_larger_than_the_limit(
    world: World, regency_client: Client, settings: Any
) -> None:
    settings.SIPSM_IMPORT_MAX_BYTES = 1000
    data = csv_bytes(two_good_rows(world) + [two_good_rows(world)[1]] * 20)
    before = register_counts()

    response = post_file(regency_client, "besar.csv", data)

    assert response.status_code == 400
    assert "The file is too large." in response.content.decode()
    assert register_counts() == before


def test_it_rejects_a_file_with_more_rows_than_allowed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_ROWS", 1)
    before = register_counts()

    report, run = imports.import_members(
        acting_user=world.regency,
        stream=io.BytesIO(csv_bytes(two_good_rows(world))),
        filename="anggota.csv",
        mode="valid_rows",
    )

    message = "The file has more than 1 rows; split it."
    assert report.file_error == message
    assert run.problems == [{"row": 3, "column": "", "message": message}]
    assert register_counts() == (before[0], before[1] + 1)


def test_it_rejects_an_xlsx_that_unpacks_to_too_much(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "XLSX_MAX_UNCOMPRESSED", 10_000)
    rows = two_good_rows(world) + [["", "x" * 200, "P", "", world.village_a.code, ""]] * 100
    before = register_counts()

    report, run = imports.import_members(
        acting_user=world.regency,
        stream=io.BytesIO(xlsx_bytes(rows)),
        filename="anggota.xlsx",
        mode="valid_rows",
    )

    assert report.file_error == "The XLSX file unpacks to too much data."
    assert (run.committed, run.total_rows) == (False, 0)
    assert register_counts() == (before[0], before[1] + 1)
