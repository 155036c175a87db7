"""Permission matrix cases of this app (see sipsm/core/tests/permission_cases.py).

The case is a street child found in village_a; its worker is the village PSM ("village",
psm.a). It is visible to the worker and the supervisor chain (district TKSK, regency,
province, national); the PSM of village_b, the other regency and the government partner get
404, and so does an anonymous caller on every /kasus/<id>/ page and /api/v1/cases/<id> route
(the attempt is logged). Supervisors other than the worker approve; only the sender revokes a
referral; only the worker a case is offered to answers the transfer.
"""

from __future__ import annotations

import time
from typing import Any

from django.core import signing
from django.utils import timezone

from sipsm.cases.actions import closure as closure_actions
from sipsm.cases.actions import work as work_actions
from sipsm.cases.forms import FORM_TOKEN_SALT
from sipsm.cases.models import Case as CaseFile
from sipsm.cases.tests.support import (
    assess,
    guardian_consent,
    make_case,
    make_intake,
    make_provider,
    plan,
    refer,
    request_closure,
)
from sipsm.core.tests.matrix import SIGNED_IN, Case, statuses
from sipsm.testing import World

SEES = {"national", "province", "regency", "district", "village"}
SUPERVISORS = SEES - {"village"}
WORKERS = {"national", "province", "regency", "other_regency", "district", "village"}
WORKERS |= {"other_village"}
COORDINATORS = {"national", "province", "regency", "other_regency", "district"}
SPM_READERS = {"national", "province", "regency", "partner"}
YEAR = timezone.localdate().year


def on_case(
    allowed: set[str], ok: int, *, sees: set[str] = SEES, refused: int = 403
) -> dict[str, int]:
    """A /kasus/<id>/ route: `allowed` get `ok`, other readers `refused`, everyone else
    (anonymous included) 404."""
    result = {"anonymous": 404}
    for persona in SIGNED_IN:
        result[persona] = ok if persona in allowed else refused if persona in sees else 404
    return result


def only(allowed: set[str], ok: int, *, others: int = 403, anonymous: int = 302) -> dict[str, int]:
    return {**statuses(others, anonymous=anonymous), **dict.fromkeys(allowed, ok)}


def _case(w: World) -> CaseFile:
    return make_case(w)


def _planned(w: World) -> CaseFile:
    """Assessed, with a goal and an action, not submitted yet."""
    case = assess(w, make_case(w))
    goal = work_actions.add_goal(acting_user=w.village, case=case, description="Sekolah")
    work_actions.add_task(
        acting_user=w.village,
        case=case,
        kind="action",
        title="Daftar sekolah",
        due_on=timezone.localdate(),
        responsible=w.village,
        goal=goal,
    )
    return case


def _task(w: World) -> str:
    case = _planned(w)
    return f"{case.pk}/tugas/{case.tasks.get().pk}"


def _spm_case(w: World) -> CaseFile:
    return assess(w, make_case(w), spm_group="anak")


def _closing(w: World) -> str:
    case = request_closure(w, plan(w, assess(w, make_case(w))))
    return f"{case.pk}/persetujuan/{case.approvals.get().pk}"


def _consent(w: World) -> str:
    case = make_case(w)
    return f"{case.pk}/izin/{guardian_consent(w, case).pk}"


def _consented(w: World) -> CaseFile:
    case = make_case(w)
    guardian_consent(w, case)
    make_provider(w)
    return case


def _referral(w: World, *, accepted: bool = False) -> str:
    from sipsm.cases.actions.referrals import respond_to_referral

    case = make_case(w)
    referral = refer(w, case)
    if accepted:
        respond_to_referral(acting_user=w.village, referral=referral, accepted=True)
    return f"{case.pk}/rujukan/{referral.pk}"


def _transfer(w: World) -> str:
    case = make_case(w)
    transfer = closure_actions.request_transfer(
        acting_user=w.village,
        case=case,
        to_worker=w.other_village,
        to_village=w.village_b,
        reason="Keluarga pindah ke desa sebelah",
    )
    return f"{case.pk}/alih/{transfer.pk}"


