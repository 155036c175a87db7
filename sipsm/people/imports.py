"""Importing existing PPKS lists (CSV/XLSX) with a report per row and column.

One row is one person in one PPKS group. A person is matched by NIK (blind index) with the
people already registered, and with earlier rows of the same file, so a person in several
groups can take several rows. A KK number puts the person on that family card (found by its
blind index, or registered).

Every row is checked first; if any row has an error, nothing is saved (fix the file and
upload it again). The report never shows a NIK or KK number in full.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError
from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.identity.fields import index_for
from sipsm.identity.kk import check_kk
from sipsm.identity.nik import check_nik
from sipsm.identity.nik import mask as mask_number
from sipsm.people.access import require_import
from sipsm.people.actions import households as household_actions
from sipsm.people.actions.persons import PersonData, add_ppks_membership, register_person
from sipsm.people.models import (
    Household,
    Person,
    PpksImport,
    PpksMembership,
    Relationship,
    WelfareCategory,
)
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.registry.tabular import (
    Cell,
    UnreadableFile,
    header_key,
    looks_excel_mangled,
    parse_date,
    read_rows,
)

MAX_ROWS = 20_000
ALIASES: dict[str, set[str]] = {
    "nik": {"nik", "no_nik", "nomor_nik", "nik_ktp", "nomor_induk_kependudukan"},
    "full_name": {"nama", "nama_lengkap", "nama_ppks", "name", "full_name"},
    "sex": {"jenis_kelamin", "jk", "l_p", "kelamin", "sex"},
    "birth_date": {"tanggal_lahir", "tgl_lahir", "birth_date"},
    "age": {"umur", "usia", "age"},
    "birth_place": {"tempat_lahir", "tmp_lahir"},
    "village": {"kode_desa", "kode_kelurahan", "kode_desa_kelurahan", "kode_wilayah"},
    "address": {"alamat", "alamat_lengkap", "address"},
    "phone": {"telepon", "no_hp", "hp", "no_telp", "phone"},
    "kk": {"no_kk", "nomor_kk", "kk", "nomor_kartu_keluarga"},
    "head_name": {"kepala_keluarga", "nama_kepala_keluarga", "nama_krt"},
    "relationship": {"hubungan", "hubungan_keluarga", "shdk", "status_hubungan"},
    "ppks": {"ppks", "jenis_ppks", "kategori_ppks", "pmks", "jenis_pmks", "kode_ppks"},
    "since": {"sejak", "tanggal_pendataan", "tgl_pendataan", "tanggal_sejak"},
}
REQUIRED = ("full_name", "village", "ppks")
LABELS = {
    "nik": "nik",
    "full_name": "nama",
    "sex": "jenis_kelamin",
    "birth_date": "tanggal_lahir",
    "age": "umur",
    "birth_place": "tempat_lahir",
    "village": "kode_desa",
    "address": "alamat",
    "phone": "telepon",
    "kk": "no_kk",
    "head_name": "kepala_keluarga",
    "relationship": "hubungan",
    "ppks": "ppks",
    "since": "sejak",
}
SEX_WORDS = {"l": "M", "lk": "M", "laki_laki": "M", "pria": "M", "p": "F", "pr": "F"}
SEX_WORDS |= {"perempuan": "F", "wanita": "F", "m": "M", "f": "F"}
RELATIONSHIP_WORDS = {
    "kepala_keluarga": Relationship.HEAD,
    "kk": Relationship.HEAD,
    "suami": Relationship.SPOUSE,
    "istri": Relationship.SPOUSE,
    "suami_istri": Relationship.SPOUSE,
    "anak": Relationship.CHILD,
    "menantu": Relationship.CHILD_IN_LAW,
    "cucu": Relationship.GRANDCHILD,
    "orang_tua": Relationship.PARENT,
    "mertua": Relationship.PARENT_IN_LAW,
    "famili_lain": Relationship.OTHER_RELATIVE,
    "pembantu": Relationship.HOUSEHOLD_HELP,
    "lainnya": Relationship.OTHER,
}
_DIGIT_RUN = re.compile(r"\d[\d .\-]{14,}\d")


def _shown(value: str) -> str:
    return _DIGIT_RUN.sub(lambda m: mask_number(m.group(0)), value.strip()[:60])


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ParsedRow:
    row: int
    person: PersonData
    category: WelfareCategory
    since: dt.date
    kk: str = ""
    head_name: str = ""
    relationship: str = ""


@dataclass
class Report:
    filename: str
    total_rows: int = 0
    people_created: int = 0
    memberships_created: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    file_error: str = ""
    committed: bool = False


class _Parser:
    def __init__(self, acting_user: User) -> None:
        self.acting_user = acting_user
        self.villages: dict[str, Region | None] = {}
        categories = list(WelfareCategory.objects.ppks().valid_on().select_related())
        self.categories: dict[str, WelfareCategory] = {}
        for c in categories:
            for key in (str(c.number), c.code, c.abbreviation, c.name):
                if key:
                    self.categories[header_key(key)] = c
        self.nik_groups: dict[tuple[str, int], int] = {}

    def village(self, raw: str) -> Region:
        code = codes.normalize(raw)
        if code not in self.villages:
            self.villages[code] = Region.objects.filter(code=code, level=4).first()
        region = self.villages[code]
        if region is None:
            raise ValueError(_("Village code %(code)s does not exist.") % {"code": _shown(raw)})
        return region

    def parse(
        self, number: int, cells: dict[str, Cell]
    ) -> tuple[ParsedRow | None, list[RowProblem]]:
        problems: list[RowProblem] = []

        def fail(name: str, message: str) -> None:
            problems.append(RowProblem(number, LABELS[name], message))

        def text(name: str) -> str:
            return cells[name].text.strip() if name in cells else ""

        name = " ".join(text("full_name").split())
        if not name:
            fail("full_name", _("The name is empty."))
        elif len(name) > 150:
            fail("full_name", _("The name is too long."))
        sex = SEX_WORDS.get(header_key(text("sex")), "") if text("sex") else ""
        if text("sex") and not sex:
            fail("sex", _("Use L (laki-laki) or P (perempuan)."))
        village: Region | None = None
        try:
            village = self.village(text("village")) if text("village") else None
            if village is None:
                fail("village", _("The village code is empty."))
            elif not self.acting_user.covers(village.code):
                fail("village", _("The village is outside your area."))
        except (codes.InvalidRegionCode, ValueError) as exc:
            message = str(exc) if not isinstance(exc, codes.InvalidRegionCode) else ""
            fail("village", message or _("This is not a village code."))
        category = self.categories.get(header_key(text("ppks")))
        if category is None:
            fail("ppks", _("Unknown PPKS group “%(value)s”.") % {"value": _shown(text("ppks"))})
        nik = ""
        if text("nik"):
            if looks_excel_mangled(cells["nik"]):
                fail("nik", _("Excel changed this NIK (e.g. 3.27E+15); format the column as Text."))
            else:
                result = check_nik(text("nik"), stated_sex=sex)
                for error in result.errors:
                    fail("nik", str(error))
                nik = result.nik if result.is_valid else ""
        kk = ""
        if text("kk"):
            if looks_excel_mangled(cells["kk"]):
                fail("kk", _("Excel changed this KK number; format the column as Text."))
            else:
                kk_result = check_kk(text("kk"))
                for error in kk_result.errors:
                    fail("kk", str(error))
                kk = kk_result.kk if kk_result.is_valid else ""
        relationship = ""
        if text("relationship"):
            relationship = RELATIONSHIP_WORDS.get(header_key(text("relationship")), "")
            if not relationship:
                fail("relationship", _("Unknown relationship."))
        values: dict[str, Any] = {}
        for key in ("birth_date", "since"):
            if text(key):
                try:
                    values[key] = parse_date(cells[key])
                except ValueError as exc:
                    fail(key, str(exc))
        today = timezone.localdate()
        for key in ("birth_date", "since"):
            if key in values and values[key] > today:
                fail(key, _("The date is in the future."))
        age: int | None = None
        if text("age") and "birth_date" not in values:
            try:
                age = int(text("age"))
                if not 0 <= age <= 130:
                    raise ValueError
            except ValueError:
                fail("age", _("The age is not a number of years."))
                age = None
        phone = ""
        if text("phone"):
            try:
                phone = normalize_phone(text("phone"))
            except InvalidPhone:
                fail("phone", _("This is not a phone number."))
        if nik and category is not None:
            first = self.nik_groups.get((nik, category.pk))
            if first is not None:
                fail(
                    "nik",
                    _("The same person and group are already in row %(row)d.") % {"row": first},
                )
            self.nik_groups[(nik, category.pk)] = number
        if problems or village is None or category is None:
            return None, problems
        person = PersonData(
            full_name=name,
            village=village,
            sex=sex,
            birth_date=values.get("birth_date"),
            age_years=age,
            birth_place=text("birth_place")[:100],
            nik=nik,
            address=text("address")[:1000],
            phone=phone,
        )
        return (
            ParsedRow(
                row=number,
                person=person,
                category=category,
                since=values.get("since", today),
                kk=kk,
                head_name=" ".join(text("head_name").split())[:150],
                relationship=relationship,
            ),
            problems,
        )


def _map_headers(header: list[Cell]) -> tuple[dict[str, int], list[str]]:
    lookup = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        key = header_key(cell.text)
        if not key:
            continue
        name = lookup.get(key)
        if name is None or name in mapping:
            unknown.append(cell.text.strip())
        else:
            mapping[name] = index
    return mapping, unknown


def check_file(
    *, acting_user: User, stream: IO[bytes], filename: str
) -> tuple[Report, list[ParsedRow]]:
    """Read and check every row; nothing is written."""
    report = Report(filename=filename)
    parsed: list[ParsedRow] = []
    try:
        rows = read_rows(stream, filename)
        header = next(rows, None)
        if header is None or not any(c.text.strip() for c in header):
            report.file_error = _("The file is empty.")
            return report, []
        mapping, unknown = _map_headers(header)
        missing = [LABELS[n] for n in REQUIRED if n not in mapping]
        if missing:
            report.file_error = _("Required columns are missing: %(cols)s.") % {
                "cols": ", ".join(missing)
            }
            return report, []
        for column in unknown:
            report.warnings.append(
                RowProblem(1, column, _("Column “%(col)s” is not used.") % {"col": column})
            )
        parser = _Parser(acting_user)
        for number, row in enumerate(rows, start=2):
            if not any(c.text.strip() for c in row):
                continue
            report.total_rows += 1
            if report.total_rows > MAX_ROWS:
                report.file_error = _("The file has more than %(n)d rows; split it.") % {
                    "n": MAX_ROWS
                }
                return report, []
            cells = {name: row[i] for name, i in mapping.items() if i < len(row)}
            result, problems = parser.parse(number, cells)
            report.problems.extend(problems)
            if result is not None:
                parsed.append(result)
    except UnreadableFile as exc:
        report.file_error = str(exc)
        return report, []
    if report.total_rows == 0:
        report.file_error = _("The file has a header but no rows.")
    _check_known_niks(acting_user, parsed, report)
    return report, parsed


def _check_known_niks(acting_user: User, parsed: list[ParsedRow], report: Report) -> None:
    """A NIK already registered outside the user's area cannot be imported by this user."""
    keys = {index_for(p.person.nik, kind="nik"): p for p in parsed if p.person.nik}
    if not keys:
        return
    for person in Person.objects.current().filter(nik_index__in=list(keys)):
        row = keys[person.nik_index or ""]
        if not acting_user.covers(person.village_id):
            report.problems.append(
                RowProblem(row.row, "nik", _("This person is registered outside your area."))
            )
        elif person.full_name.lower() != row.person.full_name.lower():
            report.warnings.append(
                RowProblem(
                    row.row,
                    "nama",
                    _("This NIK is registered as “%(name)s”; the record is kept.")
                    % {"name": person.full_name},
                )
            )
    report.problems.sort(key=lambda p: p.row)


