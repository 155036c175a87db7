"""Demo data for `make run`: one province (Gorontalo) with units, boards, ~200 synthetic
members and one account per role. Every NIK and phone number here is generated."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sipsm.accounts.actions import create_account
from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.core import demo_programs
from sipsm.identity.nik import make_nik
from sipsm.regions.loading import load_regions
from sipsm.regions.models import Region
from sipsm.registry.actions import members as member_actions
from sipsm.registry.actions import units as unit_actions
from sipsm.registry.actions.members import MemberData
from sipsm.registry.models import Member, Position, Skill, Unit

PROVINCE = "75"
REGENCIES = ["75.01", "75.03", "75.71"]
DISTRICTS_PER_REGENCY = 2
VILLAGES_PER_DISTRICT = 3
MEMBER_COUNT = 200
DEMO_PASSWORD = "demo-gorontalo-2026"  # noqa: S105  (printed demo login)

FIRST_M = [
    "Abdul",
    "Rahmat",
    "Yusuf",
    "Arman",
    "Fadli",
    "Hendra",
    "Iwan",
    "Jefri",
    "Moh.",
    "Ridwan",
    "Syamsul",
    "Taufik",
    "Wahyu",
    "Zulkifli",
    "Irfan",
    "Budi",
    "Agus",
    "Samsudin",
    "Rizal",
    "Sofyan",
]
FIRST_F = [
    "Siti",
    "Nur",
    "Rahmi",
    "Fitri",
    "Hasna",
    "Indah",
    "Lestari",
    "Maryam",
    "Nurul",
    "Rina",
    "Sri",
    "Yanti",
    "Zahra",
    "Aisyah",
    "Dewi",
    "Ratna",
    "Wulan",
    "Hartini",
    "Sumiati",
    "Fatma",
]
LAST = [
    "Hasan",
    "Mohamad",
    "Pakaya",
    "Lamato",
    "Gobel",
    "Polapa",
    "Dunggio",
    "Katili",
    "Hulopi",
    "Ismail",
    "Usman",
    "Tangahu",
    "Bakari",
    "Mootalu",
    "Daud",
    "Amu",
    "Hunowu",
    "Kadir",
    "Salim",
    "Ali",
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region_code: str | None
    description: str


ACCOUNTS = [
    DemoAccount("admin", Role.NATIONAL_ADMIN, None, "Pengurus Nasional (admin)"),
    DemoAccount(
        "prov.gorontalo", Role.PROVINCE_COORDINATOR, "75", "Koordinator Provinsi Gorontalo"
    ),
    DemoAccount("kab.gorontalo", Role.REGENCY_COORDINATOR, "75.01", "Koordinator Kab. Gorontalo"),
    DemoAccount("tksk", Role.DISTRICT_COORDINATOR, None, "TKSK (kecamatan)"),
    DemoAccount("psm", Role.VILLAGE_PSM, None, "PSM desa"),
    DemoAccount(
        "mitra.dinsos", Role.GOVERNMENT_PARTNER, "75.01", "Dinas Sosial Kab. Gorontalo (mitra)"
    ),
]


def demo_villages() -> list[Region]:
    villages: list[Region] = []
    for regency in REGENCIES:
        districts = Region.objects.filter(parent_id=regency).order_by("code")[
            :DISTRICTS_PER_REGENCY
        ]
        for district in districts:
            villages.extend(
                Region.objects.filter(parent=district, lat__isnull=False).order_by("code")[
                    :VILLAGES_PER_DISTRICT
                ]
            )
    return villages


def is_seeded() -> bool:
    return User.objects.filter(username="admin", mfa_exempt=True).exists()


@transaction.atomic
def seed() -> list[tuple[DemoAccount, str]]:
    """Create the demo set once; a second call changes nothing."""
    if not Region.objects.filter(code=PROVINCE).exists():
        load_regions(provinces=[PROVINCE])
    if is_seeded():
        return _account_lines()
    rng = random.Random(2026)  # noqa: S311  (demo data, not security)
    villages = demo_villages()
    first_district = villages[0].parent
    assert first_district is not None

    accounts: dict[str, User] = {}
    for spec in ACCOUNTS:
        code = spec.region_code
        if spec.role == Role.DISTRICT_COORDINATOR:
            code = first_district.code
        if spec.role == Role.VILLAGE_PSM:
            code = villages[0].code
        region = Region.objects.get(code=code) if code else None
        accounts[spec.username] = create_account(
            acting_user=None,
            username=spec.username,
            role=spec.role,
            region=region,
            email=f"{spec.username}@demo.sipsm.invalid",
            first_name=spec.description,
            password=DEMO_PASSWORD,
            mfa_exempt=True,
        )
    admin = accounts["admin"]
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])

    for village in villages:
        unit_actions.ensure_unit(acting_user=None, region=village)

    skills = list(Skill.objects.all())
    members: list[Member] = []
    today = timezone.localdate()
    for index in range(MEMBER_COUNT):
        village = villages[index % len(villages)]
        district = village.parent
        assert district is not None
        sex = "F" if rng.random() < 0.55 else "M"
        first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
        name = f"{first} {rng.choice(LAST)}"
        birth = dt.date(rng.randint(1962, 2003), rng.randint(1, 12), rng.randint(1, 28))
        lat = (village.lat or 0.0) + rng.uniform(-0.01, 0.01)
        lon = (village.lon or 0.0) + rng.uniform(-0.01, 0.01)
        data = MemberData(
            full_name=name,
            sex=sex,
            home_village=village,
            ktp_village=village,
            nik=make_nik(district_code=district.code, birth_date=birth, sex=sex, serial=index + 1),
            birth_place="Gorontalo",
            birth_date=birth,
            phone=f"+62812000{index:05d}",
            education=rng.choice(["sd", "smp", "sma", "sma", "diploma", "s1"]),
            literate=True,
            skills=rng.sample(skills, k=rng.randint(1, 3)),
            home_lat=round(lat, 6),
            home_lon=round(lon, 6),
            bimtek_dasar_date=today - dt.timedelta(days=rng.randint(30, 3000)),
            bimtek_dasar_organizer="Dinas Sosial Provinsi Gorontalo",
            commitment_declared=True,
            good_conduct_evidence="Surat keterangan kepala desa",
            sk_number=f"{index + 1:03d}/SK-PSM/{today.year}",
            sk_issuer="desa_kelurahan",
            sk_date=today - dt.timedelta(days=rng.randint(10, 1000)),
        )
        coordinator = accounts["prov.gorontalo"]
        member = member_actions.register_member(acting_user=coordinator, data=data)
        members.append(member)
        fate = index % 20
        if fate == 19:
            continue  # a fresh application
        member_actions.recommend_member(acting_user=coordinator, member=member)
        if fate == 18:
            continue  # recommended, waiting for the regency
        member_actions.verify_member(acting_user=coordinator, member=member)
        if fate in (3, 11):
            member_actions.change_member_status(
                acting_user=coordinator, member=member, status="inactive", reason="Pindah domisili"
            )
        elif fate < 3:
            member_actions.issue_permanent_kta(acting_user=admin, member=member)
        if fate == 7:
            member_actions.set_member_availability(
                acting_user=coordinator, member=member, availability="unavailable"
            )

    psm_member = members[0]
    psm_member.user = accounts["psm"]
    psm_member.save(update_fields=["user"])

    _seed_boards(members)
    _seed_incidents(accounts, villages)
    _seed_coordination(accounts)
    demo_programs.seed_aid(accounts, villages)
    psm_member.refresh_from_db()
    demo_programs.seed_activities(accounts, psm_member)
    return _account_lines()


def _seed_coordination(accounts: dict[str, User]) -> None:
    """An announcement, a regulation and a good practice, and an upcoming Bimtek session."""
    from sipsm.coordination.actions.announcements import AnnouncementData, publish_announcement
    from sipsm.coordination.actions.knowledge import ArticleData, create_article
    from sipsm.coordination.models import Article
    from sipsm.training.actions.catalogue import SessionData, schedule_session
    from sipsm.training.models import Course

    province = accounts["prov.gorontalo"]
    publish_announcement(
        acting_user=province,
        data=AnnouncementData(
            title="Siaga musim hujan",
            body=(
                "BMKG memperkirakan hujan lebat sepekan ke depan. Periksa ketersediaan Anda "
                "di sipsm dan pastikan nomor telepon Anda benar."
            ),
            priority="important",
            region=Region.objects.get(code=PROVINCE),
        ),
    )
    create_article(
        acting_user=accounts["admin"],
        data=ArticleData(
            kind=Article.Kind.REGULATION,
            title="Permensos No. 10 Tahun 2019 tentang Pekerja Sosial Masyarakat",
            body=(
                "Syarat menjadi PSM: warga negara Indonesia; memiliki kemampuan, kepedulian dan "
                "komitmen sebagai relawan sosial; memiliki KTP di desa/kelurahan sesuai domisili; "
                "berusia paling rendah 18 tahun; mampu membaca dan menulis; berkelakuan baik; "
                "telah mengikuti bimbingan teknis dasar di bidang kesejahteraan sosial."
            ),
            legal_status=Article.LegalStatus.IN_FORCE,
            reference="Berita Negara RI 2019 No. 866",
            tags=["regulasi", "psm"],
        ),
    )
    create_article(
        acting_user=province,
        data=ArticleData(
            kind=Article.Kind.GOOD_PRACTICE,
            title="Dapur umum desa saat banjir",
            body=(
                "Pengalaman PSM Kec. Limboto: pendampingan warga lansia saat evakuasi, "
                "pencatatan kebutuhan per rumah, dan dapur umum bergilir dengan Karang Taruna."
            ),
            tags=["banjir", "dapur-umum"],
        ),
    )
    course = Course.objects.filter(code="bimtek-dasar-psm").first()
    if course is not None:
        today = timezone.localdate()
        schedule_session(
            acting_user=province,
            course=course,
            data=SessionData(
                starts_on=today + dt.timedelta(days=14),
                ends_on=today + dt.timedelta(days=16),
                quota=30,
                place="Aula Dinas Sosial Provinsi Gorontalo",
                trainers="Tim Dinas Sosial Provinsi",
                region=Region.objects.get(code=PROVINCE),
            ),
        )


def _seed_incidents(accounts: dict[str, User], villages: list[Region]) -> None:
    """A flood being answered right now, and an earlier fire that is closed."""
    from sipsm.incidents.actions.dispatch import check_in, respond_to_alert
    from sipsm.incidents.actions.lifecycle import IncidentReport, change_status, report_incident
    from sipsm.incidents.models import IncidentType

    coordinator = accounts["kab.gorontalo"]
    flood = report_incident(
        acting_user=accounts["psm"],
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title="Banjir setinggi 70 cm di dekat sungai",
            region=villages[0],
            channel="member",
            description="Sekitar 30 rumah tergenang; dua lansia perlu dievakuasi.",
            severity="moderate",
            affected_villages=villages[1:3],
        ),
    )
    change_status(acting_user=coordinator, incident=flood, to_status="verified", note="Dicek TKSK")
    first, second = list(flood.assignments.order_by("rank")[:2])
    check_in(assignment=respond_to_alert(assignment=first, accept=True, via="link"))
    respond_to_alert(assignment=second, accept=True, via="sms")

    fire = report_incident(
        acting_user=None,
        report=IncidentReport(
            type=IncidentType.objects.get(code="kebakaran_permukiman"),
            title="Kebakaran dua rumah",
            region=villages[4],
            channel="public",
            reporter_name="Warga",
        ),
    )
    change_status(acting_user=coordinator, incident=fire, to_status="verified", callout=False)
    change_status(acting_user=coordinator, incident=fire, to_status="closed", note="Api padam")


def _seed_boards(members: list[Member]) -> None:
    active = [m for m in members if m.status == Member.Status.ACTIVE]
    national = Unit.objects.get(level=Unit.Level.NATIONAL)
    province = Unit.objects.get(region_id=PROVINCE)
    regency = Unit.objects.get(region_id="75.01")
    for unit, prefix in ((national, "Nas"), (province, "Prov"), (regency, "Kab")):
        term = unit_actions.create_board_term(
            acting_user=None,
            unit=unit,
            start_year=2022,
            end_year=2027,
            sk_number=f"{prefix}-001/SK/IPSM/2022",
            sk_date=dt.date(2022, 6, 1),
        )
        in_area = [
            m
            for m in active
            if unit.region_id is None or m.home_village_id.startswith(unit.region_id)
        ]
        for position, member in zip(
            [Position.KETUA, Position.WAKIL_KETUA, Position.SEKRETARIS, Position.BENDAHARA],
            in_area[:4],
            strict=False,
        ):
            unit_actions.add_board_position(
                acting_user=None, term=term, position=position, member=member
            )


def _account_lines() -> list[tuple[DemoAccount, str]]:
    lines = []
    for spec in ACCOUNTS:
        user = User.objects.filter(username=spec.username).select_related("region").first()
        scope = user.scope_label() if user else ""
        lines.append((spec, scope))
    return lines