def _share(w: World) -> str:
    case = make_case(w)
    share = closure_actions.share_case(
        acting_user=w.village, case=case, user=w.other_village, reason="Pendamping sekolah"
    )
    return f"{case.pk}/bagikan/{share.pk}"


def _intake(w: World) -> int:
    return make_intake(w).pk


def _public_form(w: World) -> dict[str, Any]:
    return {
        "village": w.village_a.code,
        "description": "Anak tidur di halte",
        "about_age": 8,
        "website": "",
        "form_token": signing.dumps(time.time() - 30, salt=FORM_TOKEN_SALT),
    }


def _open_form(w: World) -> dict[str, Any]:
    return {
        "full_name": "Bima Santoso",
        "sex": "M",
        "age_years": 10,
        "village": w.village_a.code,
        "case_village": w.village_a.code,
        "summary": "Mengamen di lampu merah",
        "confirm_new": "1",
    }


def _provider_form(w: World, **values: Any) -> dict[str, Any]:
    return {
        "name": "Puskesmas Limboto",
        "kind": "puskesmas",
        "region": w.village_a.code[:8],
        "coverage": w.village_a.code[:8],
        "services": ["health"],
        "active": "on",
        **values,
    }


def _provider(w: World) -> int:
    return make_provider(w).pk


K = "kasus/<int:case_id>/"
NO_CASE = statuses(403, partner=403)
CASE_LISTS = only(WORKERS, 200)

