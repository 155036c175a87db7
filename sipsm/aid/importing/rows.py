"""Checking one row of a KPM list: NIK and KK rules, the village (dotted or undotted code,
or split over province/regency/district/village columns; BPS codes flagged), the importer's
area, names, desil, dates, and numbers that Excel damaged (`3.27E+15`, long numbers stored as
numbers) — reported, never guessed. Nothing here touches the database except the village
look-up (cached)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.aid.importing.headers import COLUMN_NAMES
from sipsm.identity.kk import check_kk
from sipsm.identity.nik import check_nik
from sipsm.identity.nik import mask as mask_number
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.registry.tabular import SCIENTIFIC, Cell, parse_date

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIGIT_RUN = re.compile(r"\d[\d .\-]{10,}\d")
_SEPARATORS = re.compile(r"[\s.\-]")
_MEMBER_SPLIT = re.compile(r"[;|\n/]|,(?!\s*(?:S\.|A\.|M\.))")
LONG_NUMBER_FIELDS = ("nik", "kk", "kks", "account", "pkh_number", "dtks_id", "dtks_member_id")
MAX_LENGTHS = {
    "pengurus_name": 150,
    "head_name": 150,
    "birth_place": 100,
    "membership_status": 60,
    "pkh_status": 60,
    "dtks_id": 40,
    "dtks_member_id": 40,
    "pkh_number": 40,
    "mother": 150,
    "address": 500,
    "members": 2000,
    "kks": 30,
    "account": 30,
}


def shown(value: str) -> str:
    """A cell value for the report, with anything that could be a NIK or KK masked."""
    return _DIGIT_RUN.sub(lambda m: mask_number(m.group(0)), value.strip()[:60])


@dataclass(slots=True)
class Problem:
    row: int
    column: str
    message: str
    error: bool = True


@dataclass(slots=True)
class ParsedRow:
    row: int
    village: str
    nik: str
    nik_index: str
    kk: str
    kk_index: str
    pengurus_name: str
    sex: str
    birth_date: dt.date | None
    birth_place: str
    head_name: str
    members: list[str]
    kks: str
    kks_index: str | None
    account: str
    mother: str
    membership_status: str
    dtks_id: str
    dtks_member_id: str
    pkh_number: str
    pkh_status: str
    desil: int | None
    address: str
    fingerprint: str


def _clean(text: str) -> str:
    if not text:
        return ""
    if not text.isprintable():
        text = _CONTROL.sub("", text)
    if "  " in text or text != text.strip():
        return " ".join(text.split())
    return text


def _digits(text: str) -> str:
    return text if text.isdigit() else _SEPARATORS.sub("", text)


class Indexer:
    """`sipsm.identity.crypto.blind_index` with the keyed HMAC prepared once (same values)."""

    def __init__(self) -> None:
        self.base = hmac.new(
            settings.SIPSM_BLIND_INDEX_KEY.encode("utf-8"), digestmod=hashlib.sha256
        )

    def __call__(self, normalized: str, *, kind: str) -> str:
        mac = self.base.copy()
        mac.update(f"{kind}:{normalized}".encode())
        return mac.hexdigest()


class RowChecker:
    """Checks rows for one importer; keeps a small cache of village codes."""

    def __init__(self, user: User, mapping: dict[str, int]) -> None:
        self.user = user
        self.items = sorted(mapping.items(), key=lambda item: item[1])
        self.villages: dict[str, bool] = {}
        self.index = Indexer()
        self.today = timezone.localdate()

    def _village_exists(self, code: str) -> bool:
        known = self.villages.get(code)
        if known is None:
            known = Region.objects.filter(code=code, level=Region.Level.VILLAGE).exists()
            if len(self.villages) > 100_000:
                self.villages.clear()
            self.villages[code] = known
        return known

    def check(
        self, number: int, cells: list[str], numeric: frozenset[int]
    ) -> tuple[ParsedRow | None, list[Problem]]:
        problems: list[Problem] = []
        width = len(cells)
        values: dict[str, str] = {}
        for name, index in self.items:
            if index < width:
                text = cells[index]
                if text:
                    values[name] = text.strip()
                    if index in numeric and name in LONG_NUMBER_FIELDS:
                        values["#" + name] = "1"

        def fail(name: str, message: str) -> None:
            problems.append(Problem(number, COLUMN_NAMES[name], message))

        def long_number(name: str) -> str:
            raw = values.get(name, "")
            if not raw:
                return ""
            if SCIENTIFIC.match(raw) or values.get("#" + name):
                fail(
                    name,
                    _(
                        "Excel changed this number (e.g. 3.27E+15, or a number cell that "
                        "loses leading zeros); format the column as Text and type the "
                        "numbers again."
                    ),
                )
                return ""
            return _digits(raw)

        nik = kk = ""
        sex = ""
        raw_nik = long_number("nik")
        if raw_nik:
            nik_check = check_nik(raw_nik, today=self.today)
            for finding in nik_check.errors:
                fail("nik", str(finding))
            for finding in nik_check.warnings:
                problems.append(Problem(number, COLUMN_NAMES["nik"], str(finding), error=False))
            if nik_check.is_valid:
                nik, sex = nik_check.nik, nik_check.sex
        elif not values.get("nik"):
            fail("nik", _("The NIK is empty."))
        raw_kk = long_number("kk")
        if raw_kk:
            kk_check = check_kk(raw_kk)
            for finding in kk_check.errors:
                fail("kk", str(finding))
            if kk_check.is_valid:
                kk = kk_check.kk
        elif not values.get("kk"):
            fail("kk", _("The KK number is empty."))

        village = self._village(values, fail)
        pengurus_name = _clean(values.get("pengurus_name", ""))
        if not pengurus_name:
            fail("pengurus_name", _("The name is empty."))
        head_name = _clean(values.get("head_name", ""))
        for name, limit in MAX_LENGTHS.items():
            if len(values.get(name, "")) > limit:
                fail(name, _("The text is too long (at most %(n)d characters).") % {"n": limit})

        kks = long_number("kks")
        account = long_number("account")
        pkh_number = long_number("pkh_number")
        dtks_id = long_number("dtks_id")
        dtks_member_id = long_number("dtks_member_id")
        for name, value in (("kks", kks), ("account", account)):
            if value and not value.isdigit():
                fail(name, _("Use digits only."))

        desil: int | None = None
        if values.get("desil"):
            text = values["desil"]
            desil = int(text) if text.isdigit() else None
            if desil is None or not 1 <= desil <= 10:
                fail("desil", _("The desil is a number from 1 to 10."))
                desil = None
        birth: dt.date | None = None
        if values.get("birth_date"):
            text = values["birth_date"]
            try:
                birth = dt.date.fromisoformat(text) if len(text) == 10 else None
            except ValueError:
                birth = None
            if birth is None:
                try:
                    birth = parse_date(Cell(text))
                except ValueError as exc:
                    fail("birth_date", str(exc))
            if birth is not None and birth > self.today:
                fail("birth_date", _("The date is in the future."))
                birth = None

        if any(p.error for p in problems):
            return None, problems
        members_text = values.get("members", "")
        members = [m for m in (_clean(p) for p in _MEMBER_SPLIT.split(members_text)) if m]
        address = _clean(values.get("address", ""))
        mother = _clean(values.get("mother", ""))
        birth_place = _clean(values.get("birth_place", ""))
        membership_status = _clean(values.get("membership_status", ""))
        pkh_status = _clean(values.get("pkh_status", ""))
        signature = "\x1f".join(
            (
                village,
                nik,
                kk,
                pengurus_name,
                head_name,
                "\x1e".join(members),
                kks,
                account,
                mother,
                membership_status,
                dtks_id,
                dtks_member_id,
                pkh_number,
                pkh_status,
                str(desil or ""),
                address,
                birth_place,
                birth.isoformat() if birth else "",
            )
        )
        return (
            ParsedRow(
                row=number,
                village=village,
                nik=nik,
                nik_index=self.index(nik, kind="nik"),
                kk=kk,
                kk_index=self.index(kk, kind="kk"),
                pengurus_name=pengurus_name,
                sex=sex,
                birth_date=birth,
                birth_place=birth_place,
                head_name=head_name,
                members=members,
                kks=kks,
                kks_index=self.index(kks, kind="kks") if kks else None,
                account=account,
                mother=mother,
                membership_status=membership_status,
                dtks_id=dtks_id,
                dtks_member_id=dtks_member_id,
                pkh_number=pkh_number,
                pkh_status=pkh_status,
                desil=desil,
                address=address,
                fingerprint=self.index(signature, kind="kpm-row")[:32],
            ),
            problems,
        )

    def _village(self, values: dict[str, str], report: Callable[[str, str], None]) -> str:
        raw = values.get("village", "")
        if not raw:
            report("village", _("The village code is empty."))
            return ""
        digits = _SEPARATORS.sub("", raw)
        parts = [
            _SEPARATORS.sub("", values.get(n, "")) for n in ("province", "regency", "district")
        ]
        if digits.isdigit() and len(digits) == 4 and all(parts):
            raw = "".join(parts) + digits
        try:
            code = codes.normalize(raw)
        except codes.InvalidRegionCode:
            report("village", _("“%(code)s” is not a village code.") % {"code": raw[:20]})
            return ""
        if code.count(".") != 3:
            report("village", _("“%(code)s” is not a village code.") % {"code": raw[:20]})
            return ""
        undotted = code.replace(".", "")
        names = ("province", "regency", "district")
        for name, part, start in zip(names, parts, (0, 2, 4), strict=True):
            if part and len(digits) != 4 and undotted[start : start + len(part)] != part:
                report(
                    name,
                    _("The village code %(code)s does not lie in %(part)s.")
                    % {"code": code, "part": part},
                )
                return ""
        if not self._village_exists(code):
            if codes.looks_like_bps_village(code):
                report(
                    "village",
                    _("“%(code)s” looks like a BPS code; use the Kemendagri village code.")
                    % {"code": raw[:20]},
                )
            else:
                report("village", _("Village code %(code)s does not exist.") % {"code": code})
            return ""
        if not self.user.covers(code):
            report("village", _("The village is outside your area."))
            return ""
        return code
