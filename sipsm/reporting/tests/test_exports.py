"""Exports: CSV, XLSX and PDF open; cells a spreadsheet would run are neutralised; the 3W
export carries HXL hashtags; every export is audited with its size."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sipsm.core.models import AuditEvent
from sipsm.reporting.exports.tables import Column, Table, csv_bytes, xlsx_bytes
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import link_member, log_activity, refresh, responded
from sipsm.testing import World

pytestmark = pytest.mark.django_db
DANGEROUS = ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\tx"]


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    table = Table("t", [Column("a", "A")], [[value] for value in DANGEROUS])

    rows = _csv(csv_bytes([table]))
    sheet = load_workbook(io.BytesIO(xlsx_bytes([table]))).worksheets[0]

    expected = ['\'=HYPERLINK("http://evil")', "'+1", "'-2", "'@SUM(A1)", "'\tx"]
    assert [r[0] for r in rows[1:]] == expected
    assert [c.value for c in sheet["A"]][2:] == expected


def test_repeated_and_mixed_cells_are_written_each_as_itself() -> None:
    """Cells are cleaned once per distinct value of a column: a value repeated down a column is
    neutralised every time, and equal-comparing values of other types (True, 1, 1.0) keep their
    own text."""
    from django.utils.translation import gettext_lazy

    rows: list[list[object]] = [
        ["=1+1", True, gettext_lazy("Program area"), None],
        ["=1+1", 1, "Program area", 0],
        ["=1+1", 1.0, "plain", False],
        ["ok"],
    ]
    table = Table("t", [Column(k, k) for k in "abcd"], rows)

    written = _csv(csv_bytes([table]))[1:]
    sheet = load_workbook(io.BytesIO(xlsx_bytes([table]))).worksheets[0]

    assert written == [
        ["'=1+1", "True", "Program area", ""],
        ["'=1+1", "1", "Program area", "0"],
        ["'=1+1", "1.0", "plain", "False"],
        ["ok", "", "", ""],
    ]
    values = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert [r[0] for r in values] == ["'=1+1", "'=1+1", "'=1+1", "ok"]
    assert [r[1] for r in values[:2]] == [True, 1]
    assert [type(r[1]) for r in values[:2]] == [bool, int]


def test_a_formula_typed_in_an_activity_comes_out_inert(world: World, client_for) -> None:
    log_activity(world, title="=cmd|' /C calc'!A0", partners="+Dinsos")

    response = client_for("regency").get("/kerja-nyata/ekspor.csv")

    rows = _csv(response.content)
    activity = next(r for r in rows if r[1] == "Activity log")
    assert activity[3] == "Community clean-up: =cmd|' /C calc'!A0"
    assert activity[9] == "'+Dinsos"


def test_the_monthly_report_downloads_as_pdf_and_xlsx(world: World, client_for) -> None:
    link_member(world)
    log_activity(world)
    responded(world)
    month = Period.current_month()
    base = f"/laporan-bulanan/{world.village_a.code}/{month.year}/{month.month}/laporan"

    pdf = client_for("district").get(base + ".pdf")
    xlsx = client_for("district").get(base + ".xlsx")

    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:4] == [
        "PSMs and coverage",
        "I. Work by program area",
        "II. Beneficiaries",
        "III. Work recorded in other ",
    ]
    detail = book.worksheets[4]
    sources = [row[1] for row in detail.iter_rows(min_row=4, values_only=True)]
    assert sorted(sources) == ["Activity log", "Incident response"]
    events = AuditEvent.objects.filter(verb="access.reporting.export").order_by("id")
    assert [(e.data["report"], e.data["format"]) for e in events] == [
        ("monthly", "pdf"),
        ("monthly", "xlsx"),
    ]


def test_the_3w_export_is_hxl_tagged_and_names_no_psm(world: World, client_for) -> None:
    link_member(world)
    log_activity(world)
    responded(world)

    rows = _csv(client_for("regency").get("/kerja-nyata/3w.csv?wilayah=75.01").content)

    assert rows[1][:5] == [
        "#org+name",
        "#sector+code",
        "#sector+name",
        "#activity+code",
        "#activity+name",
    ]
    assert rows[1][-4:] == ["#activity+num", "#contributors+num", "#reached+ind", "#status"]
    data = {(r[3], r[11]): r for r in rows[2:]}
    cleanup = data[("kerja-bakti", world.village_a.code)]
    assert cleanup[0] == "IPSM Kabupaten Gorontalo"
    assert cleanup[15:18] == ["1", "1", "20"]
    # Names of the province above the regency asked for, and of the regions inside it.
    assert all(cleanup[i] for i in (6, 8, 10, 12)), cleanup
    assert ("incident", world.village_a.code) in data
    assert world.member_a.full_name not in "".join(",".join(r) for r in rows)


def test_the_3w_export_hides_small_counts_from_partners(world: World, client_for) -> None:
    log_activity(
        world,
        beneficiaries_female=2,
        beneficiaries_male=1,
        beneficiaries_children=0,
        beneficiaries_adults=3,
        beneficiaries_elderly=0,
    )

    rows = _csv(client_for("partner").get("/kerja-nyata/3w.csv").content)

    assert [r[17] for r in rows[2:]] == [""]


def test_dashboard_equity_and_completeness_export_in_both_formats(world: World, client_for) -> None:
    refresh()
    client = client_for("province")
    year = timezone.localdate().year

    for path in ("/dasbor/ekspor", "/kesetaraan/ekspor", "/laporan-bulanan/kelengkapan"):
        rows = _csv(client.get(f"{path}.csv?wilayah=75&tahun={year}").content)
        book = load_workbook(io.BytesIO(client.get(f"{path}.xlsx?wilayah=75&tahun={year}").content))
        assert len(rows) > 2, path
        assert len(book.worksheets) >= 1, path
    assert client.get("/dasbor/ekspor.pdf").status_code == 404
