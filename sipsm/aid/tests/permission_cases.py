"""Permission matrix cases of the aid app (see sipsm/core/tests/permission_cases.py).

Set-up (each case builds it inside the persona's rolled-back transaction): Program Sembako
with a January period; the village PSM ("village", psm.a) assigned to village_a and the other
PSM to village_b; a KPM list imported by the regency coordinator with two families in
village_a and one in village_b; a round open in village_a.

Family data of village_a is read by the coordinators covering it (national, province,
regency, district) and the PSM assigned there; the other regency, the PSM of village_b and
the government partner get 404. The partner (Dinas Sosial) reads complaints, proposals and
reconciliation figures of its regency, verifies and ratifies proposals, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import socket
import time
from typing import Any

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sipsm.aid.actions import complaints as complaint_actions
from sipsm.aid.forms import FORM_TOKEN_SALT
from sipsm.aid.models import Assignment, KpmImport, Proposal
from sipsm.aid.tests.files import csv_bytes, kpm_row
from sipsm.aid.tests.support import (
    AidWorld,
    build_aid_world,
    import_file,
    make_complaint,
    make_proposal,
    open_round,
    upload,
)
from sipsm.core.tests.matrix import PERSONAS, SIGNED_IN, Case, statuses
from sipsm.testing import World

COORDS = {"national", "province", "regency", "other_regency", "district"}
PSMS = {"village", "other_village"}
SEES_A = {"national", "province", "regency", "district"}
READS_A = SEES_A | {"village"}
REVEALERS = {"national", "province", "regency", "other_regency"}
REVEALERS_A = {"national", "province", "regency"}
MANAGERS = {"national", "province"}
VERIFIERS_A = {"national", "province", "regency", "partner"}
EXPORTERS = {"national", "province", "regency", "other_regency", "partner"}
EVERYONE = dict.fromkeys(PERSONAS, 200)


def only(allowed: set[str], ok: int, *, others: int = 403, anonymous: int = 302) -> dict[str, int]:
    return {**statuses(others, anonymous=anonymous), **dict.fromkeys(allowed, ok)}


def on_a(
    allowed: set[str], ok: int, *, sees: set[str] = READS_A, anonymous: int = 302
) -> dict[str, int]:
    """A row in village_a: `allowed` get `ok`, other readers 403, everyone else 404."""
    result = {"anonymous": anonymous}
    for persona in SIGNED_IN:
        result[persona] = ok if persona in allowed else 403 if persona in sees else 404
    return result


_last: dict[str, Any] = {}


def _ready(w: World) -> AidWorld:
    aid = build_aid_world(w)
    rows = [kpm_row(w.village_a.code, 0), kpm_row(w.village_a.code, 1)]
    rows.append(kpm_row(w.village_b.code, 2))
    run = import_file(w.regency, aid.period, csv_bytes(rows))
    _last.update(aid=aid, run=run)
    return aid


def _period(w: World) -> int:
    return _ready(w).period.pk


def _program(w: World) -> int:
    return _ready(w).program.pk


def _entry(w: World) -> int:
    aid = _ready(w)
    entry = aid.entries(w.village_a.code).order_by("id").first()
    assert entry is not None
    _last["entry"] = entry
    return entry.pk


def _round(w: World) -> int:
    aid = _ready(w)
    round_ = open_round(aid)
    _last["round"] = round_
    _last["entry"] = aid.entries(w.village_a.code).order_by("id").first()
    return round_.pk


def _round_entry(w: World) -> str:
    round_id = _round(w)
    return f"{round_id}/kpm/{_last['entry'].pk}"


def _import(w: World) -> int:
    _ready(w)
    return int(_last["run"].pk)


def _uploaded(w: World) -> int:
    aid = _ready(w)
    return upload(w.regency, aid.period, csv_bytes([kpm_row(w.village_a.code, 5)])).pk


def _stalled(w: World) -> int:
    run_id = _uploaded(w)
    KpmImport.objects.filter(pk=run_id).update(
        status=KpmImport.Status.RUNNING, worker=f"{socket.gethostname()}:999999999"
    )
    return run_id


def _assignment(w: World) -> int:
    _ready(w)
    return Assignment.objects.get(village=w.village_a, psm=w.village).pk


def _complaint(w: World, *, answered: bool = False) -> int:
    aid = _ready(w)
    complaint = make_complaint(aid)
    _last["complaint"] = complaint
    if answered:
        complaint_actions.answer_complaint(
            acting_user=w.district, complaint=complaint, answer="Sudah dicek, dana masuk besok."
        )
    return complaint.pk


def _proposal(w: World, *, submitted: bool = False, verified: bool = False) -> int:
    aid = _ready(w)
    return make_proposal(aid, submitted=submitted, verified=verified).pk


def _with_evidence(w: World) -> int:
    proposal_id = _proposal(w)
    from sipsm.aid.actions.proposals import attach_evidence

    attach_evidence(
        acting_user=w.village,
        proposal=Proposal.objects.get(pk=proposal_id),
        kind="sptjm",
        number="SPTJM/3/2026",
        day=dt.date(2026, 1, 12),
    )
    return proposal_id


def _csv_upload(w: World) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile(
            "kpm.csv", csv_bytes([kpm_row(w.village_a.code, 7)]), content_type="text/csv"
        )
    }


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), (10, 120, 80)).save(buffer, format="JPEG")
    return SimpleUploadedFile("bukti.jpg", buffer.getvalue(), content_type="image/jpeg")


def _complaint_form(w: World) -> dict[str, Any]:
    return {
        "kind": "pengaduan",
        "category": "not_received",
        "village": w.village_a.code,
        "about_name": "Siti Hulopi",
        "description": "Dana bulan ini belum masuk ke kartu KKS.",
    }


def _public_form(w: World) -> dict[str, Any]:
    return {
        **_complaint_form(w),
        "complainant_name": "Warga",
        "website": "",
        "form_token": signing.dumps(time.time() - 30, salt=FORM_TOKEN_SALT),
    }


def _proposal_form(w: World) -> dict[str, Any]:
    return {
        "kind": "new_family",
        "village": w.village_a.code,
        "head_name": "Yusuf Katili",
        "reason": "Keluarga miskin baru pindah dari kota.",
    }


def _code(w: World) -> str:
    _complaint(w)
    return str(_last["complaint"].tracking_code)


P = "/bansos/"
A = "/api/v1/aid/"
BLIND = {"other_regency", "other_village", "partner"}
API_READS_A = on_a(READS_A, 200, anonymous=401)
CASES: list[Case] = [
    Case("bansos/", "get", lambda w: P, statuses(200)),
    Case("bansos/program/baru/", "get", lambda w: P + "program/baru/", only(MANAGERS, 200)),
    Case(
        "bansos/program/baru/",
        "post",
        lambda w: P + "program/baru/",
        only(MANAGERS, 302),
        mutates=MANAGERS,
        data=lambda w: {
            "code": "pkh",
            "name": "PKH",
            "scheme": "pkh",
            "kind": "cash",
            "channel": "bank",
            "cadence": "tahap",
            "amount": 750000,
        },
    ),
    Case(
        "bansos/program/<int:program_id>/",
        "get",
        lambda w: f"{P}program/{_program(w)}/",
        statuses(200),
    ),
    Case(
        "bansos/program/<int:program_id>/periode/",
        "post",
        lambda w: f"{P}program/{_program(w)}/periode/",
        only(MANAGERS, 302),
        mutates=MANAGERS,
        data=lambda w: {
            "label": "Februari 2026",
            "starts_on": "2026-02-01",
            "ends_on": "2026-02-28",
        },
    ),
    Case(
        "bansos/periode/<int:period_id>/",
        "get",
        lambda w: f"{P}periode/{_period(w)}/",
        statuses(200),
    ),
    Case(
        "bansos/periode/<int:period_id>/",
        "post",
        lambda w: (_entry(w), f"{P}periode/{_last['entry'].period_id}/")[1],
        only(COORDS | PSMS, 200),
        data=lambda w: {"number": _last["entry"].pengurus.nik},
    ),
    Case(
        "bansos/periode/<int:period_id>/ekspor.<str:fmt>",
        "get",
        lambda w: f"{P}periode/{_period(w)}/ekspor.csv",
        only(COORDS, 200),
        mutates=COORDS,
    ),
    Case(
        "bansos/periode/<int:period_id>/ekspor.<str:fmt>",
        "post",
        lambda w: f"{P}periode/{_period(w)}/ekspor.xlsx",
        only(REVEALERS, 200),
        mutates=REVEALERS,
        data=lambda w: {"reason": "Rekonsiliasi dengan bank penyalur"},
    ),
    Case(
        "bansos/periode/<int:period_id>/impor/",
        "get",
        lambda w: f"{P}periode/{_period(w)}/impor/",
        only(COORDS, 200),
    ),
    Case(
        "bansos/periode/<int:period_id>/impor/",
        "post",
        lambda w: f"{P}periode/{_period(w)}/impor/",
        only(COORDS, 302),
        mutates=COORDS,
        data=_csv_upload,
    ),
    Case(
        "bansos/periode/<int:period_id>/putaran/",
        "post",
        lambda w: f"{P}periode/{_period(w)}/putaran/",
        only(SEES_A, 302),
        mutates=SEES_A,
        data=lambda w: {"region": w.village_a.code},
    ),
    Case("bansos/impor/template.csv", "get", lambda w: P + "impor/template.csv", only(COORDS, 200)),
    Case(
        "bansos/impor/<int:import_id>/",
        "get",
        lambda w: f"{P}impor/{_import(w)}/",
        only({"regency"}, 200, others=404),
    ),
    Case(
        "bansos/impor/<int:import_id>/",
        "post",
        lambda w: f"{P}impor/{_uploaded(w)}/",
        only({"regency"}, 302, others=404),
        mutates={"regency"},
        data=lambda w: {
            "col_0": "nik",
            "col_1": "pengurus_name",
            "col_2": "kk",
            "col_3": "village",
        },
    ),
    Case(
        "bansos/impor/<int:import_id>/progres/",
        "get",
        lambda w: f"{P}impor/{_import(w)}/progres/",
        only({"regency"}, 200, others=404),
    ),
    Case(
        "bansos/impor/<int:import_id>/laporan.csv",
        "get",
        lambda w: f"{P}impor/{_import(w)}/laporan.csv",
        only({"regency"}, 200, others=404),
    ),
    Case(
        "bansos/impor/<int:import_id>/lanjutkan/",
        "post",
        lambda w: f"{P}impor/{_stalled(w)}/lanjutkan/",
        only({"regency"}, 302, others=404),
        mutates={"regency"},
    ),
    Case("bansos/kpm/<int:entry_id>/", "get", lambda w: f"{P}kpm/{_entry(w)}/", on_a(READS_A, 200)),
    Case(
        "bansos/kpm/<int:entry_id>/buka/",
        "post",
        lambda w: f"{P}kpm/{_entry(w)}/buka/",
        on_a(REVEALERS_A, 200),
        mutates=REVEALERS_A,
        data=lambda w: {"reason": "Kartu KKS tertukar"},
    ),
    Case("bansos/penugasan/", "get", lambda w: P + "penugasan/", only(COORDS | PSMS, 200)),
    Case(
        "bansos/penugasan/",
        "post",
        lambda w: (_ready(w), P + "penugasan/")[1],
        {**only(SEES_A, 302), "other_regency": 400},
        mutates=SEES_A,
        data=lambda w: {"village": w.village_a.code, "psm": "psm.b"},
    ),
    Case(
        "bansos/penugasan/<int:assignment_id>/akhiri/",
        "post",
        lambda w: f"{P}penugasan/{_assignment(w)}/akhiri/",
        only(SEES_A, 302, others=404),
        mutates=SEES_A,
    ),
    Case("bansos/putaran/", "get", lambda w: (_round(w), P + "putaran/")[1], statuses(200)),
    Case(
        "bansos/putaran/<int:round_id>/",
        "get",
        lambda w: f"{P}putaran/{_round(w)}/",
        on_a(READS_A, 200),
    ),
    Case(
        "bansos/putaran/<int:round_id>/kpm/<int:entry_id>/",
        "post",
        lambda w: f"{P}putaran/{_round_entry(w)}/",
        on_a(READS_A, 302),
        mutates=READS_A,
        data=lambda w: {"mark": "received"},
    ),
    Case(
        "bansos/putaran/<int:round_id>/tandai/",
        "post",
        lambda w: f"{P}putaran/{_round(w)}/tandai/",
        on_a(READS_A, 302),
        mutates=READS_A,
        data=lambda w: {"mark": "card", "entries": [_last["entry"].pk]},
    ),
    Case(
        "bansos/putaran/<int:round_id>/tutup/",
        "post",
        lambda w: f"{P}putaran/{_round(w)}/tutup/",
        on_a(SEES_A, 302),
        mutates=SEES_A,
    ),
    Case(
        "bansos/putaran/<int:round_id>/rekonsiliasi/",
        "get",
        lambda w: f"{P}putaran/{_round(w)}/rekonsiliasi/",
        on_a(READS_A | {"partner"}, 200),
    ),
    Case("bansos/pengaduan/", "get", lambda w: P + "pengaduan/", statuses(200)),
    Case(
        "bansos/pengaduan/baru/",
        "get",
        lambda w: (_ready(w), P + "pengaduan/baru/")[1],
        only(COORDS | PSMS, 200),
    ),
    Case(
        "bansos/pengaduan/baru/",
        "post",
        lambda w: (_ready(w), P + "pengaduan/baru/")[1],
        {**only(READS_A, 302), "other_regency": 400, "other_village": 400},
        mutates=READS_A,
        data=_complaint_form,
    ),
    Case(
        "bansos/pengaduan/<int:complaint_id>/",
        "get",
        lambda w: f"{P}pengaduan/{_complaint(w)}/",
        on_a(READS_A | {"partner"}, 200),
    ),
    *[
        Case(
            f"bansos/pengaduan/<int:complaint_id>/{step}/",
            "post",
            (lambda s: lambda w: f"{P}pengaduan/{_complaint(w, answered=s == 'tutup')}/{s}/")(step),
            on_a(SEES_A, 302, sees=READS_A | {"partner"}),
            mutates=SEES_A,
            data=lambda w: {"note": "Dicek ke rumah KPM", "answer": "Dana sudah masuk hari ini."},
        )
        for step in ("verifikasi", "jawab", "tolak", "tutup", "eskalasi")
    ],
    Case("bansos/usulan/", "get", lambda w: P + "usulan/", statuses(200)),
    Case(
        "bansos/usulan/baru/",
        "get",
        lambda w: (_ready(w), P + "usulan/baru/")[1],
        only(COORDS | PSMS, 200),
    ),
    Case(
        "bansos/usulan/baru/",
        "post",
        lambda w: (_ready(w), P + "usulan/baru/")[1],
        {**only(READS_A, 302), "other_regency": 400, "other_village": 400},
        mutates=READS_A,
        data=_proposal_form,
    ),
    Case(
        "bansos/usulan/siks-ng.xlsx",
        "get",
        lambda w: (_proposal(w, verified=True), P + "usulan/siks-ng.xlsx")[1],
        only(EXPORTERS, 200),
        mutates=EXPORTERS,
    ),
    Case(
        "bansos/usulan/siks-ng.xlsx",
        "post",
        lambda w: (_proposal(w, verified=True), P + "usulan/siks-ng.xlsx")[1],
        only(REVEALERS, 200),
        mutates=REVEALERS,
        data=lambda w: {"reason": "Entri SIKS-NG bulan ini"},
    ),
    Case(
        "bansos/usulan/<int:proposal_id>/",
        "get",
        lambda w: f"{P}usulan/{_proposal(w)}/",
        on_a(READS_A | {"partner"}, 200),
    ),
    Case(
        "bansos/usulan/<int:proposal_id>/bukti/",
        "post",
        lambda w: f"{P}usulan/{_proposal(w)}/bukti/",
        on_a(READS_A, 302, sees=READS_A | {"partner"}),
        mutates=READS_A,
        data=lambda w: {
            "evidence_kind": "musdes",
            "evidence_number": "BA/07/2026",
            "evidence_date": "2026-01-10",
            "evidence_file": _photo(),
        },
    ),
    Case(
        "bansos/usulan/<int:proposal_id>/kirim/",
        "post",
        lambda w: f"{P}usulan/{_with_evidence(w)}/kirim/",
        on_a(READS_A, 302, sees=READS_A | {"partner"}),
        mutates=READS_A,
    ),
    Case(
        "bansos/usulan/<int:proposal_id>/verifikasi/",
        "post",
        lambda w: f"{P}usulan/{_proposal(w, submitted=True)}/verifikasi/",
        on_a(VERIFIERS_A, 302, sees=READS_A | {"partner"}),
        mutates=VERIFIERS_A,
    ),
    Case(
        "bansos/usulan/<int:proposal_id>/sahkan/",
        "post",
        lambda w: f"{P}usulan/{_proposal(w, verified=True)}/sahkan/",
        on_a(VERIFIERS_A, 302, sees=READS_A | {"partner"}),
        mutates=VERIFIERS_A,
    ),
    Case(
        "bansos/usulan/<int:proposal_id>/tolak/",
        "post",
        lambda w: f"{P}usulan/{_proposal(w, submitted=True)}/tolak/",
        on_a(VERIFIERS_A, 302, sees=READS_A | {"partner"}),
        mutates=VERIFIERS_A,
        data=lambda w: {"note": "Tidak memenuhi kriteria desil"},
    ),
    Case("pengaduan-bansos/", "get", lambda w: "/pengaduan-bansos/", EVERYONE),
    Case(
        "pengaduan-bansos/",
        "post",
        lambda w: "/pengaduan-bansos/",
        dict.fromkeys(PERSONAS, 302),
        mutates=set(PERSONAS),
        data=_public_form,
    ),
    Case("pengaduan-bansos/cek/", "get", lambda w: "/pengaduan-bansos/cek/", EVERYONE),
    Case(
        "pengaduan-bansos/cek/<str:code>/",
        "get",
        lambda w: f"/pengaduan-bansos/cek/{_code(w)}/",
        EVERYONE,
    ),
    # The API, with the browser session (token auth is covered by the registry API tests).
    Case("api/v1/aid/programs", "get", lambda w: A + "programs", statuses(200, anonymous=401)),
    Case(
        "api/v1/aid/programs",
        "post",
        lambda w: A + "programs",
        only(MANAGERS, 201, anonymous=401),
        mutates=MANAGERS,
        data=lambda w: {
            "code": "blt-dd",
            "name": "BLT Dana Desa",
            "scheme": "blt",
            "kind": "cash",
            "channel": "direct",
            "cadence": "monthly",
            "amount": 300000,
        },
        json=True,
    ),
    Case(
        "api/v1/aid/programs/<program_id>",
        "get",
        lambda w: f"{A}programs/{_program(w)}",
        statuses(200, anonymous=401),
    ),
    Case(
        "api/v1/aid/programs/<program_id>/periods",
        "get",
        lambda w: f"{A}programs/{_program(w)}/periods",
        statuses(200, anonymous=401),
    ),
    Case(
        "api/v1/aid/programs/<program_id>/periods",
        "post",
        lambda w: f"{A}programs/{_program(w)}/periods",
        only(MANAGERS, 201, anonymous=401),
        mutates=MANAGERS,
        data=lambda w: {"label": "Maret 2026", "starts_on": "2026-03-01", "ends_on": "2026-03-31"},
        json=True,
    ),
    Case(
        "api/v1/aid/periods/<period_id>/imports",
        "post",
        lambda w: f"{A}periods/{_period(w)}/imports",
        only(COORDS, 201, anonymous=401),
        mutates=COORDS,
        data=_csv_upload,
    ),
    Case(
        "api/v1/aid/imports/template",
        "get",
        lambda w: A + "imports/template",
        only(COORDS, 200, anonymous=401),
    ),
    Case(
        "api/v1/aid/periods/<period_id>/imports",
        "get",
        lambda w: f"{A}periods/{_period(w)}/imports",
        only(COORDS, 200, anonymous=401),
    ),
    Case(
        "api/v1/aid/periods/<period_id>/export.<fmt>",
        "get",
        lambda w: f"{A}periods/{_period(w)}/export.csv",
        only(COORDS, 200, anonymous=401),
        mutates=COORDS,
    ),
    Case(
        "api/v1/aid/periods/<period_id>/export.<fmt>",
        "post",
        lambda w: f"{A}periods/{_period(w)}/export.xlsx",
        only(REVEALERS, 200, anonymous=401),
        mutates=REVEALERS,
        data=lambda w: {"reason": "Rekonsiliasi dengan bank penyalur"},
        json=True,
    ),
    Case(
        "api/v1/aid/imports/<import_id>",
        "get",
        lambda w: f"{A}imports/{_import(w)}",
        only({"regency"}, 200, others=404, anonymous=401),
    ),
    Case(
        "api/v1/aid/imports/<import_id>/confirm",
        "post",
        lambda w: f"{A}imports/{_uploaded(w)}/confirm",
        only({"regency"}, 200, others=404, anonymous=401),
        mutates={"regency"},
        data=lambda w: {"mapping": {"nik": 0, "pengurus_name": 1, "kk": 2, "village": 3}},
        json=True,
    ),
    Case(
        "api/v1/aid/imports/<import_id>/resume",
        "post",
        lambda w: f"{A}imports/{_stalled(w)}/resume",
        only({"regency"}, 200, others=404, anonymous=401),
        mutates={"regency"},
    ),
    Case(
        "api/v1/aid/imports/<import_id>/problems",
        "get",
        lambda w: f"{A}imports/{_import(w)}/problems",
        only({"regency"}, 200, others=404, anonymous=401),
    ),
    Case(
        "api/v1/aid/periods/<period_id>/entries",
        "get",
        lambda w: f"{A}periods/{_period(w)}/entries",
        only(COORDS | PSMS, 200, anonymous=401),
    ),
    Case(
        "api/v1/aid/entries/find",
        "post",
        lambda w: (_entry(w), A + "entries/find")[1],
        only(COORDS | PSMS, 200, anonymous=401),
        data=lambda w: {"number": _last["entry"].pengurus.nik},
        json=True,
    ),
    Case("api/v1/aid/entries/<entry_id>", "get", lambda w: f"{A}entries/{_entry(w)}", API_READS_A),
    Case(
        "api/v1/aid/entries/<entry_id>/reveal",
        "post",
        lambda w: f"{A}entries/{_entry(w)}/reveal",
        on_a(REVEALERS_A, 200, anonymous=401),
        mutates=REVEALERS_A,
        data=lambda w: {"reason": "Kartu KKS tertukar"},
        json=True,
    ),
    Case(
        "api/v1/aid/assignments",
        "get",
        lambda w: A + "assignments",
        only(COORDS | PSMS, 200, anonymous=401),
    ),
    Case(
        "api/v1/aid/assignments",
        "post",
        lambda w: (_ready(w), A + "assignments")[1],
        only(SEES_A, 201, anonymous=401),
        mutates=SEES_A,
        data=lambda w: {"village_code": w.village_a.code, "username": "psm.b"},
        json=True,
    ),
    Case(
        "api/v1/aid/assignments/<assignment_id>/end",
        "post",
        lambda w: f"{A}assignments/{_assignment(w)}/end",
        only(SEES_A, 200, others=404, anonymous=401),
        mutates=SEES_A,
    ),
    Case("api/v1/aid/rounds", "get", lambda w: A + "rounds", statuses(200, anonymous=401)),
    Case(
        "api/v1/aid/periods/<period_id>/rounds",
        "post",
        lambda w: f"{A}periods/{_period(w)}/rounds",
        only(SEES_A, 201, anonymous=401),
        mutates=SEES_A,
        data=lambda w: {"region_code": w.village_a.code},
        json=True,
    ),
    Case(
        "api/v1/aid/rounds/<round_id>/families",
        "get",
        lambda w: f"{A}rounds/{_round(w)}/families",
        API_READS_A,
    ),
    Case(
        "api/v1/aid/rounds/<round_id>/families/<entry_id>/marks",
        "post",
        lambda w: f"{A}rounds/{_round(w)}/families/{_last['entry'].pk}/marks",
        on_a(READS_A, 200, anonymous=401),
        mutates=READS_A,
        data=lambda w: {"mark": "problem", "problem": "pin"},
        json=True,
    ),
    Case(
        "api/v1/aid/rounds/<round_id>/families/<entry_id>/photo",
        "post",
        lambda w: f"{A}rounds/{_round(w)}/families/{_last['entry'].pk}/photo",
        on_a(READS_A, 200, anonymous=401),
        mutates=READS_A,
        data=lambda w: {"mark": "received", "photo": _photo()},
    ),
    Case(
        "api/v1/aid/rounds/<round_id>/marks",
        "post",
        lambda w: f"{A}rounds/{_round(w)}/marks",
        on_a(READS_A, 200, anonymous=401),
        mutates=READS_A,
        data=lambda w: {"mark": "credited", "entry_ids": [_last["entry"].pk]},
        json=True,
    ),
    Case(
        "api/v1/aid/rounds/<round_id>/close",
        "post",
        lambda w: f"{A}rounds/{_round(w)}/close",
        on_a(SEES_A, 200, anonymous=401),
        mutates=SEES_A,
    ),
    Case(
        "api/v1/aid/rounds/<round_id>/reconciliation",
        "get",
        lambda w: f"{A}rounds/{_round(w)}/reconciliation",
        on_a(READS_A | {"partner"}, 200, anonymous=401),
    ),
    Case("api/v1/aid/complaints", "get", lambda w: A + "complaints", statuses(200, anonymous=401)),
    Case(
        "api/v1/aid/complaints",
        "post",
        lambda w: (_ready(w), A + "complaints")[1],
        only(READS_A, 201, anonymous=401),
        mutates=READS_A,
        data=lambda w: {
            "category": "levy",
            "village_code": w.village_a.code,
            "description": "Ada potongan Rp20.000 di e-Warong.",
        },
        json=True,
    ),
    Case(
        "api/v1/aid/public/complaints",
        "post",
        lambda w: A + "public/complaints",
        dict.fromkeys(PERSONAS, 201),
        mutates=set(PERSONAS),
        data=lambda w: {
            "category": "not_received",
            "village_code": w.village_a.code,
            "description": "Dana bulan ini belum masuk ke kartu KKS.",
        },
        json=True,
    ),
    Case(
        "api/v1/aid/public/complaints/<code>",
        "get",
        lambda w: f"{A}public/complaints/{_code(w)}",
        EVERYONE,
    ),
    Case(
        "api/v1/aid/complaints/<complaint_id>",
        "get",
        lambda w: f"{A}complaints/{_complaint(w)}",
        on_a(READS_A | {"partner"}, 200, anonymous=401),
    ),
    *[
        Case(
            f"api/v1/aid/complaints/<complaint_id>/{step}",
            "post",
            (lambda s: lambda w: f"{A}complaints/{_complaint(w, answered=s == 'close')}/{s}")(step),
            on_a(SEES_A, 200, sees=READS_A | {"partner"}, anonymous=401),
            mutates=SEES_A,
            data=lambda w: {"note": "Dicek", "answer": "Dana sudah masuk hari ini."},
            json=True,
        )
        for step in ("verify", "answer", "reject", "close", "escalate")
    ],
    Case("api/v1/aid/proposals", "get", lambda w: A + "proposals", statuses(200, anonymous=401)),
    Case(
        "api/v1/aid/proposals",
        "post",
        lambda w: (_ready(w), A + "proposals")[1],
        only(READS_A, 201, anonymous=401),
        mutates=READS_A,
        data=lambda w: {
            "kind": "new_family",
            "village_code": w.village_a.code,
            "head_name": "Irwan Daud",
            "reason": "Keluarga miskin baru.",
        },
        json=True,
    ),
    Case(
        "api/v1/aid/proposals/siks-ng",
        "get",
        lambda w: (_proposal(w, verified=True), A + "proposals/siks-ng")[1],
        only(EXPORTERS, 200, anonymous=401),
        mutates=EXPORTERS,
    ),
    Case(
        "api/v1/aid/proposals/siks-ng",
        "post",
        lambda w: (_proposal(w, verified=True), A + "proposals/siks-ng")[1],
        only(REVEALERS, 200, anonymous=401),
        mutates=REVEALERS,
        data=lambda w: {"reason": "Entri SIKS-NG bulan ini"},
        json=True,
    ),
    Case(
        "api/v1/aid/proposals/<proposal_id>",
        "get",
        lambda w: f"{A}proposals/{_proposal(w)}",
        on_a(READS_A | {"partner"}, 200, anonymous=401),
    ),
    Case(
        "api/v1/aid/proposals/<proposal_id>/evidence",
        "post",
        lambda w: f"{A}proposals/{_proposal(w)}/evidence",
        on_a(READS_A, 200, sees=READS_A | {"partner"}, anonymous=401),
        mutates=READS_A,
        data=lambda w: {"kind": "muskel", "number": "BA/2/2026", "date": "2026-01-09"},
        json=True,
    ),
    Case(
        "api/v1/aid/proposals/<proposal_id>/evidence/file",
        "post",
        lambda w: f"{A}proposals/{_proposal(w)}/evidence/file",
        on_a(READS_A, 200, sees=READS_A | {"partner"}, anonymous=401),
        mutates=READS_A,
        data=lambda w: {
            "kind": "sptjm",
            "number": "SPTJM/4/2026",
            "date": "2026-01-11",
            "file": _photo(),
        },
    ),
    Case(
        "api/v1/aid/proposals/<proposal_id>/submit",
        "post",
        lambda w: f"{A}proposals/{_with_evidence(w)}/submit",
        on_a(READS_A, 200, sees=READS_A | {"partner"}, anonymous=401),
        mutates=READS_A,
    ),
    *[
        Case(
            f"api/v1/aid/proposals/<proposal_id>/{step}",
            "post",
            (
                lambda s: (
                    lambda w: (
                        f"{A}proposals/{_proposal(w, submitted=True, verified=s == 'ratify')}/{s}"
                    )
                )
            )(step),
            on_a(VERIFIERS_A, 200, sees=READS_A | {"partner"}, anonymous=401),
            mutates=VERIFIERS_A,
            data=lambda w: {"note": "Sesuai hasil verifikasi lapangan"},
            json=True,
        )
        for step in ("verify", "ratify", "reject")
    ],
]
