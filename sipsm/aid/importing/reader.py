"""Streaming a KPM list row by row with flat memory, for files of any size.

CSV (comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252 as Excel writes it)
is read with the csv module straight from the file: one row in memory at a time, and the
bytes consumed so far for the progress bar. XLSX goes through `sipsm.registry.tabular`
(openpyxl in read-only mode), which also says which cells Excel stored as numbers.

Each row comes as `(number, texts, numeric)`: the row's number in the file (the header is
row 1), the cell texts, and the indexes of cells stored as numbers (XLSX only).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from sipsm.registry.tabular import UnreadableFile, read_rows

Row = tuple[int, list[str], frozenset[int]]
NO_NUMBERS: frozenset[int] = frozenset()


class _Counting(io.RawIOBase):
    """A binary stream that counts what was read from it."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def _encoding(head: bytes) -> str:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start < len(head) - 3:
            return "cp1252"
    return "utf-8-sig"


def _delimiter(sample: str) -> str:
    first = sample.splitlines()[0] if sample else ""
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


@dataclass
class RowSource:
    """The rows of one file; `bytes_read` (CSV) or `fraction` tells the progress."""

    stream: IO[bytes]
    filename: str
    size: int = 0
    bytes_read: int = 0
    total_rows_hint: int = 0
    _counting: _Counting | None = field(default=None, repr=False)

    def progress_bytes(self, rows_done: int) -> int:
        if self._counting is not None:
            return self._counting.count
        if self.total_rows_hint:
            return min(self.size, int(self.size * rows_done / self.total_rows_hint))
        return 0

    def rows(self) -> Iterator[Row]:
        name = self.filename.lower()
        if name.endswith((".csv", ".txt")):
            return self._csv_rows()
        if name.endswith(".xlsx"):
            return self._xlsx_rows()
        raise UnreadableFile(_("Upload a .csv or .xlsx file."))

    def _csv_rows(self) -> Iterator[Row]:
        head = self.stream.read(65536)
        self.stream.seek(0)
        encoding = _encoding(head)
        sample = head.decode(encoding, errors="ignore")
        delimiter = _delimiter(sample)
        self._counting = _Counting(self.stream)
        buffered = io.BufferedReader(self._counting, buffer_size=1 << 16)
        text = io.TextIOWrapper(buffered, encoding=encoding, errors="strict", newline="")
        number = 0
        try:
            for number, cells in enumerate(csv.reader(text, delimiter=delimiter), start=1):
                yield number, cells, NO_NUMBERS
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                _("The file is not readable text after row %(row)d.") % {"row": number}
            ) from exc
        except csv.Error as exc:
            raise UnreadableFile(
                _("The CSV file is damaged after row %(row)d: %(error)s")
                % {"row": number, "error": exc}
            ) from exc

    def _xlsx_rows(self) -> Iterator[Row]:
        self.total_rows_hint = _xlsx_row_count(self.stream)
        for number, cells in enumerate(read_rows(self.stream, self.filename), start=1):
            numeric = frozenset(i for i, c in enumerate(cells) if c.numeric)
            yield number, [c.text for c in cells], numeric


# A row element of the sheet XML (`<row r="7">`, or with a namespace prefix `<x:row ...>`).
_ROW_TAG = re.compile(rb"<(?:\w{1,8}:)?row[\s>]")
_TAIL = 16


def _xlsx_row_count(stream: IO[bytes]) -> int:
    """The number of rows of the first sheet, for the progress bar only (0 when unknown).

    The `<dimension>` element says it at the top of the sheet when Excel wrote the file; other
    writers leave it out, and then the row tags are counted in the raw XML: a byte scan, far
    cheaper than a second XML parse of the sheet.
    """
    try:
        with zipfile.ZipFile(stream) as archive:
            sheets = sorted(
                (n for n in archive.namelist() if _SHEET.fullmatch(n)),
                key=lambda n: int(_SHEET.fullmatch(n).group(1)),  # type: ignore[union-attr]
            )
            if not sheets:
                return 0
            with archive.open(sheets[0]) as part:
                head = part.read(4096)
                found = _DIMENSION.search(head)
                if found:
                    return int(found.group(1))
                count, buffer = 0, head
                while True:
                    chunk = part.read(1 << 20)
                    buffer += chunk
                    limit = len(buffer) if not chunk else len(buffer) - _TAIL
                    count += sum(1 for m in _ROW_TAG.finditer(buffer) if m.start() < limit)
                    if not chunk:
                        return count
                    buffer = buffer[limit:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0  # the real read reports a damaged file properly
    finally:
        stream.seek(0)


_SHEET = re.compile(r"xl/worksheets/sheet(\d+)\.xml")
_DIMENSION = re.compile(rb'<(?:\w{1,8}:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def preview(stream: IO[bytes], filename: str, *, rows: int = 5) -> tuple[list[str], list[Row]]:
    """The header and the first rows, for the column check."""
    source = RowSource(stream=stream, filename=filename)
    iterator = source.rows()
    first = next(iterator, None)
    if first is None or not any(c.strip() for c in first[1]):
        raise UnreadableFile(_("The file is empty."))
    sample: list[Row] = []
    for row in iterator:
        if any(c.strip() for c in row[1]):
            sample.append(row)
        if len(sample) >= rows:
            break
    return [c.strip() for c in first[1]], sample
