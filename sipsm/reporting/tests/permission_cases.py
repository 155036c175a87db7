"""Permission matrix cases of reporting (see sipsm/core/tests/matrix.py).

The activity is member_a's work in village_a, logged by the village PSM "village" (psm.a, whose
account is linked to member_a): the coordinators whose area holds village_a and the PSM see and
correct it; the PSM of village_b, the other regency and the government partner get 404.
The monthly report is village_a's for this month: the village PSM prepares and submits it,
the coordinators above (TKSK, regency, province, national) review it; a partner reads approved
reports only. Aggregates (dashboards, equity, 3W) are open to every account for its own area;
SPM to regency coordinators and above and partners; the public page to everyone.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sipsm.core.tests.matrix import PERSONAS, SIGNED_IN, Case, statuses
from sipsm.reporting.actions import activities as activity_actions
from sipsm.reporting.actions import monthly as monthly_actions
from sipsm.reporting.models import ActivityType
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import link_member, log_activity
from sipsm.testing import World

EVERYONE = set(SIGNED_IN)
LOGGERS = EVERYONE - {"partner"}
COORDINATORS = {"national", "province", "regency", "other_regency", "district"}
SEES_A = {"national", "province", "regency", "district", "village"}
REVIEWERS = {"national", "province", "regency", "district"}
SPM_READERS = {"national", "province", "regency", "other_regency", "partner"}
RECOMPUTERS = SPM_READERS - {"partner"}
YEAR = timezone.localdate().year


def only(allowed: set[str], ok: int, *, others: int = 403, anonymous: int = 302) -> dict[str, int]:
    return {**statuses(others, anonymous=anonymous), **dict.fromkeys(allowed, ok)}


def on_row(
    allowed: set[str], ok: int, *, sees: set[str] = SEES_A, anonymous: int = 302
) -> dict[str, int]:
    """`allowed` get `ok`; those who see the row but may not act 403; everyone else 404."""
    result = {"anonymous": anonymous}
    for persona in SIGNED_IN:
        result[persona] = ok if persona in allowed else 403 if persona in sees else 404
    return result


def _month() -> Period:
    return Period.current_month()


def _activity(w: World) -> int:
    return log_activity(w).pk


def _photo_file() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (20, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def _photo(w: World) -> str:
    activity = log_activity(w)
    photo = activity_actions.add_activity_photo(
        acting_user=w.village, activity=activity, photo=_photo_file()
    )
    return f"/kerja-nyata/{activity.pk}/foto/{photo.pk}.jpg"


def _linked(path: str) -> Any:
    def make(w: World) -> str:
        link_member(w)
        return path

    return make


def _activity_form(w: World) -> dict[str, Any]:
    return {
        "member": w.member_a.pk,
        "activity_type": ActivityType.objects.get(code="kerja-bakti").pk,
        "title": "Kerja bakti saluran",
        "occurred_on": timezone.localdate().isoformat(),
        "village": w.village_a.code,
        "hours": "2",
        "beneficiaries_female": "3",
        "beneficiaries_male": "2",
        "beneficiaries_children": "0",
        "beneficiaries_adults": "5",
        "beneficiaries_elderly": "0",
    }


def _report(w: World, suffix: str = "") -> str:
    m = _month()
    return f"/laporan-bulanan/{w.village_a.code}/{m.year}/{m.month}/{suffix}"


def _submitted(w: World, suffix: str = "") -> str:
    monthly_actions.submit_report(acting_user=w.village, region=w.village_a, period=_month())
    return _report(w, suffix)


def _approved(w: World, suffix: str = "") -> str:
    monthly_actions.submit_report(acting_user=w.village, region=w.village_a, period=_month())
    monthly_actions.approve_report(acting_user=w.district, region=w.village_a, period=_month())
    return _report(w, suffix)


def _api_report(w: World, suffix: str = "") -> str:
    m = _month()
    tail = f"/{suffix}" if suffix else ""
    return f"/api/v1/reporting/monthly-reports/{w.village_a.code}/{m.year}/{m.month}{tail}"


def _api_submitted(w: World, suffix: str) -> str:
    monthly_actions.submit_report(acting_user=w.village, region=w.village_a, period=_month())
    return _api_report(w, suffix)


REPORT = "laporan-bulanan/<str:region>/<int:year>/<int:month>/"
API = "api/v1/reporting/"
API_REPORT = API + "monthly-reports/<region>/<year>/<month>"
READS_A_REPORT = on_row(SEES_A, 200)
# Partners read approved reports of their area (village_a is in 75.01).
READS_APPROVED = on_row(SEES_A | {"partner"}, 200)

WEB_CASES: list[Case] = [
    Case("kerja-nyata/", "get", lambda w: "/kerja-nyata/", only(LOGGERS, 200)),
    Case(
        "kerja-nyata/baru/",
        "get",
        _linked("/kerja-nyata/baru/"),
        only(COORDINATORS | {"village"}, 200),
    ),
    Case(
        "kerja-nyata/baru/",
        "post",
        _linked("/kerja-nyata/baru/"),
        {**only(SEES_A, 302), "other_regency": 400},
        mutates=SEES_A,
        data=_activity_form,
    ),
    Case(
        "kerja-nyata/ekspor.<str:fmt>",
        "get",
        lambda w: "/kerja-nyata/ekspor.xlsx",
        only(COORDINATORS, 200),
    ),
    Case("kerja-nyata/3w.<str:fmt>", "get", lambda w: "/kerja-nyata/3w.csv", only(EVERYONE, 200)),
    Case(
        "kerja-nyata/<int:activity_id>/",
        "get",
        lambda w: f"/kerja-nyata/{_activity(w)}/",
        on_row(SEES_A, 200),
    ),
    Case(
        "kerja-nyata/<int:activity_id>/ubah/",
        "get",
        lambda w: f"/kerja-nyata/{_activity(w)}/ubah/",
        on_row(SEES_A, 200),
    ),
    Case(
        "kerja-nyata/<int:activity_id>/ubah/",
        "post",
        lambda w: f"/kerja-nyata/{_activity(w)}/ubah/",
        on_row(SEES_A, 302),
        mutates=SEES_A,
        data=lambda w: {**_activity_form(w), "hours": "4"},
    ),
    Case(
        "kerja-nyata/<int:activity_id>/tarik/",
        "post",
        lambda w: f"/kerja-nyata/{_activity(w)}/tarik/",
        on_row(SEES_A, 302),
        mutates=SEES_A,
        data=lambda w: {"reason": "Tercatat dua kali"},
    ),
    Case(
        "kerja-nyata/<int:activity_id>/foto/",
        "post",
        lambda w: f"/kerja-nyata/{_activity(w)}/foto/",
        on_row(SEES_A, 302),
        mutates=SEES_A,
        data=lambda w: {"photo": _photo_file()},
    ),
    Case(
        "kerja-nyata/<int:activity_id>/foto/<int:photo_id>.jpg",
        "get",
        _photo,
        on_row(SEES_A, 200),
    ),
    Case("laporan-bulanan/", "get", lambda w: "/laporan-bulanan/", only(EVERYONE, 200)),
    Case(
        "laporan-bulanan/kelengkapan/",
        "get",
        lambda w: "/laporan-bulanan/kelengkapan/",
        only(COORDINATORS | {"partner"}, 200),
    ),
    Case(
        "laporan-bulanan/kelengkapan.<str:fmt>",
        "get",
        lambda w: "/laporan-bulanan/kelengkapan.xlsx",
        only(COORDINATORS | {"partner"}, 200),
    ),
    Case(REPORT, "get", _report, READS_A_REPORT),
    Case(REPORT, "get", _approved, READS_APPROVED),
    Case(
        REPORT + "catatan/",
        "post",
        lambda w: _report(w, "catatan/"),
        on_row({"village"}, 302),
        mutates={"village"},
        data=lambda w: {"narrative": "Hujan deras menghambat kegiatan."},
    ),
    Case(
        REPORT + "kirim/",
        "post",
        lambda w: _report(w, "kirim/"),
        on_row({"village"}, 302),
        mutates={"village"},
    ),
    Case(
        REPORT + "kembalikan/",
        "post",
        lambda w: _submitted(w, "kembalikan/"),
        on_row(REVIEWERS, 302),
        mutates=REVIEWERS,
        data=lambda w: {"comment": "Lengkapi jam kerja"},
    ),
    Case(
        REPORT + "setujui/",
        "post",
        lambda w: _submitted(w, "setujui/"),
        on_row(REVIEWERS, 302),
        mutates=REVIEWERS,
    ),
    Case(
        REPORT + "komentar/",
        "post",
        lambda w: _report(w, "komentar/"),
        on_row(SEES_A, 302),
        mutates=SEES_A,
        data=lambda w: {"text": "Mohon dilengkapi."},
    ),
    Case(REPORT + "laporan.<str:fmt>", "get", lambda w: _report(w, "laporan.pdf"), READS_A_REPORT),
    Case(
        REPORT + "laporan.<str:fmt>", "get", lambda w: _approved(w, "laporan.xlsx"), READS_APPROVED
    ),
    Case("dasbor/", "get", lambda w: "/dasbor/", only(EVERYONE, 200)),
    Case(
        "dasbor/",
        "get",
        lambda w: "/dasbor/?wilayah=75.01",
        only({"national", "province", "regency", "partner"}, 200),
    ),
    Case("dasbor/ekspor.<str:fmt>", "get", lambda w: "/dasbor/ekspor.csv", only(EVERYONE, 200)),
    Case("kesetaraan/", "get", lambda w: "/kesetaraan/", only(EVERYONE, 200)),
    Case(
        "kesetaraan/peta.geojson", "get", lambda w: "/kesetaraan/peta.geojson", only(EVERYONE, 200)
    ),
    Case(
        "kesetaraan/ekspor.<str:fmt>",
        "get",
        lambda w: "/kesetaraan/ekspor.xlsx",
        only(EVERYONE, 200),
    ),
    Case("spm/", "get", lambda w: "/spm/", only(SPM_READERS, 200)),
    Case("spm/ekspor.<str:fmt>", "get", lambda w: "/spm/ekspor.pdf", only(SPM_READERS, 200)),
    Case(
        "spm/hitung-ulang/",
        "post",
        lambda w: "/spm/hitung-ulang/",
        only(RECOMPUTERS, 302),
        mutates=RECOMPUTERS,
        data=lambda w: {"tahun": str(YEAR)},
    ),
    Case(
        "spm/<str:indicator>/",
        "get",
        lambda w: f"/spm/kab_bencana/?wilayah=75.01&tahun={YEAR}",
        only({"national", "province", "regency"}, 200),
    ),
    Case(
        "spm/<str:indicator>/",
        "get",
        lambda w: f"/spm/prov_anak/?wilayah=75&tahun={YEAR}",
        only({"national", "province"}, 200),
    ),
    Case("transparansi/", "get", lambda w: "/transparansi/", dict.fromkeys(PERSONAS, 200)),
    Case(
        "transparansi/data.csv",
        "get",
        lambda w: "/transparansi/data.csv",
        dict.fromkeys(PERSONAS, 200),
    ),
]


def _activity_json(w: World) -> dict[str, Any]:
    return {
        "member_id": w.member_a.pk,
        "activity_type": "penghijauan",
        "title": "Menanam 40 bibit mangrove",
        "occurred_on": timezone.localdate().isoformat(),
        "village_code": w.village_a.code,
        "hours": "3",
        "beneficiaries_female": 6,
        "beneficiaries_male": 4,
        "ppks": {"fakir-miskin": 2},
    }


API_CASES: list[Case] = [
    Case(
        API + "activities",
        "get",
        _linked("/api/v1/reporting/activities"),
        only(LOGGERS, 200, anonymous=401),
    ),
    Case(
        API + "activities",
        "post",
        _linked("/api/v1/reporting/activities"),
        {**on_row(SEES_A, 201, sees=SEES_A | {"partner"}, anonymous=401)},
        mutates=SEES_A,
        data=_activity_json,
        json=True,
    ),
    Case(
        API + "activities/<activity_id>",
        "get",
        lambda w: f"/api/v1/reporting/activities/{_activity(w)}",
        on_row(SEES_A, 200, anonymous=401),
    ),
    Case(
        API + "work", "get", lambda w: "/api/v1/reporting/work", only(LOGGERS, 200, anonymous=401)
    ),
    Case(
        API + "monthly-reports",
        "get",
        lambda w: "/api/v1/reporting/monthly-reports",
        only(EVERYONE, 200, anonymous=401),
    ),
    Case(API_REPORT, "get", _api_report, on_row(SEES_A, 200, anonymous=401)),
    Case(
        API_REPORT + "/submit",
        "post",
        lambda w: _api_report(w, "submit"),
        on_row({"village"}, 200, anonymous=401),
        mutates={"village"},
        json=True,
    ),
    Case(
        API_REPORT + "/return",
        "post",
        lambda w: _api_submitted(w, "return"),
        on_row(REVIEWERS, 200, anonymous=401),
        mutates=REVIEWERS,
        data=lambda w: {"comment": "Periksa kembali"},
        json=True,
    ),
    Case(
        API_REPORT + "/approve",
        "post",
        lambda w: _api_submitted(w, "approve"),
        on_row(REVIEWERS, 200, anonymous=401),
        mutates=REVIEWERS,
        data=lambda w: {"comment": ""},
        json=True,
    ),
    Case(
        API + "completeness",
        "get",
        lambda w: "/api/v1/reporting/completeness",
        only(COORDINATORS | {"partner"}, 200, anonymous=401),
    ),
    Case(
        API + "dashboard",
        "get",
        lambda w: "/api/v1/reporting/dashboard",
        only(EVERYONE, 200, anonymous=401),
    ),
    Case(
        API + "spm", "get", lambda w: "/api/v1/reporting/spm", only(SPM_READERS, 200, anonymous=401)
    ),
    Case(
        API + "equity",
        "get",
        lambda w: "/api/v1/reporting/equity",
        only(EVERYONE, 200, anonymous=401),
    ),
    Case(API + "3w", "get", lambda w: "/api/v1/reporting/3w", only(EVERYONE, 200, anonymous=401)),
    Case(API + "public", "get", lambda w: "/api/v1/reporting/public", dict.fromkeys(PERSONAS, 200)),
]

CASES: list[Case] = WEB_CASES + API_CASES
