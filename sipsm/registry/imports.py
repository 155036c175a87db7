"""Importing members from CSV/XLSX with a report per row and field.

A file that cannot be read, or lacks required columns, is rejected whole. Otherwise every row
is checked; in `all_or_nothing` mode any error saves nothing, in `valid_rows` mode the valid
rows are saved together in one transaction. NIK values never appear in the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Capability
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.identity.fields import index_for
from sipsm.identity.nik import check_nik
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
    "home_village": "kode_desa",
}

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


def _map_headers(header: list[Cell]) -> tuple[dict[str, int], list[str]]:
    lookup = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        key = header_key(cell.text)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            unknown.append(cell.text.strip())
        elif name not in mapping:
            mapping[name] = index
    return mapping, unknown


class _RowParser:
    def __init__(self, acting_user: User) -> None:
        self.acting_user = acting_user
        self.skills = {s.code: s for s in Skill.objects.all()}
        self.skill_names = {header_key(s.name): s for s in self.skills.values()} | {
            header_key(s.name_en): s for s in self.skills.values()
        }
        self.villages: dict[str, Region | None] = {}
        self.seen_niks: dict[str, int] = {}

    def village(self, raw: str) -> Region:
        code = codes.normalize(raw)
        if code not in self.villages:
            self.villages[code] = Region.objects.filter(code=code, level=4).first()
        region = self.villages[code]
        if region is None:
            if codes.looks_like_bps_village(raw):
                raise ValueError(
                    _("“%(code)s” looks like a BPS code; use the Kemendagri village code.")
                    % {"code": raw}
                )
            raise ValueError(_("Village code %(code)s does not exist.") % {"code": raw})
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
            return cells[name].text.strip() if name in cells else ""

        full_name = text("full_name")
        if not full_name:
            fail("nama", _("The name is empty."))
        values["full_name"] = full_name[:150]

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
                    else _("“%(code)s” is not a village code.") % {"code": raw}
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
                fail("telepon", _("“%(value)s” is not a phone number.") % {"value": text("phone")})

        for name, column, words in (
            ("education", "pendidikan", EDUCATION_WORDS),
            ("sk_issuer", "penerbit_sk", ISSUER_WORDS),
        ):
            if text(name):
                mapped = words.get(header_key(text(name)))
                if mapped is None:
                    fail(column, _("Unknown value “%(value)s”.") % {"value": text(name)})
                values[name] = mapped or ""

        skills: list[Skill] = []
        for part in filter(None, (p.strip() for p in text("skills").replace(";", ",").split(","))):
            skill = self.skills.get(part.lower()) or self.skill_names.get(header_key(part))
            if skill is None:
                fail("keahlian", _("Unknown skill “%(value)s”.") % {"value": part})
            else:
                skills.append(skill)
        values["skills"] = skills

        for name in (
            "birth_place",
            "email",
            "address",
            "bimtek_dasar_organizer",
            "good_conduct_evidence",
            "sk_number",
        ):
            if text(name):
                values[name] = text(name)[:150] if name != "address" else text(name)

        status = Member.Status.CANDIDATE
        if text("status"):
            mapped_status = STATUS_WORDS.get(header_key(text("status")))
            if mapped_status is None:
                fail("status", _("Use calon, aktif or tidak aktif."))
            else:
                status = mapped_status
        kta_number = text("kta_number")
        if status != Member.Status.CANDIDATE and not self.acting_user.can(Capability.VERIFY_MEMBER):
            fail("status", _("Only a regency coordinator may import active members."))
        if kta_number and Member.objects.filter(kta_number__iexact=kta_number).exists():
            fail("no_kta", _("KTA number %(kta)s is already used.") % {"kta": kta_number})

        if problems:
            return None, problems, warnings
        return (
            ParsedRow(row=number, data=MemberData(**values), status=status, kta_number=kta_number),
            problems,
            warnings,
        )


def check_file(
    *, acting_user: User, stream: IO[bytes], filename: str, mode: str
) -> tuple[ImportReport, list[ParsedRow]]:
    """Read and check every row; nothing is written."""
    report = ImportReport(filename=filename, mode=mode)
    parsed: list[ParsedRow] = []
    try:
        rows = read_rows(stream, filename)
        header = next(rows, None)
        if header is None:
            report.file_error = _("The file is empty.")
            return report, []
        mapping, unknown = _map_headers(header)
        missing = [COLUMN_LABELS.get(n, n) for n in REQUIRED if n not in mapping]
        if missing:
            report.file_error = _("Required columns are missing: %(cols)s.") % {
                "cols": ", ".join(missing)
            }
            report.problems.append(RowProblem(1, ", ".join(missing), report.file_error))
            return report, []
        for column in unknown:
            report.warnings.append(
                RowProblem(1, column, _("Column “%(col)s” is not used.") % {"col": column})
            )
        parser = _RowParser(acting_user)
        for number, row in enumerate(rows, start=2):
            if not any(cell.text.strip() for cell in row):
                continue
            report.total_rows += 1
            if report.total_rows > MAX_ROWS:
                report.file_error = _("The file has more than %(n)d rows.") % {"n": MAX_ROWS}
                return report, []
            cells = {name: row[index] for name, index in mapping.items() if index < len(row)}
            result, problems, warnings = parser.parse(number, cells)
            report.problems.extend(problems)
            report.warnings.extend(warnings)
            if result is not None:
                parsed.append(result)
    except UnreadableFile as exc:
        report.file_error = str(exc)
        report.problems.append(RowProblem(0, "", str(exc)))
        return report, []
    _check_existing_niks(parsed, report)
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
    save = not report.file_error and parsed and (mode == MODE_VALID_ROWS or not report.problems)
    with transaction.atomic():
        if save:
            for row in parsed:
                _save_row(acting_user, row)
            report.created = len(parsed)
            report.committed = True
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


def _save_row(acting_user: User, row: ParsedRow) -> None:
    member = register_member(acting_user=acting_user, data=row.data)
    if row.status == Member.Status.CANDIDATE and not row.kta_number:
        return
    member.status = row.status
    member.stage = Member.Stage.VERIFIED if row.status != Member.Status.CANDIDATE else member.stage
    member.kta_number = row.kta_number or None
    member.kta_temporary = True
    member.verified_at = timezone.now() if row.status != Member.Status.CANDIDATE else None
    member.save(update_fields=["status", "stage", "kta_number", "kta_temporary", "verified_at"])
    record_event(
        actor=acting_user,
        verb="member.import_status",
        target=member,
        region_code=member.home_village_id,
        changes={"status": ["candidate", row.status], "kta_number": [None, row.kta_number]},
    )
