"""Exporting the PPKS register (people with their current PPKS groups) to CSV and XLSX.

NIK and KK numbers are masked unless the user may see identities and stated a reason (the
view records the export, with the reason, in the audit trail). Cells a spreadsheet would
run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch

from sipsm.identity import kk as kk_rules
from sipsm.identity import nik as nik_rules
from sipsm.people.models import HouseholdMembership, Person, PersonQuerySet, PpksMembership
from sipsm.registry.exports import export_cell

HEADER = [
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "umur",
    "nik",
    "no_kk",
    "hubungan",
    "kode_desa",
    "wilayah",
    "ppks",
    "sejak",
]


def _people(queryset: PersonQuerySet) -> PersonQuerySet:
    return queryset.select_related("village").prefetch_related(
        Prefetch(
            "ppks",
            queryset=PpksMembership.objects.filter(until__isnull=True).select_related("category"),
            to_attr="open_groups",
        ),
        Prefetch(
            "memberships",
            queryset=HouseholdMembership.objects.filter(until__isnull=True).select_related(
                "household"
            ),
            to_attr="current_households",
        ),
    )


def person_row(person: Person, *, full_identities: bool) -> list[Any]:
    groups: list[PpksMembership] = getattr(person, "open_groups", [])
    households: list[HouseholdMembership] = getattr(person, "current_households", [])
    household = households[0] if households else None
    nik = person.nik
    kk = household.household.kk if household else ""
    since = min((g.since for g in groups), default=None)
    if not full_identities:
        nik = nik_rules.mask(nik) if nik else ""
        kk = kk_rules.mask(kk) if kk else ""
    return [
        person.full_name,
        {"M": "L", "F": "P"}.get(person.sex, ""),
        person.birth_date.isoformat() if person.birth_date else "",
        person.age if person.age is not None else "",
        nik,
        kk,
        household.relationship if household else "",
        person.village_id,
        person.village.chain,
        "; ".join(g.category.name for g in groups),
        since.isoformat() if since else "",
    ]


def _rows(queryset: PersonQuerySet, *, full_identities: bool) -> Iterator[list[Any]]:
    for person in _people(queryset).iterator(chunk_size=500):
        yield [export_cell(v) for v in person_row(person, full_identities=full_identities)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: PersonQuerySet, *, full_identities: bool) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for row in _rows(queryset, full_identities=full_identities):
        yield writer.writerow(row)


def xlsx_bytes(queryset: PersonQuerySet, *, full_identities: bool) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ppks")
    sheet.append(HEADER)
    for row in _rows(queryset, full_identities=full_identities):
        sheet.append(row)
    with tempfile.TemporaryFile() as fh:
        workbook.save(fh)
        fh.seek(0)
        return fh.read()
