"""NIK (Nomor Induk Kependudukan): normalise, validate and parse (domain.md §5.1).

`PP KK CC DD MM YY SSSS`: the district (kecamatan) where the NIK was first issued, the birth
date (day + 40 for women), and a serial from 0001. There is no checksum. Codes of districts
that no longer exist after a split are legitimate, so an unknown district is only a warning;
an unknown province or regency is an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sipsm.regions.reference import official_codes_above_village

_SEPARATORS = re.compile(r"[\s.\-_/]")
LENGTH = 16


@dataclass(frozen=True)
class Finding:
    code: str
    message: str | Promise

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class NikCheck:
    nik: str
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    province_code: str = ""
    regency_code: str = ""
    district_code: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    serial: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def error_codes(self) -> list[str]:
        return [f.code for f in self.errors]

    def warning_codes(self) -> list[str]:
        return [f.code for f in self.warnings]


class InvalidNik(ValueError):
    def __init__(self, check: NikCheck) -> None:
        super().__init__("; ".join(str(e) for e in check.errors))
        self.check = check


def normalize(raw: str) -> str:
    """Remove spaces, dots, dashes and slashes; keep everything else for the checks to judge."""
    return _SEPARATORS.sub("", raw or "")


def _birth_date(day: int, month: int, yy: int, today: dt.date) -> dt.date | None:
    """The most recent real date with these digits that is not in the future."""
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def check_nik(
    raw: str,
    *,
    stated_sex: str = "",
    stated_birth_date: dt.date | None = None,
    today: dt.date | None = None,
) -> NikCheck:
    """Validate a NIK, returning errors (reject) and warnings (accept, but show)."""
    nik = normalize(raw)
    errors: list[Finding] = []
    warnings: list[Finding] = []
    if nik and (not nik.isascii() or not nik.isdigit()):
        errors.append(Finding("not_digits", _("A NIK has only digits.")))
        return NikCheck(nik=nik, errors=errors)
    if len(nik) != LENGTH:
        errors.append(
            Finding(
                "length",
                _("A NIK has 16 digits; this one has %(n)d.") % {"n": len(nik)},
            )
        )
        return NikCheck(nik=nik, errors=errors)

    known = official_codes_above_village()
    province, regency, district = (
        nik[0:2],
        f"{nik[0:2]}.{nik[2:4]}",
        f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}",
    )
    if province not in known:
        errors.append(
            Finding("province", _("Province code %(code)s does not exist.") % {"code": province})
        )
    elif regency not in known:
        errors.append(
            Finding("regency", _("Regency/city code %(code)s does not exist.") % {"code": regency})
        )
    elif district not in known:
        warnings.append(
            Finding(
                "district",
                _(
                    "District code %(code)s is not in the current list "
                    "(it may be an older code from before a split)."
                )
                % {"code": district},
            )
        )

    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "F" if day > 40 else "M"
    real_day = day - 40 if day > 40 else day
    birth: dt.date | None = None
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        errors.append(Finding("date", _("Digits 7-12 are not a birth date (DDMMYY).")))
    else:
        birth = _birth_date(real_day, month, yy, today or timezone.localdate())
        if birth is None:
            errors.append(
                Finding(
                    "date",
                    _("%(d)02d-%(m)02d-%(y)02d is not a real date.")
                    % {"d": real_day, "m": month, "y": yy},
                )
            )
    serial = nik[12:16]
    if serial == "0000":
        errors.append(Finding("serial", _("The last four digits cannot be 0000.")))

    if stated_sex and stated_sex in {"M", "F"} and stated_sex != sex and birth is not None:
        warnings.append(
            Finding("sex_mismatch", _("The NIK encodes a different sex than the one entered."))
        )
    if stated_birth_date and birth is not None and stated_birth_date != birth:
        warnings.append(
            Finding(
                "birth_mismatch",
                _("The NIK encodes birth date %(date)s, not the one entered.")
                % {"date": birth.isoformat()},
            )
        )
    return NikCheck(
        nik=nik,
        errors=errors,
        warnings=warnings,
        province_code=province,
        regency_code=regency,
        district_code=district,
        birth_date=birth,
        sex=sex if birth is not None else "",
        serial=serial,
    )


def parse_nik(raw: str, **kwargs: object) -> NikCheck:
    """Like `check_nik`, but raise `InvalidNik` when there are errors."""
    result = check_nik(raw, **kwargs)  # type: ignore[arg-type]
    if result.errors:
        raise InvalidNik(result)
    return result


def mask(nik: str) -> str:
    """`3171011708450001` -> `3171 01** **** 0001`: region and serial only."""
    digits = normalize(nik)
    if len(digits) != LENGTH:
        return "****"
    return f"{digits[0:4]} {digits[4:6]}** **** {digits[12:16]}"


def make_nik(*, district_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Build a synthetic NIK (for demo data and tests; never a real person's number)."""
    district = district_code.replace(".", "")
    if len(district) != 6:
        raise ValueError("district_code must be a district (PP.KK.CC)")
    day = birth_date.day + (40 if sex == "F" else 0)
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    return f"{district}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
