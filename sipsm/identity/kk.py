"""Nomor KK (Kartu Keluarga): 16 digits = issuing district + registration date + serial.

Only the region part is verified in sources (domain.md §5.2); the date and serial parts come
from general knowledge, so problems there are warnings, not errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from sipsm.identity.nik import LENGTH, Finding, normalize
from sipsm.regions.reference import official_codes_above_village


@dataclass(frozen=True)
class KkCheck:
    kk: str
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    district_code: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors


def check_kk(raw: str) -> KkCheck:
    kk = normalize(raw)
    errors: list[Finding] = []
    warnings: list[Finding] = []
    if kk and (not kk.isascii() or not kk.isdigit()):
        return KkCheck(kk=kk, errors=[Finding("not_digits", _("A KK number has only digits."))])
    if len(kk) != LENGTH:
        return KkCheck(
            kk=kk,
            errors=[
                Finding(
                    "length", _("A KK number has 16 digits; this one has %(n)d.") % {"n": len(kk)}
                )
            ],
        )
    known = official_codes_above_village()
    province, regency, district = kk[0:2], f"{kk[0:2]}.{kk[2:4]}", f"{kk[0:2]}.{kk[2:4]}.{kk[4:6]}"
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
                _("District code %(code)s is not in the current list.") % {"code": district},
            )
        )
    try:
        dt.date(2000 + int(kk[10:12]), int(kk[8:10]), int(kk[6:8]))
    except ValueError:
        warnings.append(Finding("date", _("Digits 7-12 do not look like a date (DDMMYY).")))
    if kk[12:16] == "0000":
        warnings.append(Finding("serial", _("The last four digits are 0000.")))
    return KkCheck(kk=kk, errors=errors, warnings=warnings, district_code=district)


def mask(kk: str) -> str:
    digits = normalize(kk)
    if len(digits) != LENGTH:
        return "****"
    return f"{digits[0:4]} {digits[4:6]}** **** {digits[12:16]}"
