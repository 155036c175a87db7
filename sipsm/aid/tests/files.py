"""Synthetic KPM lists for tests and benchmarks: every NIK and KK number is made up
(`sipsm.identity.nik.make_nik` and the KK pattern of sipsm.people.tests.support)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sipsm.aid.importing.headers import template_header
from sipsm.identity.nik import make_nik

HEADER = template_header()
FIRST = ["Siti", "Nur", "Rahma", "Fitri", "Wulan", "Sri", "Dewi", "Yanti", "Ani", "Lina"]
LAST = ["Hulopi", "Pakaya", "Katili", "Gobel", "Tangahu", "Daud", "Usman", "Lamato"]
MEN = ["Hasan", "Rahmat", "Abdul", "Yusuf", "Irwan", "Budi", "Agus", "Sofyan"]
CHILDREN = ["Rizki", "Putri", "Andi", "Nabila", "Fajar", "Aisyah", "Dimas", "Salsa"]


def nik_for(district_code: str, i: int) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=i % 20_000)
    return make_nik(district_code=district_code, birth_date=birth, sex="F", serial=i // 20_000 + 1)


def kk_for(district_code: str, i: int) -> str:
    registered = dt.date(2000, 1, 1) + dt.timedelta(days=i % 8000)
    return f"{district_code.replace('.', '')}{registered:%d%m%y}{i // 8000 + 1:04d}"


def kpm_row(village_code: str, i: int, **overrides: Any) -> dict[str, str]:
    """The i-th synthetic family of a village (values as a coordinator's file has them)."""
    district = village_code[:8]
    last = LAST[i % len(LAST)]
    row = {
        "nik_pengurus": nik_for(district, i),
        "nama_pengurus": f"{FIRST[i % len(FIRST)]} {last}",
        "no_kk": kk_for(district, i),
        "kode_desa": village_code.replace(".", "") if i % 2 else village_code,
        "kode_kecamatan": "",
        "no_kks": f"6013{i:012d}",
        "no_rekening": f"00{i:010d}",
        "status_kepesertaan": "Aktif",
        "id_dtks": f"DTKS{i:010d}",
        "id_pengurus_dtks": f"ART{i:010d}",
        "tempat_lahir": "Limboto",
        "tanggal_lahir": "",
        "nama_gadis_ibu_kandung": f"{FIRST[(i + 3) % len(FIRST)]} Mohamad",
        "no_peserta_pkh": f"PKH{i:09d}" if i % 3 == 0 else "",
        "status_pkh": "Aktif" if i % 3 == 0 else "",
        "nama_kepala_keluarga": f"{MEN[i % len(MEN)]} {last}",
        "nama_anggota_keluarga": f"{CHILDREN[i % len(CHILDREN)]} {last}; "
        f"{CHILDREN[(i + 1) % len(CHILDREN)]} {last}",
        "alamat": f"Jl. Pendidikan No. {i % 200 + 1}, RT 0{i % 5 + 1}/RW 0{i % 3 + 1}",
        "desil": str(i % 4 + 1),
    }
    row.update(overrides)
    return {k: row.get(k, "") for k in HEADER}


def kpm_rows(villages: Sequence[str], n: int, *, start: int = 0) -> Iterator[dict[str, str]]:
    for i in range(start, start + n):
        yield kpm_row(villages[i % len(villages)], i)


def csv_bytes(rows: Sequence[dict[str, str]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def write_csv(path: Path, rows: Iterator[dict[str, str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def xlsx_bytes(rows: Sequence[dict[str, Any]], header: Sequence[str] = HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("KPM")
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(k, "") for k in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
