"""Who can be a PSM: the seven requirements of Permensos No. 10 Tahun 2019 (domain.md §1.3).

Each criterion is reported as met or not, with the reason, so the candidate's page can show
a checklist. Legacy criteria (age limits above 59, minimum schooling) are deliberately absent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sipsm.identity.nik import check_nik
from sipsm.registry.models import Member

MINIMUM_AGE = 18


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str | Promise
    met: bool
    reason: str | Promise = ""


def check_eligibility(member: Member, *, today: dt.date | None = None) -> list[Criterion]:
    day = today or timezone.localdate()
    result: list[Criterion] = []

    # 1. Warga negara Indonesia: shown by a valid NIK.
    if not member.nik:
        result.append(
            Criterion("citizen", _("Indonesian citizen (valid NIK)"), False, _("No NIK entered."))
        )
    else:
        nik_check = check_nik(member.nik, today=day)
        reason = "; ".join(str(e) for e in nik_check.errors)
        result.append(
            Criterion("citizen", _("Indonesian citizen (valid NIK)"), nik_check.is_valid, reason)
        )

    # 2. Kemampuan, kepedulian dan komitmen sebagai relawan sosial.
    result.append(
        Criterion(
            "commitment",
            _("Ability, care and commitment as a social volunteer (declared)"),
            member.commitment_declared,
            "" if member.commitment_declared else _("The declaration has not been made."),
        )
    )

    # 3. KTP di wilayah desa/kelurahan sesuai domisili.
    if member.ktp_village_id is None:
        ktp = Criterion(
            "ktp_domicile",
            _("ID card (KTP) from the village of domicile"),
            False,
            _("The village on the KTP is not entered."),
        )
    elif member.ktp_village_id != member.home_village_id:
        ktp = Criterion(
            "ktp_domicile",
            _("ID card (KTP) from the village of domicile"),
            False,
            _("The KTP is from %(ktp)s, but the member lives in %(home)s.")
            % {"ktp": member.ktp_village_id, "home": member.home_village_id},
        )
    else:
        ktp = Criterion("ktp_domicile", _("ID card (KTP) from the village of domicile"), True)
    result.append(ktp)

    # 4. Usia paling rendah 18 tahun.
    age = member.age_on(day)
    if age is None:
        result.append(
            Criterion("age", _("At least 18 years old"), False, _("No date of birth entered."))
        )
    else:
        result.append(
            Criterion(
                "age",
                _("At least 18 years old"),
                age >= MINIMUM_AGE,
                "" if age >= MINIMUM_AGE else _("%(age)d years old.") % {"age": age},
            )
        )

    # 5. Mampu membaca dan menulis.
    result.append(
        Criterion(
            "literacy",
            _("Can read and write"),
            member.literate,
            "" if member.literate else _("Not recorded as able to read and write."),
        )
    )

    # 6. Berkelakuan baik.
    conduct = bool(member.good_conduct_evidence.strip())
    result.append(
        Criterion(
            "conduct",
            _("Good conduct"),
            conduct,
            "" if conduct else _("No evidence of good conduct recorded."),
        )
    )

    # 7. Telah mengikuti bimbingan teknis dasar di bidang kesejahteraan sosial.
    if member.bimtek_dasar_date is None:
        bimtek = Criterion(
            "bimtek",
            _("Completed basic technical training (Bimtek dasar)"),
            False,
            _("No Bimtek dasar recorded."),
        )
    elif member.bimtek_dasar_date > day:
        bimtek = Criterion(
            "bimtek",
            _("Completed basic technical training (Bimtek dasar)"),
            False,
            _("The Bimtek dasar date is in the future."),
        )
    else:
        bimtek = Criterion("bimtek", _("Completed basic technical training (Bimtek dasar)"), True)
    result.append(bimtek)
    return result


def is_eligible(member: Member, *, today: dt.date | None = None) -> bool:
    return all(c.met for c in check_eligibility(member, today=today))


def unmet_reasons(member: Member, *, today: dt.date | None = None) -> list[str]:
    return [f"{c.label}: {c.reason}" for c in check_eligibility(member, today=today) if not c.met]
