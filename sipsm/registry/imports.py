"""Importing members from CSV/XLSX with a report per row and field.

A file that cannot be read, or lacks required columns, is rejected whole. Otherwise every row
is checked; in `all_or_nothing` mode any error saves nothing, in `valid_rows` mode the valid
rows are saved together in one transaction. NIK values never appear in the report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Capability
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.identity.fields import index_for
from sipsm.identity.nik import check_nik
from sipsm.identity.nik import mask as mask_nik
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.registry.actions.members import MemberData, register_member
from sipsm.registry.models import Member, MemberImport, Skill
from sipsm.registry.tabular import (
    Cell,
    UnreadableFile,
    header_key,
    looks_excel_mangled,
    parse_bool,
    parse_date,
    read_rows,
)

MODE_ALL_OR_NOTHING = "all_or_nothing"
MODE_VALID_ROWS = "valid_rows"
MAX_ROWS = 20_000

# Column name variants seen in the field, keyed by our field name.
ALIASES: dict[str, set[str]] = {
    "nik": {"nik", "no_nik", "nomor_nik", "nik_ktp", "no_ktp", "nomor_induk_kependudukan"},
    "full_name": {"nama", "nama_lengkap", "nama_psm", "name", "full_name"},
    "sex": {"jenis_kelamin", "jk", "l_p", "kelamin", "sex", "gender"},
    "birth_place": {"tempat_lahir", "tmp_lahir", "birth_place"},
    "birth_date": {"tanggal_lahir", "tgl_lahir", "birth_date", "tgl_lhr"},
    "phone": {"telepon", "no_hp", "hp", "nomor_hp", "no_telp", "telp", "no_wa", "phone"},
    "email": {"email", "e_mail", "surel"},
    "home_village": {
        "kode_desa",
        "kode_kelurahan",
        "kode_desa_kelurahan",
        "kode_wilayah",
        "desa_kode",
        "village_code",
        "kode_desa_domisili",
    },
    "ktp_village": {"kode_desa_ktp", "desa_ktp", "ktp_village_code"},
    "address": {"alamat", "alamat_lengkap", "address"},
    "education": {"pendidikan", "pendidikan_terakhir", "education"},
    "literate": {"bisa_baca_tulis", "baca_tulis", "melek_huruf", "literate"},
    "skills": {"keahlian", "keterampilan", "skills", "kompetensi"},
    "bimtek_dasar_date": {"tanggal_bimtek", "tgl_bimtek", "bimtek_dasar", "tanggal_bimtek_dasar"},
    "bimtek_dasar_organizer": {"penyelenggara_bimtek", "bimtek_penyelenggara"},
    "commitment_declared": {"pernyataan_komitmen", "komitmen", "commitment"},
    "good_conduct_evidence": {"bukti_kelakuan_baik", "skck", "kelakuan_baik"},
    "sk_number": {"no_sk", "nomor_sk", "sk_nomor", "sk_number"},
    "sk_issuer": {"penerbit_sk", "sk_penerbit", "sk_issuer"},
    "sk_date": {"tanggal_sk", "tgl_sk", "sk_date"},
    "status": {"status", "status_keanggotaan"},
    "kta_number": {"no_kta", "nomor_kta", "kta", "kta_number"},
}
REQUIRED = ("full_name", "sex", "home_village")
COLUMN_LABELS = {
    "nik": "NIK",
    "full_name": "nama",
    "sex": "jenis_kelamin",
    "birth_place": "tempat_lahir",
    "birth_date": "tanggal_lahir",
    "phone": "telepon",
    "email": "email",
    "home_village": "kode_desa",
    "ktp_village": "kode_desa_ktp",
    "address": "alamat",
    "education": "pendidikan",
    "literate": "bisa_baca_tulis",
    "skills": "keahlian",
    "bimtek_dasar_date": "tanggal_bimtek",
    "bimtek_dasar_organizer": "penyelenggara_bimtek",
    "commitment_declared": "pernyataan_komitmen",
    "good_conduct_evidence": "bukti_kelakuan_baik",
    "sk_number": "no_sk",
    "sk_issuer": "penerbit_sk",
    "sk_date": "tanggal_sk",
    "status": "status",
    "kta_number": "no_kta",
}
# Free-text columns copied as they are, up to the length the register allows.
TEXT_FIELDS = (
    "birth_place",
    "address",
    "bimtek_dasar_organizer",
    "good_conduct_evidence",
    "sk_number",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIGIT_RUN = re.compile(r"\d[\d .\-]{14,}\d")


def _shown(value: str) -> str:
    """A cell value for the report, with anything that could be a NIK masked."""
    value = value.strip()[:60]
    return _DIGIT_RUN.sub(lambda m: mask_nik(m.group(0)), value)


def _max_length(name: str) -> int:
    model_field = Member._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    # Text fields have no limit in the database; an address longer than this is a broken cell.
    return int(model_field.max_length or 1000)


SEX_WORDS = {
    "l": "M",
    "lk": "M",
    "laki": "M",
    "laki_laki": "M",
    "pria": "M",
    "m": "M",
    "male": "M",
    "p": "F",
    "pr": "F",
    "perempuan": "F",
    "wanita": "F",
    "f": "F",
    "female": "F",
}
EDUCATION_WORDS = {
    "tidak_sekolah": "none",
    "none": "none",
    "sd": "sd",
    "smp": "smp",
    "sltp": "smp",
    "sma": "sma",
    "smk": "sma",
    "slta": "sma",
    "d1": "diploma",
    "d2": "diploma",
    "d3": "diploma",
    "diploma": "diploma",
    "d4": "s1",
    "s1": "s1",
    "s2": "s2",
    "s3": "s3",
}
ISSUER_WORDS = {
    "desa": "desa_kelurahan",
    "kelurahan": "desa_kelurahan",
    "desa_kelurahan": "desa_kelurahan",
    "kepala_desa": "desa_kelurahan",
    "lurah": "desa_kelurahan",
    "dinsos": "dinas_sosial",
    "dinas_sosial": "dinas_sosial",
    "lainnya": "other",
    "other": "other",
}
STATUS_WORDS = {
    "calon": "candidate",
    "candidate": "candidate",
    "aktif": "active",
    "active": "active",
    "tidak_aktif": "inactive",
    "nonaktif": "inactive",
    "inactive": "inactive",
}


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    filename: str
    mode: str
    total_rows: int = 0
    created: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    file_error: str = ""
    committed: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems})


@dataclass
class ParsedRow:
    row: int
    data: MemberData
    status: str = Member.Status.CANDIDATE
    kta_number: str = ""


def _map_headers(header: list[Cell]) -> tuple[dict[str, int], list[str], list[str]]:
    """Our field per column index, the columns we do not use, and repeated columns."""
    lookup = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, cell in enumerate(header):
        key = header_key(cell.text)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            unknown.append(cell.text.strip())
        elif name in mapping:
            repeated.append(cell.text.strip())
        else:
            mapping[name] = index
    return mapping, unknown, repeated


class _RowParser:
    def __init__(self, acting_user: User) -> None:
        self.acting_user = acting_user
        self.skills = {s.code: s for s in Skill.objects.all()}
        self.skill_names = {header_key(s.name): s for s in self.skills.values()} | {
            header_key(s.name_en): s for s in self.skills.values()
        }
        self.villages: dict[str, Region | None] = {}
        self.seen_niks: dict[str, int] = {}
        self.seen_ktas: dict[str, int] = {}

    def _check_kta(
        self,
        number: int,
        kta_number: str,
        status: str,
        fail: Callable[[str, str], None],
        too_long: Callable[[str, str], bool],
    ) -> None:
        """A KTA number is imported only for a member who already holds the card."""
        if too_long("kta_number", kta_number):
            return
        if status == Member.Status.CANDIDATE:
            fail("no_kta", _("A candidate has no KTA yet; set the status to aktif or remove it."))
            return
        key = kta_number.upper()
        first = self.seen_ktas.get(key)
        if first is not None:
            fail("no_kta", _("The same KTA number is already in row %(row)d.") % {"row": first})
            return
        self.seen_ktas[key] = number
        if Member.objects.filter(kta_number__iexact=kta_number).exists():
            fail(
                "no_kta",
                _("KTA number %(kta)s is already used.") % {"kta": _shown(kta_number)},
            )

    def village(self, raw: str) -> Region:
        code = codes.normalize(raw)
        if code not in self.villages:
            self.villages[code] = Region.objects.filter(code=code, level=4).first()
        region = self.villages[code]
        if region is None:
            if codes.looks_like_bps_village(raw):
                raise ValueError(
                    _("“%(code)s” looks like a BPS code; use the Kemendagri village code.")
                    % {"code": _shown(raw)}
                )
            raise ValueError(_("Village code %(code)s does not exist.") % {"code": _shown(raw)})
        return region

    def parse(
        self, number: int, cells: dict[str, Cell]
    ) -> tuple[ParsedRow | None, list[RowProblem], list[RowProblem]]:
        problems: list[RowProblem] = []
        warnings: list[RowProblem] = []
        values: dict[str, Any] = {}

        def fail(column: str, message: str) -> None:
            problems.append(RowProblem(number, column, message))

        def text(name: str) -> str:
            return _CONTROL.sub("", cells[name].text).strip() if name in cells else ""

        def too_long(name: str, value: str) -> bool:
            limit = _max_length(name)
            if len(value) <= limit:
                return False
            fail(
                COLUMN_LABELS[name],
                _("The text is too long (at most %(n)d characters).") % {"n": limit},
            )
            return True

        full_name = " ".join(text("full_name").split())
        if not full_name:
            fail("nama", _("The name is empty."))
        too_long("full_name", full_name)
        values["full_name"] = full_name

        sex = SEX_WORDS.get(header_key(text("sex")))
        if sex is None:
            fail("jenis_kelamin", _("Use L (laki-laki) or P (perempuan)."))
        values["sex"] = sex or ""

        if "nik" in cells and text("nik"):
            cell = cells["nik"]
            if looks_excel_mangled(cell):
                fail(
                    "NIK",
                    _(
                        "The NIK was stored as a number, so Excel changed it (e.g. 3.27E+15). "
                        "Format the NIK column as Text and type the numbers again."
                    ),
                )
            else:
                result = check_nik(
                    cell.text,
                    stated_sex=sex or "",
                )
                for error in result.errors:
                    fail("NIK", str(error))
                for warning in result.warnings:
                    warnings.append(RowProblem(number, "NIK", str(warning)))
                if result.is_valid:
                    first = self.seen_niks.get(result.nik)
                    if first is not None:
                        fail("NIK", _("The same NIK is already in row %(row)d.") % {"row": first})
                    else:
                        self.seen_niks[result.nik] = number
                    values["nik"] = result.nik

        for name, column in (("home_village", "kode_desa"), ("ktp_village", "kode_desa_ktp")):
            raw = text(name)
            if not raw:
                if name == "home_village":
                    fail(column, _("The village code is empty."))
                continue
            try:
                region = self.village(raw)
            except (codes.InvalidRegionCode, ValueError) as exc:
                message = (
                    str(exc)
                    if isinstance(exc, ValueError) and not isinstance(exc, codes.InvalidRegionCode)
                    else _("“%(code)s” is not a village code.") % {"code": _shown(raw)}
                )
                fail(column, message)
                continue
            if name == "home_village" and not self.acting_user.covers(region.code):
                fail(column, _("The village is outside your area."))
            values[name] = region

        for name, column in (
            ("birth_date", "tanggal_lahir"),
            ("bimtek_dasar_date", "tanggal_bimtek"),
            ("sk_date", "tanggal_sk"),
        ):
            if name in cells and text(name):
                try:
                    values[name] = parse_date(cells[name])
                except ValueError as exc:
                    fail(column, str(exc))
        birth = values.get("birth_date")
        if isinstance(birth, dt.date) and birth > timezone.localdate():
            fail("tanggal_lahir", _("The date of birth is in the future."))

        for name, column in (
            ("literate", "bisa_baca_tulis"),
            ("commitment_declared", "pernyataan_komitmen"),
        ):
            if name in cells:
                try:
                    values[name] = parse_bool(cells[name])
                except ValueError as exc:
                    fail(column, str(exc))

        if text("phone"):
            try:
                values["phone"] = normalize_phone(text("phone"))
            except InvalidPhone:
                fail(
                    "telepon",
                    _("“%(value)s” is not a phone number.") % {"value": _shown(text("phone"))},
                )

        for name, column, words in (
            ("education", "pendidikan", EDUCATION_WORDS),
            ("sk_issuer", "penerbit_sk", ISSUER_WORDS),
        ):
            if text(name):
                mapped = words.get(header_key(text(name)))
                if mapped is None:
                    fail(column, _("Unknown value “%(value)s”.") % {"value": _shown(text(name))})
                values[name] = mapped or ""

        skills: list[Skill] = []
        for part in filter(None, (p.strip() for p in text("skills").replace(";", ",").split(","))):
            skill = self.skills.get(part.lower()) or self.skill_names.get(header_key(part))
            if skill is None:
                fail("keahlian", _("Unknown skill “%(value)s”.") % {"value": _shown(part)})
            else:
                skills.append(skill)
        values["skills"] = skills

        for name in TEXT_FIELDS:
            value = text(name)
            if value and not too_long(name, value):
                values[name] = value

        email = text("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail("email", _("“%(value)s” is not an e-mail address.") % {"value": _shown(email)})
            else:
                values["email"] = email

        status: str = Member.Status.CANDIDATE
        if text("status"):
            mapped_status = STATUS_WORDS.get(header_key(text("status")))
            if mapped_status is None:
                fail("status", _("Use calon, aktif or tidak aktif."))
            else:
                status = mapped_status
        if status != Member.Status.CANDIDATE and not self.acting_user.can(Capability.VERIFY_MEMBER):
            fail("status", _("Only a regency coordinator may import active members."))
        kta_number = text("kta_number")
        if kta_number:
            self._check_kta(number, kta_number, status, fail, too_long)

        if problems:
            return None, problems, warnings
        return (
            ParsedRow(row=number, data=MemberData(**values), status=status, kta_number=kta_number),
            problems,
            warnings,
        )


def _reject_file(report: ImportReport, message: str, *, row: int, column: str = "") -> None:
    report.file_error = message
    report.problems.append(RowProblem(row, column, message))


def check_file(
    *, acting_user: User, stream: IO[bytes], filename: str, mode: str
) -> tuple[ImportReport, list[ParsedRow]]:
    """Read and check every row; nothing is written.

    File-level problems carry row 1 when the header is at fault and row 0 when the file
    cannot be read at all.
    """
    report = ImportReport(filename=filename, mode=mode)
    parsed: list[ParsedRow] = []
    try:
        rows = read_rows(stream, filename)
        header = next(rows, None)
        if header is None or not any(cell.text.strip() for cell in header):
            _reject_file(report, _("The file is empty."), row=1)
            return report, []
        mapping, unknown, repeated = _map_headers(header)
        missing = [COLUMN_LABELS.get(n, n) for n in REQUIRED if n not in mapping]
        if missing:
            _reject_file(
                report,
                _("Required columns are missing: %(cols)s.") % {"cols": ", ".join(missing)},
                row=1,
                column=", ".join(missing),
            )
            return report, []
        for column in unknown:
            report.warnings.append(
                RowProblem(1, column, _("Column “%(col)s” is not used.") % {"col": column})
            )
        for column in repeated:
            report.warnings.append(
                RowProblem(
                    1,
                    column,
                    _("Column “%(col)s” repeats an earlier column and is not used.")
                    % {"col": column},
                )
            )
        parser = _RowParser(acting_user)
        for number, row in enumerate(rows, start=2):
            if not any(cell.text.strip() for cell in row):
                continue
            report.total_rows += 1
            if report.total_rows > MAX_ROWS:
                _reject_file(
                    report,
                    _("The file has more than %(n)d rows; split it.") % {"n": MAX_ROWS},
                    row=number,
                )
                return report, []
            cells = {name: row[index] for name, index in mapping.items() if index < len(row)}
            result, problems, warnings = parser.parse(number, cells)
            report.problems.extend(problems)
            report.warnings.extend(warnings)
            if result is not None:
                parsed.append(result)
    except UnreadableFile as exc:
        report.problems.clear()
        _reject_file(report, str(exc), row=0)
        return report, []
    if report.total_rows == 0:
        _reject_file(report, _("The file has a header but no rows."), row=2)
        return report, []
    _check_existing_niks(parsed, report)
    # The report reads like the file: by row, then left to right.
    position = {COLUMN_LABELS[name]: index for name, index in mapping.items()}
    report.problems.sort(key=lambda p: (p.row, position.get(p.column, len(position))))
    return report, parsed


def _check_existing_niks(parsed: list[ParsedRow], report: ImportReport) -> None:
    by_index = {index_for(p.data.nik, kind="nik"): p for p in parsed if p.data.nik}
    if not by_index:
        return
    taken: set[str] = set()
    keys = list(by_index)
    for start in range(0, len(keys), 500):
        taken.update(
            Member.objects.filter(nik_index__in=keys[start : start + 500]).values_list(
                "nik_index", flat=True
            )
        )
    for key in taken:
        row = by_index[key]
        report.problems.append(
            RowProblem(row.row, "NIK", _("A member with this NIK is already registered."))
        )
    parsed[:] = [p for p in parsed if index_for(p.data.nik, kind="nik") not in taken]


def import_members(
    *, acting_user: User, stream: IO[bytes], filename: str, mode: str = MODE_ALL_OR_NOTHING
) -> tuple[ImportReport, MemberImport]:
    """Check the file, then (if the mode allows) save the rows together. Always audited."""
    if not acting_user.can(Capability.IMPORT_MEMBERS):
        raise PermissionRefused()
    if mode not in {MODE_ALL_OR_NOTHING, MODE_VALID_ROWS}:
        raise ValueError(mode)
    report, parsed = check_file(
        acting_user=acting_user, stream=stream, filename=filename, mode=mode
    )
    save = bool(
        not report.file_error and parsed and (mode == MODE_VALID_ROWS or not report.problems)
    )
    with transaction.atomic():
        if save:
            _save_all(acting_user, parsed, report)
        run = MemberImport.objects.create(
            created_by=acting_user,
            filename=filename[:200],
            mode=mode,
            total_rows=report.total_rows,
            created_count=report.created,
            error_count=len(report.problems),
            committed=report.committed,
            file_error=report.file_error,
            problems=[p.as_dict() for p in report.problems[:5000]],
            warnings=[p.as_dict() for p in report.warnings[:5000]],
        )
        record_event(
            actor=acting_user,
            verb="member.import",
            target=run,
            region_code=acting_user.scope_code or "",
            data={
                "rows": report.total_rows,
                "created": report.created,
                "errors": len(report.problems),
                "mode": mode,
            },
        )
    return report, run


def _save_all(acting_user: User, parsed: list[ParsedRow], report: ImportReport) -> None:
    """Save the checked rows in one savepoint: all of them, or, if any save fails, none.

    The checks ran before the first save, so a failure here means the register changed in
    the meantime (someone saved the same NIK or KTA number) or a rule the checks do not
    know refused the row. The row is reported and the whole batch is rolled back.
    """
    current: ParsedRow | None = None
    try:
        with transaction.atomic():
            for current in parsed:
                _save_row(acting_user, current)
    except (ActionError, DatabaseError) as exc:
        assert current is not None
        if isinstance(exc, ActionError):
            column = COLUMN_LABELS.get(exc.field, exc.field)
            reason = str(exc.message)
        else:
            column = ""
            reason = _("The row conflicts with a record saved in the register meanwhile.")
        report.problems.append(
            RowProblem(
                current.row,
                column,
                _("%(reason)s Nothing from this file was saved; upload it again.")
                % {"reason": reason},
            )
        )
        report.problems.sort(key=lambda p: p.row)
        report.created = 0
        report.committed = False
        return
    report.created = len(parsed)
    report.committed = True


def _save_row(acting_user: User, row: ParsedRow) -> None:
    member = register_member(acting_user=acting_user, data=row.data)
    if row.status == Member.Status.CANDIDATE:
        return
    now = timezone.now()
    member.status = row.status
    member.stage = Member.Stage.VERIFIED
    member.verified_at = now
    member.kta_number = row.kta_number or None
    member.kta_temporary = True
    member.kta_issued_at = now if row.kta_number else None
    member.save(
        update_fields=[
            "status",
            "stage",
            "verified_at",
            "kta_number",
            "kta_temporary",
            "kta_issued_at",
        ]
    )
    record_event(
        actor=acting_user,
        verb="member.import_status",
        target=member,
        region_code=member.home_village_id,
        changes={
            "status": [Member.Status.CANDIDATE.value, row.status],
            "stage": [Member.Stage.APPLIED.value, Member.Stage.VERIFIED.value],
            "kta_number": [None, row.kta_number or None],
        },
    )
