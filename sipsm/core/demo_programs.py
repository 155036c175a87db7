"""Demo data for the aid and reporting modules, made with their real actions: a Program Sembako
period with a synthetic KPM list for the TKSK's district, a distribution round with some
families ticked, a complaint, and a few weeks of PSM activities. Every NIK/KK is generated."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sipsm.accounts.models import User
from sipsm.aid.actions import complaints as complaint_actions
from sipsm.aid.actions import distribution as distribution_actions
from sipsm.aid.actions import imports as import_actions
from sipsm.aid.actions import programs as program_actions
from sipsm.aid.importing.headers import template_header
from sipsm.aid.importing.runner import run_import
from sipsm.aid.models import Complaint, KpmEntry, Mark, Program, Round
from sipsm.identity.nik import make_nik
from sipsm.regions.models import Region
from sipsm.registry.models import Member
from sipsm.reporting.actions.activities import ActivityData, record_activity
from sipsm.reporting.models import ActivityType

FAMILIES_PER_VILLAGE = 12
FIRST = ["Siti", "Nur", "Rahma", "Fitri", "Wulan", "Sri", "Dewi", "Yanti", "Ani", "Lina"]
LAST = ["Hulopi", "Pakaya", "Katili", "Gobel", "Tangahu", "Daud", "Usman", "Lamato"]
ACTIVITIES = [
    ("kunjungan-keluarga", "Kunjungan rumah lansia terlantar", 2, 1, 1),
    ("pendampingan-bansos", "Pendampingan penyaluran BPNT di balai desa", 3, 14, 9),
    ("posyandu", "Membantu posyandu balita", 3, 20, 4),
    ("kerja-bakti", "Kerja bakti membersihkan saluran air", 4, 12, 18),
    ("pemutakhiran-data", "Pendataan keluarga miskin baru", 3, 5, 4),
    ("pendampingan-layanan", "Mendampingi anak jalanan membuat akta kelahiran", 2, 1, 0),
    ("pertemuan-psm", "Pertemuan rutin PSM kecamatan", 2, 0, 0),
]


def _kpm_file(villages: list[Region], rng: random.Random) -> bytes:
    header = template_header()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    number = 0
    for village in villages:
        district = village.code[:8]
        for _ in range(FAMILIES_PER_VILLAGE):
            number += 1
            born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randint(0, 15_000))
            registered = dt.date(2005, 1, 1) + dt.timedelta(days=number * 37)
            writer.writerow(
                {
                    "nik_pengurus": make_nik(
                        district_code=district, birth_date=born, sex="F", serial=9000 + number
                    ),
                    "nama_pengurus": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "no_kk": f"{district.replace('.', '')}{registered:%d%m%y}{number:04d}",
                    "kode_desa": village.code,
                    "no_kks": f"6013{number:012d}",
                    "status_kepesertaan": "Aktif",
                    "tempat_lahir": "Limboto",
                    "tanggal_lahir": born.isoformat(),
                    "nama_gadis_ibu_kandung": f"{rng.choice(FIRST)} Mohamad",
                }
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def seed_aid(accounts: dict[str, User], villages: list[Region]) -> None:
    """The TKSK's district: a KPM list, the PSM assigned to their village, a round ticked."""
    rng = random.Random(75)  # noqa: S311  (demo data, not security)
    district = villages[0].parent
    assert district is not None
    in_district = [v for v in villages if v.parent_id == district.code]
    tksk, regency, psm = accounts["tksk"], accounts["kab.gorontalo"], accounts["psm"]
    today = timezone.localdate()
    program = program_actions.create_program(
        acting_user=None,
        data=program_actions.ProgramData(
            code="sembako",
            name="Program Sembako (BPNT)",
            scheme=Program.Scheme.SEMBAKO,
            kind=Program.Kind.E_VOUCHER,
            channel=Program.Channel.KKS_EWALLET,
            cadence=Program.Cadence.MONTHLY,
            amount=200_000,
        ),
    )
    start = today.replace(day=1)
    period = program_actions.create_period(
        acting_user=None,
        program=program,
        label=f"Sembako {start:%m/%Y}",
        starts_on=start,
        ends_on=(start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1),
    )
    run = import_actions.upload_kpm_list(
        acting_user=regency,
        period=period,
        upload=SimpleUploadedFile(
            "kpm-sembako.csv", _kpm_file(in_district, rng), content_type="text/csv"
        ),
    )
    import_actions.confirm_import(acting_user=regency, kpm_import=run, mapping=dict(run.mapping))
    run_import(run.pk)
    distribution_actions.assign_psm(acting_user=tksk, village=villages[0], psm=psm)
    distribution_actions.open_rounds(acting_user=regency, period=period, region=district)
    round_ = Round.objects.get(period=period, village=villages[0])
    entries = list(KpmEntry.objects.filter(period=period, village=villages[0]).order_by("pk"))
    distribution_actions.mark_families(
        acting_user=psm,
        round_=round_,
        entries=entries[:7],
        data=distribution_actions.TickData(mark=Mark.RECEIVED),
    )
    distribution_actions.mark_family(
        acting_user=psm,
        round_=round_,
        entry=entries[7],
        data=distribution_actions.TickData(mark=Mark.NOT_RECEIVED, reason="Saldo KKS belum masuk"),
    )
    complaint_actions.file_complaint(
        acting_user=psm,
        data=complaint_actions.ComplaintData(
            category=Complaint.Category.NOT_RECEIVED,
            village=villages[0],
            description="Saldo KKS bulan ini belum masuk, sudah dicek di e-warong.",
            about_name="Siti Hulopi",
        ),
    )


def seed_activities(accounts: dict[str, User], psm_member: Member) -> None:
    """A few weeks of the demo PSM's work ("kerja nyata"), as they would log it."""
    rng = random.Random(2027)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    types = {t.code: t for t in ActivityType.objects.filter(is_active=True)}
    for index, (code, title, hours, women, men) in enumerate(ACTIVITIES * 2):
        if code not in types:
            continue
        record_activity(
            acting_user=accounts["psm"],
            data=ActivityData(
                member=psm_member,
                activity_type=types[code],
                title=title,
                occurred_on=today - dt.timedelta(days=3 + index * 4 + rng.randint(0, 2)),
                village=psm_member.home_village,
                hours=Decimal(hours),
                beneficiaries_female=women,
                beneficiaries_male=men,
            ),
        )
