"""Writing report tables as CSV (optionally HXL-tagged), XLSX and PDF."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

from sipsm.registry.exports import export_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX, "pdf": "application/pdf"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    hxl: str = ""
    numeric: bool = False


@dataclass
class Table:
    title: str | Promise
    columns: Sequence[Column]
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_hxl(self) -> bool:
        return any(c.hxl for c in self.columns)


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Promise):
        return str(value)
    return value


def _written(rows: Sequence[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """The rows as they are written: text (and lazy translations) through `export_cell`, once
    per distinct value of a column, since exports repeat region names, codes, dates and statuses
    many thousands of times; numbers, dates and None as they are (both writers show None as an
    empty cell). Cells are scalars; a short row is padded with empty cells."""
    columns: list[Sequence[Any]] = []
    for column in zip_longest(*rows):
        text = {v: export_cell(_plain(v)) for v in set(column) if isinstance(v, str | Promise)}
        if all(value is written for value, written in text.items()):
            columns.append(column)  # nothing to change (numbers, codes, plain names)
        else:
            get = text.get
            columns.append([get(value, value) for value in column])
    return zip(*columns, strict=True)


def csv_bytes(tables: Sequence[Table], *, hxl: bool = True, keys: bool = False) -> bytes:
    """One CSV holding the tables one after the other (a blank line between); headers are the
    column labels (or keys), then the HXL hashtags when the table has them."""
    out = io.StringIO()
    writer = csv.writer(out)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([export_cell(str(table.title))])
        writer.writerow([export_cell(c.key if keys else str(c.label)) for c in table.columns])
        if hxl and table.has_hxl:
            writer.writerow([c.hxl for c in table.columns])
        writer.writerows(_written(table.rows))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "data"
    name, n = base, 2
    while name in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name)
    return name


def xlsx_bytes(tables: Sequence[Table], *, hxl: bool = True) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(str(table.title), used))
        sheet.append([export_cell(str(table.title))])
        sheet.append([export_cell(str(c.label)) for c in table.columns])
        if hxl and table.has_hxl:
            sheet.append([c.hxl for c in table.columns])
        for row in _written(table.rows):
            sheet.append(row)
        for note in table.notes:
            sheet.append([export_cell(note)])
    with tempfile.TemporaryFile() as fh:
        workbook.save(fh)
        fh.seek(0)
        return fh.read()


@dataclass
class PdfDocument:
    """A formal report: a letterhead, a title, identity lines, sections, and signatures."""

    letterhead: list[str]
    title: str
    identity: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, Table | str]] = field(default_factory=list)
    signatures: list[tuple[str, str, str]] = field(default_factory=list)  # role, name, date
    footer: str = ""
    landscape: bool = True


def pdf_bytes(document: PdfDocument) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    head = styles["BodyText"].clone("head", fontSize=8, leading=10, fontName="Helvetica-Bold")
    buffer = io.BytesIO()
    size = landscape(A4) if document.landscape else A4
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=document.title,
        author="sipsm",
    )
    story: list[Any] = []
    for i, line in enumerate(document.letterhead):
        style = styles["Title"] if i == 0 else styles["Heading4"]
        story.append(Paragraph(escape(line), style))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(escape(document.title), styles["Heading2"]))
    if document.identity:
        rows = [
            [Paragraph(escape(k), head), Paragraph(escape(v), small)] for k, v in document.identity
        ]
        info = PdfTable(rows, colWidths=[45 * mm, None], hAlign="LEFT")
        info.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(info)
    width = size[0] - 28 * mm
    for heading, content in document.sections:
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph(escape(heading), styles["Heading4"]))
        if isinstance(content, str):
            for paragraph in (content or "—").splitlines() or ["—"]:
                story.append(Paragraph(escape(paragraph) or "&nbsp;", styles["BodyText"]))
            continue
        data = [[Paragraph(escape(str(c.label)), head) for c in content.columns]]
        for row in content.rows:
            data.append([Paragraph(escape(str(_plain(v))), small) for v in row])
        if len(data) == 1:
            data.append([Paragraph("—", small)] + [""] * (len(content.columns) - 1))
        table = PdfTable(
            data, repeatRows=1, colWidths=[width / len(content.columns)] * len(content.columns)
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
        for note in content.notes:
            story.append(Paragraph(escape(note), small))
    if document.signatures:
        story.append(Spacer(1, 8 * mm))
        cells = [
            [Paragraph(escape(role), small) for role, _n, _d in document.signatures],
            [Spacer(1, 14 * mm) for _ in document.signatures],
            [Paragraph(f"<b>{escape(name)}</b>", small) for _r, name, _d in document.signatures],
            [Paragraph(escape(date), small) for _r, _n, date in document.signatures],
        ]
        story.append(
            PdfTable(cells, colWidths=[width / len(document.signatures)] * len(document.signatures))
        )
    footer = document.footer

    def _page(canvas: Any, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        text = f"{footer}  ·  {timezone.localtime():%Y-%m-%d %H:%M}  ·  {doc_.page}"
        canvas.drawString(14 * mm, 7 * mm, text)
        canvas.restoreState()

    doc.build(story, onFirstPage=_page, onLaterPages=_page)
    return buffer.getvalue()


def file_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def tables_response(
    tables: Sequence[Table], fmt: str, filename: str, *, hxl: bool = True
) -> HttpResponse:
    if fmt == "csv":
        return file_response(csv_bytes(tables, hxl=hxl), "csv", filename)
    return file_response(xlsx_bytes(tables, hxl=hxl), "xlsx", filename)