def _save(acting_user: User, parsed: list[ParsedRow], report: Report) -> None:
    people: dict[str, Person] = {}
    households: dict[str, Household] = {}
    for row in parsed:
        person = people.get(row.person.nik) if row.person.nik else None
        if person is None and row.person.nik:
            person = Person.objects.current().with_nik(row.person.nik).first()
        if person is None:
            person = register_person(acting_user=acting_user, data=row.person)
            report.people_created += 1
        if row.person.nik:
            people[row.person.nik] = person
        before = PpksMembership.objects.filter(person=person).count()
        add_ppks_membership(
            acting_user=acting_user,
            person=person,
            category=row.category,
            since=row.since,
            source=PpksMembership.Source.IMPORT,
        )
        report.memberships_created += PpksMembership.objects.filter(person=person).count() - before
        if row.kk:
            household = (
                households.get(row.kk) or Household.objects.current().with_kk(row.kk).first()
            )
            if household is None:
                household = household_actions.register_household(
                    acting_user=acting_user,
                    data=household_actions.HouseholdData(
                        head_name=row.head_name or person.full_name,
                        village=row.person.village,
                        kk=row.kk,
                    ),
                )
            households[row.kk] = household
            if not household.members.filter(person=person, until__isnull=True).exists():
                household_actions.add_member(
                    acting_user=acting_user,
                    household=household,
                    person=person,
                    relationship=row.relationship or Relationship.OTHER,
                )


