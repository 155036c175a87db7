"""Files the aid module gives out: the KPM list (CSV/XLSX), an import's error report, the
import template, and the proposals in a sheet laid out for SIKS-NG entry.

Personal numbers are masked unless the caller says `full=True` (the views only do so for a
user who may reveal them and gave a reason, and audit it). Cells a spreadsheet would run as
a formula are neutralised (`sipsm.registry.exports.export_cell`).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from sipsm.accounts.models import User
from sipsm.aid.importing.headers import template_header
from sipsm.aid.models import KpmEntry, KpmImport, KpmImportProblem, Period, Proposal
from sipsm.core.audit import record_event
from sipsm.identity import kk as kk_rules
from sipsm.identity import nik as nik_rules
from sipsm.registry.exports import export_cell

ENTRY_HEADER = [
    "kode_desa",
    "nama_pengurus",
    "nik_pengurus",
    "no_kk",
    "nama_kepala_keluarga",
    "no_kks",
    "no_rekening",
    "nama_gadis_ibu_kandung",
    "status_kepesertaan",
    "id_dtks",
    "no_peserta_pkh",
    "status_pkh",
    "desil",
]
SIKS_HEADER = [
    "NO",
    "JENIS_USULAN",
    "KODE_WILAYAH",
    "PROVINSI",
    "KABUPATEN_KOTA",
    "KECAMATAN",
    "DESA_KELURAHAN",
    "NIK",
    "NO_KK",
    "NAMA_KEPALA_KELUARGA",
    "ALAMAT",
    "PROGRAM",
    "ID_DTKS",
    "ELEMEN_DIPERBAIKI",
    "NILAI_BENAR",
    "ALASAN",
    "JENIS_BUKTI",
    "NOMOR_BUKTI",
    "TANGGAL_BUKTI",
    "STATUS",
    "SIKLUS",
]
SIKS_KINDS = {
    Proposal.Kind.NEW_FAMILY: "USULAN BARU",
    Proposal.Kind.DECEASED: "MENINGGAL",
    Proposal.Kind.MOVED: "PINDAH",
    Proposal.Kind.INELIGIBLE: "TIDAK LAYAK",
    Proposal.Kind.CORRECTION: "PERBAIKAN DATA",
}


def entry_row(entry: KpmEntry, *, full: bool) -> list[Any]:
    nik = entry.pengurus.nik
    kk = entry.household.kk
    return [
        entry.village_id,
        entry.pengurus_name,
        nik if full else nik_rules.mask(nik) if nik else "",
        kk if full else kk_rules.mask(kk) if kk else "",
        entry.head_name,
        entry.kks_number if full else entry.kks_masked,
        entry.account_number if full else entry.account_masked,
        entry.mother_maiden_name if full else entry.mother_masked,
        entry.membership_status,
        entry.dtks_id,
        entry.pkh_number,
        entry.pkh_status,
        entry.desil or "",
    ]


def _csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for row in rows:
        writer.writerow([export_cell(v) for v in row])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def entries_csv(entries: Iterable[KpmEntry], *, full: bool) -> Iterator[bytes]:
    return _csv_lines(ENTRY_HEADER, (entry_row(e, full=full) for e in entries))


def _xlsx(header: list[str], rows: Iterable[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append([export_cell(v) for v in row])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        return handle.read()


def entries_xlsx(entries: Iterable[KpmEntry], *, full: bool) -> bytes:
    return _xlsx(ENTRY_HEADER, (entry_row(e, full=full) for e in entries), "KPM")


def problems_csv(run: KpmImport) -> Iterator[bytes]:
    """The import's report: row, column, kind, message (never a full NIK or KK)."""
    rows: Iterator[list[Any]] = (
        [
            p.row,
            p.column,
            "galat" if p.severity == KpmImportProblem.Severity.ERROR else "peringatan",
            p.message,
        ]
        for p in run.problems.order_by("row", "id").iterator(chunk_size=2000)
    )
    head: list[list[Any]] = [[0, "", "galat", run.file_error]] if run.file_error else []
    return _csv_lines(["baris", "kolom", "jenis", "pesan"], [*head, *rows])


def template_csv() -> bytes:
    return ("\ufeff" + ",".join(template_header()) + "\r\n").encode("utf-8")


def proposal_row(number: int, proposal: Proposal, *, full: bool) -> list[Any]:
    village = proposal.village
    parts = [*village.chain.split(", "), "", "", "", ""][:4]
    entry = proposal.entry
    return [
        number,
        SIKS_KINDS[Proposal.Kind(proposal.kind)],
        village.code,
        parts[3],
        parts[2],
        parts[1],
        parts[0],
        proposal.nik if full else proposal.nik_masked if proposal.nik else "",
        proposal.kk if full else proposal.kk_masked if proposal.kk else "",
        proposal.head_name,
        proposal.address if full else "",
        proposal.program.name if proposal.program else "",
        entry.dtks_id if entry is not None else "",
        proposal.field_name,
        proposal.new_value,
        proposal.reason,
        proposal.get_evidence_kind_display().upper() if proposal.evidence_kind else "",
        proposal.evidence_number,
        proposal.evidence_date.isoformat() if proposal.evidence_date else "",
        proposal.get_status_display(),
        proposal.cycle,
    ]


def proposals_xlsx(proposals: Iterable[Proposal], *, full: bool) -> bytes:
    rows = (proposal_row(i, p, full=full) for i, p in enumerate(proposals, start=1))
    return _xlsx(SIKS_HEADER, rows, "USULAN")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_FORMATS = ("csv", "xlsx")


def _attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def list_download(
    *,
    user: User,
    period: Period,
    entries: QuerySet[KpmEntry],
    fmt: str,
    full: bool,
    reason: str = "",
) -> HttpResponseBase:
    """A period's KPM list (the page's and the API's download), audited. The caller checked
    that the user may export it, and may see identities when `full`."""
    entries = entries.select_related("pengurus", "household").order_by(
        "village_id", "pengurus_name", "id"
    )
    record_event(
        actor=user,
        verb="aid.list.export",
        target=period,
        region_code=user.scope_code or "",
        data={
            "format": fmt,
            "rows": entries.count(),
            "identities": "full" if full else "masked",
            "reason": reason[:300],
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            entries_csv(entries.iterator(chunk_size=2000), full=full),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            entries_xlsx(entries.iterator(chunk_size=2000), full=full), content_type=XLSX_TYPE
        )
    return _attachment(response, f"kpm-{period.pk}-{stamp}.{fmt}")


def siks_download(
    *, user: User, proposals: QuerySet[Proposal], cycle: str, full: bool, reason: str = ""
) -> HttpResponseBase:
    """The verified and ratified proposals of a cycle (of `proposals`, already scoped to the
    user) in the SIKS-NG layout, audited."""
    chosen = (
        proposals.filter(
            cycle=cycle, status__in=[Proposal.Status.VERIFIED, Proposal.Status.RATIFIED]
        )
        .select_related("village", "program", "entry")
        .order_by("village_id", "id")
    )
    record_event(
        actor=user,
        verb="aid.proposals.export",
        region_code=user.scope_code or "",
        data={
            "cycle": cycle,
            "rows": chosen.count(),
            "identities": "full" if full else "masked",
            "reason": reason[:300],
        },
    )
    response = HttpResponse(proposals_xlsx(chosen, full=full), content_type=XLSX_TYPE)
    return _attachment(response, f"usulan-siks-ng-{cycle}.xlsx")


def template_download() -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-kpm.csv"'
    return response
