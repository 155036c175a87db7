"""Row checks of KPM list imports: the guideline fields as people really have them."""

from __future__ import annotations

import csv
import io

import pytest

from sipsm.aid.models import KpmEntry, KpmImportProblem
from sipsm.aid.tests.files import HEADER, csv_bytes, kpm_row, xlsx_bytes
from sipsm.aid.tests.support import AidWorld, import_file, upload
from sipsm.people.models import Household, HouseholdMembership, Person

pytestmark = pytest.mark.django_db


def _problems(run_id: int) -> list[tuple[int, str, str, str]]:
    return list(
        KpmImportProblem.objects.filter(kpm_import_id=run_id)
        .order_by("row", "id")
        .values_list("row", "column", "severity", "message")
    )


def test_it_imports_families_with_their_members_into_the_people_register(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    run = import_file(
        aid.world.regency, aid.period, csv_bytes([kpm_row(code, 0), kpm_row(code, 1)])
    )
    assert (run.status, run.rows_read, run.created_count, run.rejected_count) == ("done", 2, 2, 0)
    entry = KpmEntry.objects.select_related("household", "pengurus").get(source_row=2)
    assert (entry.pengurus_name, entry.head_name, entry.village_id) == (
        "Siti Hulopi",
        "Hasan Hulopi",
        code,
    )
    assert entry.pengurus.nik == kpm_row(code, 0)["nik_pengurus"]
    assert entry.household.kk == kpm_row(code, 0)["no_kk"]
    assert (entry.kks_number, entry.account_number, entry.mother_maiden_name) == (
        "6013000000000000",
        "000000000000",
        "Fitri Mohamad",
    )
    members = sorted(
        HouseholdMembership.objects.filter(household=entry.household).values_list(
            "person__full_name", "relationship"
        )
    )
    assert members == [
        ("Hasan Hulopi", "kepala_keluarga"),
        ("Putri Hulopi", "lainnya"),
        ("Rizki Hulopi", "lainnya"),
        ("Siti Hulopi", "lainnya"),
    ]
    assert (Household.objects.count(), Person.objects.count()) == (2, 8)


def test_it_maps_indonesian_header_variants_and_dotted_or_undotted_codes(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    header = ["NIK", "Nama KPM", "Nomor KK", "Kode Wilayah", "Desil"]
    content = ("\ufeff" + ";".join(header) + "\r\n").encode() + (
        f"{kpm_row(code, 0)['nik_pengurus']};Sri Gobel;{kpm_row(code, 0)['no_kk']};"
        f"{code.replace('.', '')};2\r\n"
        f"{kpm_row(code, 1)['nik_pengurus']};Ani Daud;{kpm_row(code, 1)['no_kk']};{code};3\r\n"
    ).encode()
    pending = upload(aid.world.regency, aid.period, content)
    assert pending.mapping == {"nik": 0, "pengurus_name": 1, "kk": 2, "village": 3, "desil": 4}
    run = import_file(aid.world.regency, aid.period, content)
    assert _problems(run.pk) == []
    assert sorted(KpmEntry.objects.values_list("pengurus_name", "village_id", "desil")) == [
        ("Ani Daud", code, 3),
        ("Sri Gobel", code, 2),
    ]


def test_it_joins_split_region_columns(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    prov, kab, kec, desa = code.split(".")
    row = kpm_row(code, 0)
    header = ["nik", "nama", "no_kk", "kode_prov", "kode_kab", "kode_kec", "kode_desa"]
    line = [row["nik_pengurus"], "Sri Gobel", row["no_kk"], prov, kab, kec, desa]
    content = (",".join(header) + "\n" + ",".join(line) + "\n").encode()
    run = import_file(aid.world.regency, aid.period, content)
    assert _problems(run.pk) == []
    assert KpmEntry.objects.get().village_id == code


def test_it_reports_bad_rows_and_imports_the_good_ones(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    rows = [
        kpm_row(code, 0),
        kpm_row(code, 1, nik_pengurus="3.27E+15"),
        kpm_row(code, 2, nik_pengurus="3171013002001234"),
        kpm_row(code, 3, kode_desa="7501010001"),
        kpm_row(code, 4, kode_desa="75.01.01.2999"),
        kpm_row(code, 5, kode_desa=aid.world.village_far.code),
        kpm_row(code, 6, no_kk=kpm_row(code, 0)["no_kk"]),
        kpm_row(code, 7, nik_pengurus=kpm_row(code, 0)["nik_pengurus"]),
        kpm_row(code, 8, desil="12", nama_pengurus=""),
        kpm_row(code, 9, tanggal_lahir="31/02/1980"),
    ]
    run = import_file(aid.world.regency, aid.period, csv_bytes(rows))
    assert (run.rows_read, run.created_count, run.rejected_count) == (10, 1, 9)
    errors = [(r, c, m) for r, c, s, m in _problems(run.pk) if s == "error"]
    assert errors == [
        (
            3,
            "nik_pengurus",
            "Excel changed this number (e.g. 3.27E+15, or a number cell that loses leading "
            "zeros); format the column as Text and type the numbers again.",
        ),
        (4, "nik_pengurus", "30-02-00 is not a real date."),
        (5, "kode_desa", "“7501010001” looks like a BPS code; use the Kemendagri village code."),
        (6, "kode_desa", "Village code 75.01.01.2999 does not exist."),
        (7, "kode_desa", "The village is outside your area."),
        (8, "no_kk", "The same KK number is already in row 2."),
        (9, "nik_pengurus", "The same NIK is already in row 2."),
        (10, "nama_pengurus", "The name is empty."),
        (10, "desil", "The desil is a number from 1 to 10."),
        (11, "tanggal_lahir", "“31/02/1980” is not a date (use YYYY-MM-DD or DD/MM/YYYY)."),
    ]


def test_it_reports_long_numbers_that_excel_stored_as_numbers(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    good, damaged = kpm_row(code, 0), kpm_row(code, 1)
    content = xlsx_bytes(
        [
            good,
            {**damaged, "nik_pengurus": int(damaged["nik_pengurus"]), "no_kk": 3.27e15},
            {**kpm_row(code, 2), "no_rekening": 12345678},
        ]
    )
    run = import_file(aid.world.regency, aid.period, content, filename="kpm.xlsx")
    assert [(r, c) for r, c, s, _m in _problems(run.pk) if s == "error"] == [
        (3, "nik_pengurus"),
        (3, "no_kk"),
        (4, "no_rekening"),
    ]
    assert KpmEntry.objects.count() == 1


def test_it_refuses_a_nik_already_listed_for_another_family_in_the_period(
    aid: AidWorld,
) -> None:
    code = aid.world.village_a.code
    import_file(aid.world.regency, aid.period, csv_bytes([kpm_row(code, 0)]))
    other_family = kpm_row(code, 1, nik_pengurus=kpm_row(code, 0)["nik_pengurus"])
    run = import_file(aid.world.regency, aid.period, csv_bytes([other_family]))
    assert [(r, m) for r, _c, s, m in _problems(run.pk) if s == "error"] == [
        (2, "This NIK is already on the list of this period for another family.")
    ]
    assert KpmEntry.objects.count() == 1


def test_it_reads_windows_1252_csv_and_keeps_the_header_order(aid: AidWorld) -> None:
    code = aid.world.village_a.code
    row = kpm_row(code, 0, nama_pengurus="Siti Ñurhayati")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerow([row[h] for h in HEADER])
    content = out.getvalue().encode("cp1252")
    run = import_file(aid.world.regency, aid.period, content)
    assert _problems(run.pk) == []
    assert KpmEntry.objects.get().pengurus_name == "Siti Ñurhayati"


def test_it_counts_the_rows_of_an_xlsx_for_the_progress_bar() -> None:
    import io

    from openpyxl import Workbook

    from sipsm.aid.importing.reader import _xlsx_row_count
    from sipsm.aid.tests.files import kpm_rows, xlsx_bytes

    # openpyxl's streaming writer leaves out <dimension>: the row tags are counted.
    streamed = xlsx_bytes(list(kpm_rows(["75.01.01.2001"], 1234)))
    assert _xlsx_row_count(io.BytesIO(streamed)) == 1235
    workbook = Workbook()
    for i in range(10):
        workbook.active.append([i, "Siti"])
    declared = io.BytesIO()
    workbook.save(declared)
    declared.seek(0)
    assert _xlsx_row_count(declared) == 10
    assert declared.tell() == 0
    assert _xlsx_row_count(io.BytesIO(b"not a workbook")) == 0
