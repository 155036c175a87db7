"""Exporting the member register to CSV and XLSX. NIKs are masked; cells that a spreadsheet
would run as a formula are neutralised."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from sipsm.registry.models import Member, MemberQuerySet

HEADER = [
    "no_kta",
    "nama",
    "jenis_kelamin",
    "nik_tersamar",
    "kode_desa",
    "wilayah",
    "telepon",
    "status",
    "tahap_pendaftaran",
    "ketersediaan",
    "keahlian",
    "tanggal_bimtek",
    "no_sk",
    "penerbit_sk",
    "tanggal_sk",
]
# Characters that make a spreadsheet read a cell as a formula (ASVS 5.0 1.2.10).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def safe_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would evaluate (CSV/formula injection, ASVS 1.2.10)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_cell(value: Any) -> Any:
    """A value as written to a file: control characters (which XLSX cannot hold and which
    could hide a leading `=`) removed first, then formula starts neutralised."""
    if not isinstance(value, str):
        return value
    # Every character the pattern removes is a control character, so a printable string has
    # none (the test is done in C; exports write millions of cells).
    if not value.isprintable():
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def member_row(member: Member) -> list[Any]:
    return [
        member.kta_number or "",
        member.full_name,
        "L" if member.sex == Member.Sex.MALE else "P",
        member.nik_masked if member.nik else "",
        member.home_village_id,
        member.home_village.chain,
        member.phone,
        member.status,
        member.stage,
        member.availability,
        ", ".join(s.code for s in member.skills.all()),
        member.bimtek_dasar_date.isoformat() if member.bimtek_dasar_date else "",
        member.sk_number,
        member.sk_issuer,
        member.sk_date.isoformat() if member.sk_date else "",
    ]


def _rows(queryset: MemberQuerySet) -> Iterator[list[Any]]:
    members = queryset.select_related("home_village").prefetch_related("skills")
    for member in members.iterator(chunk_size=500):
        yield [export_cell(v) for v in member_row(member)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: MemberQuerySet) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for row in _rows(queryset):
        yield writer.writerow(row)


def xlsx_bytes(queryset: MemberQuerySet) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("anggota")
    sheet.append(HEADER)
    for row in _rows(queryset):
        sheet.append(row)
    with tempfile.TemporaryFile() as fh:
        workbook.save(fh)
        fh.seek(0)
        return fh.read()


def count_rows(queryset: MemberQuerySet) -> int:
    return queryset.count()


def template_csv() -> bytes:
    """An empty import template with the recognised column names."""
    out = io.StringIO()
    csv.writer(out).writerow(
        [
            "nik",
            "nama",
            "jenis_kelamin",
            "tempat_lahir",
            "tanggal_lahir",
            "telepon",
            "kode_desa",
            "kode_desa_ktp",
            "alamat",
            "pendidikan",
            "bisa_baca_tulis",
            "keahlian",
            "tanggal_bimtek",
            "penyelenggara_bimtek",
            "pernyataan_komitmen",
            "bukti_kelakuan_baik",
            "no_sk",
            "penerbit_sk",
            "tanggal_sk",
            "status",
            "no_kta",
        ]
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
