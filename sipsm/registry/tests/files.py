"""Building member files as people send them: CSV (comma or semicolon, with a BOM) and XLSX."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

Rows = Sequence[Sequence[Any]]


def csv_bytes(rows: Rows, *, delimiter: str = ",", bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Rows) -> bytes:
    """A workbook whose first sheet holds `rows`; ints, floats and dates stay typed cells."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_with_broken_sheet(rows: Rows) -> bytes:
    """A real zip whose worksheet XML is cut in half (a download that broke off midway)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    return out.getvalue()


def xlsx_rows(data: bytes) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def xlsx_cell_types(data: bytes) -> list[list[str]]:
    """openpyxl's data type per cell: `s` text, `n` number, `f` formula."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    return [[cell.data_type for cell in row] for row in sheet.iter_rows()]


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def csv_text(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def register_counts() -> tuple[int, int]:
    """(members, audit events): compared before and after to show that nothing was saved."""
    from sipsm.core.models import AuditEvent
    from sipsm.registry.models import Member

    return Member.objects.count(), AuditEvent.objects.count()