CASES: list[Case] = [
    Case("kasus/", "get", lambda w: "/kasus/", CASE_LISTS),
    Case("kasus/", "post", lambda w: "/kasus/", CASE_LISTS, data=lambda w: {"q": "Andi"}),
    Case("kasus/baru/", "get", lambda w: "/kasus/baru/", CASE_LISTS),
    Case(
        "kasus/baru/",
        "post",
        lambda w: "/kasus/baru/",
        {**only(SEES, 302), "other_regency": 400, "other_village": 400},
        mutates=SEES,
        data=_open_form,
    ),
    Case("kasus/hari-ini/", "get", lambda w: "/kasus/hari-ini/", CASE_LISTS),
    Case("kasus/persetujuan/", "get", lambda w: "/kasus/persetujuan/", CASE_LISTS),
    Case(
        "kasus/ekspor.csv",
        "get",
        lambda w: f"/kasus/ekspor.csv?x={_case(w).pk}",
        only(COORDINATORS, 200),
        mutates=COORDINATORS,
    ),
    Case(
        "kasus/ekspor.csv",
        "post",
        lambda w: f"/kasus/ekspor.csv?x={_case(w).pk}",
        only(COORDINATORS - {"district"}, 200),
        mutates=COORDINATORS - {"district"},
        data=lambda w: {"reason": "Rapat dinas sosial"},
    ),
    Case("kasus/hak-anak/", "get", lambda w: "/kasus/hak-anak/", statuses(200)),
    Case(
        "kasus/spm/",
        "get",
        lambda w: f"/kasus/spm/?regency=75.01&year={YEAR}",
        only(SPM_READERS, 200),
    ),
    Case(
        "kasus/spm/<str:group>/",
        "get",
        lambda w: f"/kasus/spm/anak/?regency=75.01&year={YEAR}",
        only(SPM_READERS - {"partner"}, 200),
    ),
    Case("kasus/laporan-warga/", "get", lambda w: "/kasus/laporan-warga/", CASE_LISTS),
    Case(
        "kasus/laporan-warga/<int:intake_id>/",
        "get",
        lambda w: f"/kasus/laporan-warga/{_intake(w)}/",
        only(SEES, 200, others=404),
    ),
    Case(
        "kasus/laporan-warga/<int:intake_id>/abaikan/",
        "post",
        lambda w: f"/kasus/laporan-warga/{_intake(w)}/abaikan/",
        only(SEES, 302, others=404),
        mutates=SEES,
        data=lambda w: {"reason": "Sudah ditangani keluarga"},
    ),
    Case(K, "get", lambda w: f"/kasus/{_case(w).pk}/", on_case(SEES, 200)),
    Case(K + "asesmen/", "get", lambda w: f"/kasus/{_case(w).pk}/asesmen/", on_case(SEES, 200)),
    Case(
        K + "asesmen/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/asesmen/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {
            "assessed_on": timezone.localdate().isoformat(),
            "risk_level": "medium",
            **{f"need_{d}": "low" for d in ["basic", "shelter", "health", "education"]},
            **{
                f"need_{d}": "none"
                for d in [
                    "psychosocial",
                    "family",
                    "protection",
                    "civil_registration",
                    "livelihood",
                    "disability",
                ]
            },
        },
    ),
    Case(
        K + "tujuan/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/tujuan/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"description": "Punya akta kelahiran", "domain": "civil_registration"},
    ),
    Case(
        K + "tugas/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/tugas/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {
            "kind": "follow_up",
            "title": "Kunjungan rumah",
            "due_on": timezone.localdate().isoformat(),
            "responsible": w.village.pk,
        },
    ),
    Case(
        K + "tugas/<int:task_id>/selesai/",
        "post",
        lambda w: f"/kasus/{_task(w)}/selesai/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"result": "Sudah didaftarkan"},
    ),
    Case(
        K + "rencana/",
        "post",
        lambda w: f"/kasus/{_planned(w).pk}/rencana/",
        on_case(SEES, 302),
        mutates=SEES,
    ),
    Case(
        K + "layanan/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/layanan/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"kind": "food", "delivered_on": timezone.localdate().isoformat()},
    ),
    Case(
        K + "catatan/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/catatan/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"kind": "visit", "on": timezone.localdate().isoformat(), "text": "Baik"},
    ),
    Case(
        K + "kebutuhan-dasar/",
        "post",
        lambda w: f"/kasus/{_spm_case(w).pk}/kebutuhan-dasar/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"met_on": timezone.localdate().isoformat()},
    ),
    Case(
        K + "tutup/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/tutup/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"reason": "moved", "note": "Pindah ke kota lain"},
    ),
    Case(
        K + "persetujuan/<int:approval_id>/",
        "post",
        lambda w: f"/kasus/{_closing(w)}/",
        on_case(SUPERVISORS, 302),
        mutates=SUPERVISORS,
        data=lambda w: {"decision": "approve"},
    ),
    Case(
        K + "pengawas/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/pengawas/",
        on_case(SUPERVISORS, 302),
        mutates=SUPERVISORS,
        data=lambda w: {"supervisor": w.district.username},
    ),
    Case(
        K + "alih/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/alih/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {
            "to_worker": w.other_village.username,
            "to_village": w.village_b.code,
            "reason": "Pindah",
        },
    ),
    Case(
        K + "alih/<int:transfer_id>/jawab/",
        "post",
        lambda w: f"/kasus/{_transfer(w)}/jawab/",
        on_case({"other_village"}, 302, sees=SEES | {"other_village"}),
        mutates={"other_village"},
        data=lambda w: {"decision": "accept"},
    ),
    Case(
        K + "alih/<int:transfer_id>/batal/",
        "post",
        lambda w: f"/kasus/{_transfer(w)}/batal/",
        on_case(SEES, 302, sees=SEES | {"other_village"}),
        mutates=SEES,
    ),
    Case(
        K + "bagikan/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/bagikan/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"user": w.other_village.username, "reason": "Guru pendamping"},
    ),
    Case(
        K + "bagikan/<int:share_id>/cabut/",
        "post",
        lambda w: f"/kasus/{_share(w)}/cabut/",
        on_case(SEES, 302, sees=SEES | {"other_village"}),
        mutates=SEES,
    ),
    Case(
        K + "izin/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/izin/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {
            "given_by": "guardian",
            "guardian_name": "Siti Daud",
            "guardian_relationship": "parent",
            "method": "written",
            "given_on": timezone.localdate().isoformat(),
        },
    ),
    Case(
        K + "izin/<int:consent_id>/cabut/",
        "post",
        lambda w: f"/kasus/{_consent(w)}/cabut/",
        on_case(SEES, 302),
        mutates=SEES,
    ),
    Case(
        K + "rujukan/", "get", lambda w: f"/kasus/{_consented(w).pk}/rujukan/", on_case(SEES, 200)
    ),
    Case(
        K + "rujukan/",
        "post",
        lambda w: f"/kasus/{_consented(w).pk}/rujukan/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"provider": make_provider(w, name="SD 2").pk, "service": "education"},
    ),
    Case(
        K + "rujukan/<int:referral_id>/jawaban/",
        "post",
        lambda w: f"/kasus/{_referral(w)}/jawaban/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"decision": "accept"},
    ),
    Case(
        K + "rujukan/<int:referral_id>/selesai/",
        "post",
        lambda w: f"/kasus/{_referral(w, accepted=True)}/selesai/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {"outcome": "Masuk kelas 4", "right_status": "met"},
    ),
    Case(
        K + "rujukan/<int:referral_id>/batal/",
        "post",
        lambda w: f"/kasus/{_referral(w)}/batal/",
        on_case({"village"}, 302),
        mutates={"village"},
        data=lambda w: {"reason": "Salah sekolah"},
    ),
    Case(K + "hak-anak/", "get", lambda w: f"/kasus/{_case(w).pk}/hak-anak/", on_case(SEES, 200)),
    Case(
        K + "hak-anak/",
        "post",
        lambda w: f"/kasus/{_case(w).pk}/hak-anak/",
        on_case(SEES, 302),
        mutates=SEES,
        data=lambda w: {
            "right": "health",
            "health-right": "health",
            "health-status": "in_progress",
            "health-as_of": timezone.localdate().isoformat(),
            "health-detail_jkn_kis": "true",
        },
    ),
    Case("layanan/", "get", lambda w: "/layanan/", statuses(200)),
    Case("layanan/baru/", "get", lambda w: "/layanan/baru/", only(COORDINATORS, 200)),
    Case(
        "layanan/baru/",
        "post",
        lambda w: "/layanan/baru/",
        {**only(SUPERVISORS, 302), "other_regency": 400},
        mutates=SUPERVISORS,
        data=_provider_form,
    ),
    Case("layanan/<int:provider_id>/", "get", lambda w: f"/layanan/{_provider(w)}/", statuses(200)),
    Case(
        "layanan/<int:provider_id>/ubah/",
        "get",
        lambda w: f"/layanan/{_provider(w)}/ubah/",
        only(SUPERVISORS, 200),
    ),
    Case(
        "layanan/<int:provider_id>/ubah/",
        "post",
        lambda w: f"/layanan/{_provider(w)}/ubah/",
        only(SUPERVISORS, 302),
        mutates=SUPERVISORS,
        data=lambda w: _provider_form(w, name="SD Negeri 1", kind="school", services=["education"]),
    ),
    Case("peduli/", "get", lambda w: "/peduli/", dict.fromkeys(["anonymous", *SIGNED_IN], 200)),
    Case(
        "peduli/",
        "post",
        lambda w: "/peduli/",
        dict.fromkeys(["anonymous", *SIGNED_IN], 302),
        mutates={"anonymous", *SIGNED_IN},
        data=_public_form,
    ),
    Case(
        "peduli/terkirim/",
        "get",
        lambda w: "/peduli/terkirim/",
        dict.fromkeys(["anonymous", *SIGNED_IN], 200),
    ),
]


def _api_cases() -> list[Case]:
    from sipsm.cases.tests.permission_cases_api import API_CASES

    return API_CASES


CASES += _api_cases()