def import_ppks(
    *, acting_user: User, stream: IO[bytes], filename: str
) -> tuple[Report, PpksImport]:
    """Check the file; save every row (in one transaction) only when no row has an error."""
    require_import(acting_user)
    report, parsed = check_file(acting_user=acting_user, stream=stream, filename=filename)
    with transaction.atomic():
        if not report.file_error and not report.problems and parsed:
            try:
                with transaction.atomic():
                    _save(acting_user, parsed, report)
                    report.committed = True
            except (ActionError, DatabaseError) as exc:
                message = str(exc.message) if isinstance(exc, ActionError) else ""
                report.problems.append(
                    RowProblem(
                        0,
                        "",
                        (message + " " if message else "")
                        + _("Nothing from this file was saved; upload it again."),
                    )
                )
                report.people_created = report.memberships_created = 0
        run = PpksImport.objects.create(
            created_by=acting_user,
            filename=filename[:200],
            total_rows=report.total_rows,
            people_created=report.people_created,
            memberships_created=report.memberships_created,
            error_count=len(report.problems) + (1 if report.file_error else 0),
            committed=report.committed,
            file_error=report.file_error,
            problems=[p.as_dict() for p in report.problems[:5000]],
            warnings=[p.as_dict() for p in report.warnings[:5000]],
        )
        record_event(
            actor=acting_user,
            verb="ppks.import",
            target=run,
            region_code=acting_user.scope_code or "",
            data={
                "rows": report.total_rows,
                "people": report.people_created,
                "memberships": report.memberships_created,
                "errors": run.error_count,
                "saved": report.committed,
            },
        )
    return report, run


def template_csv() -> bytes:
    header = ",".join(LABELS[name] for name in ALIASES)
    return ("\ufeff" + header + "\r\n").encode("utf-8")
