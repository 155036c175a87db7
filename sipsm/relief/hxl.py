"""HXL-tagged CSV exports (Humanitarian Exchange Language, hxlstandard.org): a header row for
people, then a row of HXL hashtags for machines, then the data. Cells a spreadsheet would run
as a formula are neutralised, and 16-digit numbers in free text are redacted."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sipsm.core.logging import redact
from sipsm.incidents.models import Incident
from sipsm.regions.models import Region
from sipsm.registry.exports import export_cell
from sipsm.relief.models import AffectedPerson, Need

INCIDENT_COLUMNS: list[tuple[str, str]] = [
    ("kode_kejadian", "#event +id"),
    ("jenis", "#event +type"),
    ("kategori", "#crisis +type"),
    ("judul", "#event +name"),
    ("keparahan", "#severity"),
    ("status", "#status"),
    ("tanggal_lapor", "#date +reported"),
    ("tanggal_verifikasi", "#date +verified"),
    ("tanggal_tutup", "#date +closed"),
    ("kode_provinsi", "#adm1 +code"),
    ("provinsi", "#adm1 +name"),
    ("kode_kabupaten_kota", "#adm2 +code"),
    ("kabupaten_kota", "#adm2 +name"),
    ("kode_kecamatan", "#adm3 +code"),
    ("kecamatan", "#adm3 +name"),
    ("kode_desa", "#adm4 +code"),
    ("desa", "#adm4 +name"),
    ("lintang", "#geo +lat"),
    ("bujur", "#geo +lon"),
    ("desa_terdampak", "#loc +affected +num"),
    ("terdampak_jiwa", "#affected +ind"),
    ("terdampak_kk", "#affected +hh"),
    ("mengungsi", "#affected +displaced"),
    ("luka", "#affected +injured"),
    ("hilang", "#affected +missing"),
    ("meninggal", "#affected +killed"),
]

NEED_COLUMNS: list[tuple[str, str]] = [
    ("kode_kejadian", "#event +id"),
    ("jenis_kejadian", "#event +type"),
    ("kode_provinsi", "#adm1 +code"),
    ("provinsi", "#adm1 +name"),
    ("kode_kabupaten_kota", "#adm2 +code"),
    ("kabupaten_kota", "#adm2 +name"),
    ("kode_kecamatan", "#adm3 +code"),
    ("kecamatan", "#adm3 +name"),
    ("kode_desa", "#adm4 +code"),
    ("desa", "#adm4 +name"),
    ("kategori", "#sector +code"),
    ("terdampak_jiwa", "#affected +ind"),
    ("jumlah", "#need +num"),
    ("satuan", "#need +unit"),
    ("keterangan", "#description"),
    ("prioritas", "#priority"),
    ("status", "#status"),
    ("tanggal_asesmen", "#date +assessed"),
    ("tanggal_diperbarui", "#date +updated"),
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _date(value: Any) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def _admin_chain(code: str, names: dict[str, str]) -> list[str]:
    """[adm1 code, name, adm2 code, name, adm3 code, name, adm4 code, name] of a region."""
    parts = code.split(".")
    cells: list[str] = []
    for depth in range(1, 5):
        prefix = ".".join(parts[:depth]) if len(parts) >= depth else ""
        cells += [prefix, names.get(prefix, "") if prefix else ""]
    return cells


def _names(codes: Iterable[str]) -> dict[str, str]:
    wanted: set[str] = set()
    for code in codes:
        parts = code.split(".")
        wanted.update(".".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def _lines(columns: list[tuple[str, str]], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _tag in columns])
    yield writer.writerow([tag for _name, tag in columns])
    for row in rows:
        yield writer.writerow([export_cell(v) for v in row])


def incident_rows(incidents: QuerySet[Incident]) -> Iterator[list[Any]]:
    incidents = incidents.select_related("type").annotate(
        village_count=Count("areas", distinct=True)
    )
    for chunk in _chunks(incidents, 500):
        names = _names(i.region_id for i in chunk)
        ids = [i.pk for i in chunk]
        people = {
            row["incident_id"]: row
            for row in AffectedPerson.objects.filter(incident_id__in=ids, duplicate_of__isnull=True)
            .order_by()
            .values("incident_id")
            .annotate(
                total=Count("pk"),
                displaced=Count("pk", filter=Q(condition="displaced")),
                injured=Count("pk", filter=Q(condition="injured")),
                missing=Count("pk", filter=Q(condition="missing")),
                deceased=Count("pk", filter=Q(condition="deceased")),
                households=Count(
                    "household", distinct=True, filter=Q(household__duplicate_of__isnull=True)
                ),
            )
        }
        for incident in chunk:
            counts = people.get(incident.pk, {})
            yield [
                incident.tracking_code,
                incident.type.code,
                incident.type.category,
                redact(incident.title),
                incident.severity,
                incident.status,
                _date(incident.reported_at),
                _date(incident.verified_at),
                _date(incident.closed_at),
                *_admin_chain(incident.region_id, names),
                "" if incident.lat is None else f"{incident.lat:.5f}",
                "" if incident.lon is None else f"{incident.lon:.5f}",
                incident.village_count,
                counts.get("total", 0),
                counts.get("households", 0),
                counts.get("displaced", 0),
                counts.get("injured", 0),
                counts.get("missing", 0),
                counts.get("deceased", 0),
            ]


def need_rows(needs: QuerySet[Need]) -> Iterator[list[Any]]:
    needs = needs.select_related("incident__type").order_by("incident_id", "village_id", "id")
    for chunk in _chunks(needs, 500):
        names = _names(n.village_id for n in chunk)
        for need in chunk:
            yield [
                need.incident.tracking_code,
                need.incident.type.code,
                *_admin_chain(need.village_id, names),
                need.category,
                need.people_affected,
                _number(need.quantity),
                need.unit,
                redact(need.description)[:1000],
                need.priority,
                need.status,
                _date(need.assessed_at),
                _date(need.updated_at),
            ]


def _chunks(queryset: QuerySet[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in queryset.iterator(chunk_size=size):
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def incidents_csv(incidents: QuerySet[Incident]) -> Iterator[str]:
    return _lines(INCIDENT_COLUMNS, incident_rows(incidents))


def needs_csv(needs: QuerySet[Need]) -> Iterator[str]:
    return _lines(NEED_COLUMNS, need_rows(needs))
