"""Reading spreadsheets as people really have them: CSV (comma or semicolon, with or without
a BOM) and XLSX, streamed row by row, with Excel's damage to long numbers detected."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

SCIENTIFIC = re.compile(r"^\s*\d+([.,]\d+)?[eE]\+?\d+\s*$")


class UnreadableFile(ValueError):
    """The file cannot be read as a table at all."""


@dataclass(frozen=True)
class Cell:
    """A cell as read: `text` for display and parsing, `numeric` when the sheet stored a number."""

    text: str
    numeric: bool = False
    date: dt.date | None = None


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _csv_rows(stream: IO[bytes]) -> Iterator[list[Cell]]:
    head = stream.read(4096)
    stream.seek(0)
    sample = head.decode("utf-8-sig", errors="ignore")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        for row in csv.reader(text, delimiter=delimiter):
            yield [Cell(value) for value in row]
    except UnicodeDecodeError as exc:
        raise UnreadableFile(_("The CSV file is not UTF-8 text.")) from exc
    except csv.Error as exc:
        raise UnreadableFile(_("The CSV file is damaged: %(error)s") % {"error": exc}) from exc
    finally:
        text.detach()


def _xlsx_cell(value: Any) -> Cell:
    if value is None:
        return Cell("")
    if isinstance(value, bool):
        return Cell("1" if value else "0")
    if isinstance(value, dt.datetime):
        return Cell(value.date().isoformat(), date=value.date())
    if isinstance(value, dt.date):
        return Cell(value.isoformat(), date=value)
    if isinstance(value, int):
        return Cell(str(value), numeric=True)
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return Cell(text, numeric=True)
    return Cell(str(value))


# An XLSX is a zip of XML parts; a real register of 20,000 rows stays far below these limits,
# a zip bomb does not (ASVS 5.2.3).
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_PARTS = 1000


def _check_archive(stream: IO[bytes]) -> None:
    """Refuse a file that is not a zip, or that would unpack to far more than a sheet needs."""
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(_("The XLSX file is damaged or not an Excel workbook.")) from exc
    finally:
        stream.seek(0)
    if len(parts) > XLSX_MAX_PARTS or sum(p.file_size for p in parts) > XLSX_MAX_UNCOMPRESSED:
        raise UnreadableFile(_("The XLSX file unpacks to too much data."))


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook

    _check_archive(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # any failure of the parser means the file is not a usable workbook
        raise UnreadableFile(_("The XLSX file is damaged or not an Excel workbook.")) from exc
    try:
        if not workbook.worksheets:
            raise UnreadableFile(_("The XLSX file has no worksheet."))
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_xlsx_cell(v) for v in row]
    except UnreadableFile:
        raise
    except Exception as exc:  # damaged XML inside the zip (ParseError is a SyntaxError), etc.
        raise UnreadableFile(_("The XLSX file is damaged and cannot be read.")) from exc
    finally:
        workbook.close()


def read_rows(stream: IO[bytes], filename: str) -> Iterator[list[Cell]]:
    """Rows of the first sheet (or the CSV), header included, as cells."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(stream)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(stream)
    raise UnreadableFile(_("Upload a .csv or .xlsx file."))


def looks_excel_mangled(cell: Cell) -> bool:
    """A long number that Excel turned into a float or scientific notation."""
    return bool(SCIENTIFIC.match(cell.text)) or (cell.numeric and len(cell.text) >= 12)


def parse_date(cell: Cell) -> dt.date:
    """ISO or Indonesian day-first dates; raises ValueError with a readable message."""
    if cell.date is not None:
        return cell.date
    text = cell.text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    if text.isdigit():
        raise ValueError(
            _("“%(value)s” looks like an Excel date number; format it as a date.") % {"value": text}
        )
    raise ValueError(
        _("“%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY).") % {"value": text}
    )


TRUE_WORDS = {"1", "y", "ya", "yes", "true", "benar", "v", "x", "✓", "bisa", "sudah"}
FALSE_WORDS = {"", "0", "n", "t", "tidak", "no", "false", "salah", "belum", "tdk"}


def parse_bool(cell: Cell) -> bool:
    text = cell.text.strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("“%(value)s” is not yes/no (use Ya or Tidak).") % {"value": cell.text})
