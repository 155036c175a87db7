"""Exporting the PPKS register (people with their current PPKS groups) to CSV and XLSX.

Unless the user may see identities and stated a reason (the view records the export, with
the reason, in the audit trail), the export is masked: names as initials after the first
word, the year of birth only, NIK and KK numbers masked. Confidential PPKS groups are left out
for who may not see them, as are groups recorded by a case file the user may not read. Cells
a spreadsheet would run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from sipsm.accounts.models import User
from sipsm.identity import kk as kk_rules
from sipsm.identity import nik as nik_rules
from sipsm.people.access import hidden_case_subjects, shown_groups
from sipsm.people.models import HouseholdMembership, Person, PersonQuerySet, PpksMembership
from sipsm.registry.exports import export_cell
from sipsm.registry.models import mask_name

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


@dataclass
class Viewer:
    """Who exports, and how much they see."""

    user: User
    full_identities: bool
    hidden: set[int] = field(default_factory=set)


def _birth(person: Person, *, full: bool) -> str:
    if person.birth_date is not None:
        return person.birth_date.isoformat() if full else str(person.birth_date.year)
    return str(person.estimated_birth_year) if person.estimated_birth_year else ""


def person_row(person: Person, viewer: Viewer) -> list[Any]:
    groups = shown_groups(
        viewer.user, getattr(person, "open_groups", []), case_hidden=person.pk in viewer.hidden
    )
    households: list[HouseholdMembership] = getattr(person, "current_households", [])
    household = households[0] if households else None
    nik = person.nik
    kk = household.household.kk if household else ""
    since = min((g.since for g in groups), default=None)
    full = viewer.full_identities
    if not full:
        nik = nik_rules.mask(nik) if nik else ""
        kk = kk_rules.mask(kk) if kk else ""
    return [
        person.full_name if full else mask_name(person.full_name),
        {"M": "L", "F": "P"}.get(person.sex, ""),
        _birth(person, full=full),
        person.age if person.age is not None else "",
        nik,
        kk,
        household.relationship if household else "",
        person.village_id,
        person.village.chain,
        "; ".join(g.category.name for g in groups),
        since.isoformat() if since else "",
    ]


def _rows(queryset: PersonQuerySet, viewer: Viewer) -> Iterator[list[Any]]:
    viewer.hidden = hidden_case_subjects(viewer.user, queryset.values_list("pk", flat=True))
    for person in _people(queryset).iterator(chunk_size=500):
        yield [export_cell(v) for v in person_row(person, viewer)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: PersonQuerySet, viewer: Viewer) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for row in _rows(queryset, viewer):
        yield writer.writerow(row)


def xlsx_bytes(queryset: PersonQuerySet, viewer: Viewer) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ppks")
    sheet.append(HEADER)
    for row in _rows(queryset, viewer):
        sheet.append(row)
    with tempfile.TemporaryFile() as fh:
        workbook.save(fh)
        fh.seek(0)
        return fh.read()
