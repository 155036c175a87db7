"""Importing existing PPKS lists: a report per row and column; nothing saved on rejection."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from sipsm.core.models import AuditEvent
from sipsm.people.imports import import_ppks
from sipsm.people.models import Household, HouseholdMembership, Person, PpksImport, PpksMembership
from sipsm.people.tests.support import CHILD_BIRTH, make_kk, make_person
from sipsm.registry.tests.files import csv_bytes, xlsx_bytes
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db

HEADER = ["NIK", "Nama", "JK", "Tgl Lahir", "Kode Desa", "Jenis PPKS", "Sejak", "No KK", "Hubungan"]


def _run(world: World, rows: list[list[object]], *, name: str = "ppks.csv", user=None):
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return import_ppks(acting_user=user or world.regency, stream=io.BytesIO(data), filename=name)


def test_it_saves_every_row_of_a_clean_file(world: World) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    kk = make_kk(world.village_a)
    rows = [
        HEADER,
        [
            nik,
            "Andi Saputra",
            "L",
            "09/06/2014",
            world.village_a.code,
            "AJ",
            "2025-01-10",
            kk,
            "Anak",
        ],
        [
            nik,
            "Andi Saputra",
            "L",
            "09/06/2014",
            world.village_a.code,
            "2",
            "2025-01-10",
            kk,
            "Anak",
        ],
        [
            "",
            "Hasna Katili",
            "P",
            "",
            world.village_a.undotted_code,
            "Lanjut Usia Telantar",
            "",
            "",
            "",
        ],
    ]

    _report, run = _run(world, rows)

    assert (run.committed, run.total_rows, run.people_created, run.memberships_created) == (
        True,
        3,
        2,
        3,
    )
    andi = Person.objects.with_nik(nik).get()
    assert sorted(
        PpksMembership.objects.filter(person=andi).values_list("category__code", flat=True)
    ) == [
        "anak-jalanan",
        "anak-telantar",
    ]
    assert (
        HouseholdMembership.objects.get(person=andi).household
        == Household.objects.with_kk(kk).get()
    )
    assert AuditEvent.objects.filter(verb="ppks.import").get().data["saved"] is True


def test_it_saves_nothing_when_a_row_is_wrong_and_reports_each_problem(world: World) -> None:
    rows = [
        HEADER,
        ["", "Dewi Lamato", "P", "2012-02-03", world.village_a.code, "AJ", "", "", ""],
        ["3.27E+15", "", "X", "31/02/2014", "99.99.99.9999", "Preman", "", "", ""],
        ["", "Rina", "P", "2050-01-01", world.village_far.code, "AJ", "", "", ""],
    ]

    _report, run = _run(world, rows)

    assert run.committed is False
    assert Person.objects.count() == 0
    assert [(p["row"], p["column"]) for p in run.problems] == [
        (3, "nama"),
        (3, "jenis_kelamin"),
        (3, "kode_desa"),
        (3, "ppks"),
        (3, "nik"),
        (3, "tanggal_lahir"),
        (4, "kode_desa"),
        (4, "tanggal_lahir"),
    ]
    assert run.problems[4]["message"].startswith("Excel changed this NIK")


def test_it_refuses_a_nik_registered_outside_the_area(world: World) -> None:
    nik = synthetic_nik(world.village_far, sex="F", birth=dt.date(1950, 1, 1))
    make_person(world, actor=world.province, village=world.village_far, nik=nik, sex="F")

    _report, run = _run(
        world, [HEADER, [nik, "Fitri", "P", "", world.village_a.code, "LUT", "", "", ""]]
    )

    assert run.committed is False
    assert [p["message"] for p in run.problems] == ["This person is registered outside your area."]


def test_it_reads_xlsx_with_a_person_already_registered(world: World) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    person = make_person(world, nik=nik)
    rows = [
        HEADER,
        [nik, "Andi S", "L", None, world.village_a.code, 4, dt.date(2025, 2, 1), None, None],
    ]

    _report, run = _run(world, rows, name="ppks.xlsx")

    assert (run.committed, run.people_created, run.memberships_created) == (True, 0, 1)
    assert person.ppks.get().since == dt.date(2025, 2, 1)
    assert [w["message"] for w in run.warnings] == [
        "This NIK is registered as “Andi Saputra”; the record is kept."
    ]


def test_it_rejects_a_file_without_the_required_columns(world: World, client_for) -> None:
    _report, run = _run(world, [["nama", "alamat"], ["Dewi", "Jl. Pasar"]])

    assert run.file_error == "Required columns are missing: kode_desa, ppks."
    report = client_for("regency").get(f"/warga/impor/{run.pk}/laporan.csv").content.decode()
    assert "Required columns are missing" in report
    assert PpksImport.objects.count() == 1


def test_it_never_shows_a_nik_in_the_report(world: World, client_for) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    _report, run = _run(world, [HEADER, [nik, "Andi", "L", "", "75.99.99.9999", "AJ", "", "", ""]])

    report = client_for("regency").get(f"/warga/impor/{run.pk}/laporan.csv").content.decode()
    page = client_for("regency").get(f"/warga/impor/{run.pk}/").content.decode()

    assert run.committed is False
    assert nik not in report
    assert nik not in page
