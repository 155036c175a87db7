"""Row checks of the member import: each problem is reported with its row and column, and the
chosen mode decides whether the valid rows are saved."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from sipsm.accounts.models import User
from sipsm.core.models import AuditEvent
from sipsm.registry import imports
from sipsm.registry.imports import ImportReport
from sipsm.registry.models import Member, MemberImport
from sipsm.registry.tests.files import csv_bytes, register_counts, xlsx_bytes
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db

HEADER = ["nik", "nama", "jenis_kelamin", "tanggal_lahir", "kode_desa", "keahlian"]
MANGLED = (
    "The NIK was stored as a number, so Excel changed it (e.g. 3.27E+15). "
    "Format the NIK column as Text and type the numbers again."
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def run_import(
    user: User, rows: list[list[Any]], *, mode: str = "all_or_nothing", xlsx: bool = False
) -> tuple[ImportReport, MemberImport]:
    data = xlsx_bytes(rows) if xlsx else csv_bytes(rows)
    return imports.import_members(
        acting_user=user,
        stream=io.BytesIO(data),
        filename="anggota.xlsx" if xlsx else "anggota.csv",
        mode=mode,
    )


def problems(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in report.problems]


def row(world: World, name: str, **changes: Any) -> list[Any]:
    values = {
        "nik": synthetic_nik(world.village_a, sex="F", birth=dt.date(1991, 7, 12)),
        "nama": name,
        "jenis_kelamin": "P",
        "tanggal_lahir": "12/07/1991",
        "kode_desa": world.village_a.code,
        "keahlian": "first_aid",
    }
    values.update(changes)
    return [values[column] for column in HEADER]


def assert_nothing_saved(report: ImportReport, run: MemberImport, before: tuple[int, int]) -> None:
    assert report.created == 0
    assert run.committed is False
    assert run.created_count == 0
    # only the record of the attempt: no member, no member event
    assert register_counts() == (before[0], before[1] + 1)
    assert AuditEvent.objects.order_by("-id").values_list("verb", flat=True)[0] == "member.import"


def test_it_rejects_a_nik_that_excel_turned_into_scientific_notation(world: World) -> None:
    rows = [HEADER, row(world, "Rina Hasan"), row(world, "Sari Nento", nik="3.27E+15")]
    before = register_counts()

    report, run = run_import(world.regency, rows)

    assert problems(report) == [(3, "NIK", MANGLED)]
    assert run.problems == [{"row": 3, "column": "NIK", "message": MANGLED}]
    assert run.error_count == 1
    assert_nothing_saved(report, run, before)
    assert not Member.objects.filter(full_name="Rina Hasan").exists()


def test_it_rejects_a_nik_stored_as_a_number_cell_in_xlsx(world: World) -> None:
    nik_as_number = int(synthetic_nik(world.village_a, sex="F", birth=dt.date(1991, 7, 12)))
    rows = [HEADER, row(world, "Rina Hasan"), row(world, "Sari Nento", nik=nik_as_number)]
    before = register_counts()

    report, run = run_import(world.regency, rows, xlsx=True)

    assert problems(report) == [(3, "NIK", MANGLED)]
    assert_nothing_saved(report, run, before)


def test_it_saves_the_valid_rows_together_in_valid_rows_mode(world: World) -> None:
    rows = [
        HEADER,
        row(world, "Rina Hasan"),
        row(world, "Sari Nento", nik="3.27E+15"),
        row(world, "Lina Mointi", kode_desa=world.village_b.code.replace(".", "")),
        row(world, "", jenis_kelamin="X"),
    ]
    before = register_counts()

    report, run = run_import(world.regency, rows, mode="valid_rows")

    assert problems(report) == [
        (3, "NIK", MANGLED),
        (5, "nama", "The name is empty."),
        (5, "jenis_kelamin", "Use L (laki-laki) or P (perempuan)."),
    ]
    assert (run.committed, run.total_rows, run.created_count, run.error_count) == (True, 4, 2, 3)
    assert report.rejected_rows == 2
    saved = Member.objects.filter(full_name__in=["Rina Hasan", "Lina Mointi"])
    assert sorted(saved.values_list("full_name", "home_village_id")) == [
        ("Lina Mointi", world.village_b.code),
        ("Rina Hasan", world.village_a.code),
    ]
    assert register_counts() == (before[0] + 2, before[1] + 3)
    assert AuditEvent.objects.for_object(run).get().data == {
        "rows": 4,
        "created": 2,
        "errors": 3,
        "mode": "valid_rows",
    }


def test_it_saves_nothing_in_valid_rows_mode_when_every_row_is_bad(world: World) -> None:
    rows = [HEADER, row(world, "Sari Nento", nik="3.27E+15")]
    before = register_counts()

    report, run = run_import(world.regency, rows, mode="valid_rows")

    assert problems(report) == [(2, "NIK", MANGLED)]
    assert_nothing_saved(report, run, before)


def test_it_reports_a_nik_repeated_inside_the_file(world: World) -> None:
    nik = synthetic_nik(world.village_a, sex="F", birth=dt.date(1991, 7, 12))
    rows = [HEADER, row(world, "Rina Hasan", nik=nik), row(world, "Rina H.", nik=nik)]
    before = register_counts()

    report, run = run_import(world.regency, rows)

    assert problems(report) == [(3, "NIK", "The same NIK is already in row 2.")]
    assert_nothing_saved(report, run, before)


def test_it_reports_a_nik_that_is_already_registered(world: World) -> None:
    rows = [HEADER, row(world, "Rina Hasan"), row(world, "N. Aisyah", nik=world.member_a.nik)]
    before = register_counts()

    report, run = run_import(world.regency, rows, mode="valid_rows")

    assert problems(report) == [(3, "NIK", "A member with this NIK is already registered.")]
    assert run.created_count == 1
    assert register_counts() == (before[0] + 1, before[1] + 2)
    assert Member.objects.filter(nik_index=world.member_a.nik_index).count() == 1


def test_it_reports_invalid_niks_with_the_reason(world: World) -> None:
    rows = [
        HEADER,
        row(world, "Satu", nik="750101410"),
        row(world, "Dua", nik="7501014107910000"),
        row(world, "Tiga", nik="9901014107910001"),
    ]

    report, _run = run_import(world.regency, rows)

    assert problems(report) == [
        (2, "NIK", "A NIK has 16 digits; this one has 9."),
        (3, "NIK", "The last four digits cannot be 0000."),
        (4, "NIK", "Province code 99 does not exist."),
    ]


def test_it_flags_a_bps_village_code(world: World) -> None:
    rows = [HEADER, row(world, "Rina Hasan", kode_desa="7501010001")]
    before = register_counts()

    report, run = run_import(world.regency, rows)

    assert problems(report) == [
        (2, "kode_desa", "“7501010001” looks like a BPS code; use the Kemendagri village code.")
    ]
    assert_nothing_saved(report, run, before)


def test_it_reports_unknown_and_malformed_village_codes(world: World) -> None:
    rows = [
        HEADER,
        row(world, "Satu", kode_desa="75.01.01.2999"),
        row(world, "Dua", kode_desa="Bongo"),
        row(world, "Tiga", kode_desa=""),
        row(world, "Empat", kode_desa=world.village_a.code[:8]),
    ]

    report, _run = run_import(world.regency, rows)

    assert problems(report) == [
        (2, "kode_desa", "Village code 75.01.01.2999 does not exist."),
        (3, "kode_desa", "“Bongo” is not a village code."),
        (4, "kode_desa", "The village code is empty."),
        (5, "kode_desa", f"Village code {world.village_a.code[:8]} does not exist."),
    ]


def test_it_refuses_rows_for_villages_outside_the_importers_area(world: World) -> None:
    rows = [
        HEADER,
        row(world, "Rina Hasan"),
        row(world, "Fitri Jauh", kode_desa=world.village_far.code),
    ]
    before = register_counts()

    report, run = run_import(world.regency, rows, mode="valid_rows")

    assert problems(report) == [(3, "kode_desa", "The village is outside your area.")]
    assert run.created_count == 1
    assert not Member.objects.filter(full_name="Fitri Jauh").exists()
    assert register_counts() == (before[0] + 1, before[1] + 2)


def test_the_other_regency_may_import_that_village(world: World) -> None:
    nik = synthetic_nik(world.village_far, sex="F", birth=dt.date(1991, 7, 12))
    rows = [HEADER, row(world, "Fitri Jauh", kode_desa=world.village_far.code, nik=nik)]

    report, run = run_import(world.other_regency, rows)

    assert problems(report) == []
    assert run.created_count == 1
    assert Member.objects.get(full_name="Fitri Jauh").home_village_id == world.village_far.code


def test_it_reports_an_unknown_skill(world: World) -> None:
    rows = [HEADER, row(world, "Rina Hasan", keahlian="Pertolongan pertama, menjahit")]
    before = register_counts()

    report, run = run_import(world.regency, rows)

    assert problems(report) == [(2, "keahlian", "Unknown skill “menjahit”.")]
    assert_nothing_saved(report, run, before)


def test_it_reports_bad_dates(world: World) -> None:
    rows = [
        HEADER,
        row(world, "Satu", tanggal_lahir="33451"),
        row(world, "Dua", tanggal_lahir="31/02/1991"),
        row(world, "Tiga", tanggal_lahir="12 Juli 1991"),
        row(world, "Empat", tanggal_lahir="01/01/2999"),
    ]

    report, _run = run_import(world.regency, rows)

    assert problems(report) == [
        (2, "tanggal_lahir", "“33451” looks like an Excel date number; format it as a date."),
        (3, "tanggal_lahir", "“31/02/1991” is not a date (use YYYY-MM-DD or DD/MM/YYYY)."),
        (4, "tanggal_lahir", "“12 Juli 1991” is not a date (use YYYY-MM-DD or DD/MM/YYYY)."),
        (5, "tanggal_lahir", "The date of birth is in the future."),
    ]


def test_it_reports_an_excel_date_number_cell_in_xlsx(world: World) -> None:
    rows = [HEADER, row(world, "Satu", tanggal_lahir=33451)]

    report, _run = run_import(world.regency, rows, xlsx=True)

    assert problems(report) == [
        (2, "tanggal_lahir", "“33451” looks like an Excel date number; format it as a date.")
    ]


def test_it_reports_a_phone_email_and_yes_no_that_do_not_parse(world: World) -> None:
    header = ["nama", "jk", "kode_desa", "no_hp", "email", "bisa_baca_tulis", "pendidikan"]
    rows = [
        header,
        ["Rina Hasan", "P", world.village_a.code, "12", "rina@", "mungkin", "TK"],
        [
            "Lina Mointi",
            "P",
            world.village_a.code,
            "0812-3456-7890",
            "lina@example.id",
            "ya",
            "SMA",
        ],
    ]

    report, run = run_import(world.regency, rows, mode="valid_rows")

    assert problems(report) == [
        (2, "telepon", "“12” is not a phone number."),
        (2, "email", "“rina@” is not an e-mail address."),
        (2, "bisa_baca_tulis", "“mungkin” is not yes/no (use Ya or Tidak)."),
        (2, "pendidikan", "Unknown value “TK”."),
    ]
    lina = Member.objects.get(full_name="Lina Mointi")
    assert (lina.phone, lina.email, lina.literate, lina.education) == (
        "+6281234567890",
        "lina@example.id",
        True,
        "sma",
    )
    assert run.created_count == 1


def test_it_reports_text_longer_than_the_register_holds(world: World) -> None:
    header = ["nama", "jk", "kode_desa", "tempat_lahir", "no_sk"]
    rows = [header, ["N" * 151, "P", world.village_a.code, "T" * 101, "S" * 100]]

    report, _run = run_import(world.regency, rows)

    assert problems(report) == [
        (2, "nama", "The text is too long (at most 150 characters)."),
        (2, "tempat_lahir", "The text is too long (at most 100 characters)."),
    ]


def test_it_imports_active_members_with_their_kta(world: World) -> None:
    header = ["nama", "jk", "kode_desa", "status", "no_kta"]
    rows = [
        header,
        ["Rina Hasan", "P", world.village_a.code, "aktif", "IPSM-7501-S09001"],
        ["Lina Mointi", "P", world.village_a.code, "Tidak Aktif", ""],
    ]

    report, _run = run_import(world.regency, rows)

    assert problems(report) == []
    rina = Member.objects.get(full_name="Rina Hasan")
    lina = Member.objects.get(full_name="Lina Mointi")
    assert (rina.status, rina.stage, rina.kta_number) == ("active", "verified", "IPSM-7501-S09001")
    assert rina.kta_issued_at is not None
    assert (lina.status, lina.stage, lina.kta_number) == ("inactive", "verified", None)
    verbs = list(AuditEvent.objects.for_object(rina).order_by("id").values_list("verb", flat=True))
    assert verbs == ["member.register", "member.import_status"]


def test_it_reports_a_kta_number_repeated_inside_the_file(world: World) -> None:
    header = ["nama", "jk", "kode_desa", "status", "no_kta"]
    rows = [
        header,
        ["Rina Hasan", "P", world.village_a.code, "aktif", "IPSM-7501-S09001"],
        ["Lina Mointi", "P", world.village_a.code, "aktif", "ipsm-7501-s09001"],
    ]
    before = register_counts()

    report, run = run_import(world.regency, rows)

    assert problems(report) == [(3, "no_kta", "The same KTA number is already in row 2.")]
    assert_nothing_saved(report, run, before)


def test_it_reports_a_kta_number_already_used_or_given_to_a_candidate(world: World) -> None:
    header = ["nama", "jk", "kode_desa", "status", "no_kta"]
    taken = world.member_a.kta_number
    rows = [
        header,
        ["Rina Hasan", "P", world.village_a.code, "aktif", taken],
        ["Lina Mointi", "P", world.village_a.code, "calon", "IPSM-7501-S09002"],
    ]

    report, _run = run_import(world.regency, rows)

    assert problems(report) == [
        (2, "no_kta", f"KTA number {taken} is already used."),
        (3, "no_kta", "A candidate has no KTA yet; set the status to aktif or remove it."),
    ]
