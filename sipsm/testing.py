"""Personas and a small world for tests (unit, permission and browser tests share them).

Regions come from the shipped list (Gorontalo, province 75). Every NIK is synthetic.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from sipsm.accounts.actions import create_account
from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.identity.nik import make_nik
from sipsm.regions.models import Region
from sipsm.registry.actions import members as member_actions
from sipsm.registry.actions.members import MemberData
from sipsm.registry.models import Member, Skill

TEST_PROVINCES = ["75", "11"]
PASSWORD = "correct-horse-battery-staple"  # noqa: S105  (test persona)
_serials = itertools.count(1)

PROVINCE = "75"
REGENCY = "75.01"
OTHER_REGENCY = "75.03"


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def first_villages(district_code: str, n: int) -> list[Region]:
    return list(Region.objects.filter(parent_id=district_code).order_by("code")[:n])


def synthetic_nik(village: Region, *, sex: str = "F", birth: dt.date | None = None) -> str:
    return make_nik(
        district_code=village.code[:8],
        birth_date=birth or dt.date(1985, 3, 14),
        sex=sex,
        # A worker process runs thousands of tests; serials wrap (each test's rows roll back,
        # and no single test makes 9,999 NIKs).
        serial=(next(_serials) - 1) % 9999 + 1,
    )


def member_data(village: Region, **overrides: object) -> MemberData:
    """A candidate who meets every Permensos 10/2019 requirement unless overridden."""
    values: dict[str, object] = {
        "full_name": "Siti Rahmawati Pakaya",
        "sex": "F",
        "home_village": village,
        "ktp_village": village,
        "nik": synthetic_nik(village),
        "birth_date": dt.date(1985, 3, 14),
        "phone": f"+6281299{next(_serials):05d}",
        "literate": True,
        "commitment_declared": True,
        "good_conduct_evidence": "Surat keterangan kepala desa",
        "bimtek_dasar_date": dt.date(2024, 5, 2),
        "skills": list(Skill.objects.filter(code__in=["first_aid", "logistics"])),
    }
    values.update(overrides)
    return MemberData(**values)  # type: ignore[arg-type]


def make_user(username: str, role: str, region_code: str | None, *, mfa: bool = True) -> User:
    user = create_account(
        acting_user=None,
        username=username,
        role=role,
        region=region(region_code) if region_code else None,
        password=PASSWORD,
        email=f"{username}@example.invalid",
    )
    if mfa and user.requires_mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def make_active_member(actor: User, village: Region, **overrides: object) -> Member:
    member = member_actions.register_member(
        acting_user=actor, data=member_data(village, **overrides)
    )
    member_actions.recommend_member(acting_user=actor, member=member)
    return member_actions.verify_member(acting_user=actor, member=member)


@dataclass
class World:
    national: User
    province: User
    regency: User
    other_regency: User
    district: User
    village: User
    other_village: User
    partner: User
    village_a: Region
    village_b: Region
    village_far: Region
    member_a: Member
    member_b: Member
    member_far: Member
    candidate_a: Member

    def personas(self) -> dict[str, User]:
        return {
            "national": self.national,
            "province": self.province,
            "regency": self.regency,
            "other_regency": self.other_regency,
            "district": self.district,
            "village": self.village,
            "other_village": self.other_village,
            "partner": self.partner,
        }


def build_world() -> World:
    district_code = (
        Region.objects.filter(parent_id=REGENCY).order_by("code").values_list("code", flat=True)[0]
    )
    village_a, village_b = first_villages(district_code, 2)
    far_district = Region.objects.filter(parent_id=OTHER_REGENCY).order_by("code").first()
    assert far_district is not None
    village_far = first_villages(far_district.code, 1)[0]

    national = make_user("nasional", Role.NATIONAL_ADMIN, None)
    province = make_user("provinsi", Role.PROVINCE_COORDINATOR, PROVINCE)
    regency = make_user("kabupaten", Role.REGENCY_COORDINATOR, REGENCY)
    other_regency = make_user("kabupaten.lain", Role.REGENCY_COORDINATOR, OTHER_REGENCY)
    district = make_user("tksk", Role.DISTRICT_COORDINATOR, district_code)
    village = make_user("psm.a", Role.VILLAGE_PSM, village_a.code)
    other_village = make_user("psm.b", Role.VILLAGE_PSM, village_b.code)
    partner = make_user("mitra", Role.GOVERNMENT_PARTNER, REGENCY)

    member_a = make_active_member(province, village_a, full_name="Nur Aisyah Hulopi")
    member_b = make_active_member(
        province,
        village_b,
        full_name="Rahmat Gobel",
        sex="M",
        nik=synthetic_nik(village_b, sex="M"),
    )
    member_far = make_active_member(
        province, village_far, full_name="Fitri Lamato", nik=synthetic_nik(village_far)
    )
    candidate_a = member_actions.register_member(
        acting_user=village, data=member_data(village_a, full_name="Hasna Katili")
    )
    return World(
        national=national,
        province=province,
        regency=regency,
        other_regency=other_regency,
        district=district,
        village=village,
        other_village=other_village,
        partner=partner,
        village_a=village_a,
        village_b=village_b,
        village_far=village_far,
        member_a=member_a,
        member_b=member_b,
        member_far=member_far,
        candidate_a=candidate_a,
    )
