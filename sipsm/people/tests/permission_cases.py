"""Permission matrix cases of this app (see sipsm/core/tests/permission_cases.py).

The person and household live in village_a (registered by the village PSM). People are read
by the PSMs and coordinators whose region covers the village; the other regency and the PSM
of village_b get 404, the government partner too (partners get aggregates only). Merging,
imports and exports are for coordinators; full NIK/KK in an export for those who may reveal
NIKs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sipsm.core.tests.matrix import SIGNED_IN, Case, statuses
from sipsm.people.actions import persons as person_actions
from sipsm.people.imports import import_ppks
from sipsm.people.tests.support import make_household, make_kk, make_person, ppks
from sipsm.testing import World, synthetic_nik

SEES = {"national", "province", "regency", "district", "village"}
READERS = SEES | {"other_regency", "other_village"}
COORDINATORS = {"national", "province", "regency", "other_regency", "district"}
MERGERS = {"national", "province", "regency", "district"}
REVEALERS = {"national", "province", "regency", "other_regency"}


def sees(allowed: set[str], ok: int, *, refused: int = 403, anonymous: int = 302) -> dict[str, int]:
    """`allowed` get `ok`; personas who can read the village_a person but may not act get
    `refused`; those who cannot read it get 404."""
    result = {"anonymous": anonymous}
    for persona in SIGNED_IN:
        result[persona] = ok if persona in allowed else refused if persona in SEES else 404
    return result


def only(allowed: set[str], ok: int, *, others: int = 403, anonymous: int = 302) -> dict[str, int]:
    return {**statuses(others, anonymous=anonymous), **dict.fromkeys(allowed, ok)}


def _person(w: World) -> int:
    return make_person(w).pk


_twin: dict[str, int] = {}


def _twins(w: World) -> str:
    """Two records of one child in village_a: `<first>/gabung/?dengan=<second>`; the data of
    the request (built after the path) reads the second from `_twin`."""
    first = make_person(w, full_name="Rizki Pratama")
    second = make_person(w, full_name="Risky Pratama", actor=w.district)
    _twin["second"] = second.pk
    return f"{first.pk}/gabung/?dengan={second.pk}"


def _membership(w: World) -> str:
    person = make_person(w)
    membership = person_actions.add_ppks_membership(
        acting_user=w.village,
        person=person,
        category=ppks("anak-jalanan"),
        since=dt.date(2025, 1, 5),
    )
    return f"{person.pk}/ppks/{membership.pk}"


def _household(w: World) -> int:
    return make_household(w).pk


def _household_member(w: World) -> str:
    from sipsm.people.actions.households import add_member

    household = make_household(w)
    membership = add_member(
        acting_user=w.village, household=household, person=make_person(w), relationship="anak"
    )
    return f"{household.pk}/anggota/{membership.pk}"


def _csv(w: World) -> SimpleUploadedFile:
    rows = [
        "nama,jenis_kelamin,tanggal_lahir,kode_desa,ppks,sejak",
        f"Dewi Lamato,P,2012-02-03,{w.village_a.code},anak-jalanan,2025-01-10",
    ]
    return SimpleUploadedFile("ppks.csv", "\n".join(rows).encode(), content_type="text/csv")


def _import_by_regency(w: World) -> int:
    _report, run = import_ppks(acting_user=w.regency, stream=_csv(w).file, filename="ppks.csv")
    return run.pk


def _person_form(w: World, **values: Any) -> dict[str, Any]:
    return {
        "full_name": "Rahmat Hasan",
        "sex": "M",
        "age_years": 11,
        "village": w.village_a.code,
        "confirm_new": "1",
        **values,
    }


P = "warga/<int:person_id>/"
H = "keluarga/<int:household_id>/"
API_READERS = READERS
CASES: list[Case] = [
    Case("warga/", "get", lambda w: "/warga/", only(READERS, 200, others=404)),
    Case(
        "warga/",
        "post",
        lambda w: "/warga/",
        only(READERS, 200, others=404),
        data=lambda w: {"nik": synthetic_nik(w.village_a)},
    ),
    Case("warga/baru/", "get", lambda w: "/warga/baru/", only(READERS, 200)),
    Case(
        "warga/baru/",
        "post",
        lambda w: "/warga/baru/",
        {**only(SEES, 302), "other_regency": 400, "other_village": 400},
        mutates=SEES,
        data=_person_form,
    ),
    Case("warga/duplikat/", "get", lambda w: "/warga/duplikat/", only(COORDINATORS, 200)),
    Case("warga/impor/", "get", lambda w: "/warga/impor/", only(COORDINATORS, 200)),
    Case(
        "warga/impor/",
        "post",
        lambda w: "/warga/impor/",
        only(COORDINATORS, 302),
        mutates=COORDINATORS,
        data=lambda w: {"file": _csv(w)},
    ),
    Case(
        "warga/impor/template.csv",
        "get",
        lambda w: "/warga/impor/template.csv",
        only(COORDINATORS, 200),
    ),
    Case(
        "warga/impor/<int:import_id>/",
        "get",
        lambda w: f"/warga/impor/{_import_by_regency(w)}/",
        only({"regency"}, 200, others=404),
    ),
    Case(
        "warga/impor/<int:import_id>/laporan.csv",
        "get",
        lambda w: f"/warga/impor/{_import_by_regency(w)}/laporan.csv",
        only({"regency"}, 200, others=404),
    ),
    Case(
        "warga/ekspor.<str:fmt>",
        "get",
        lambda w: "/warga/ekspor.csv",
        only(COORDINATORS, 200),
        mutates=COORDINATORS,
    ),
    Case(
        "warga/ekspor.<str:fmt>",
        "post",
        lambda w: "/warga/ekspor.xlsx",
        only(REVEALERS, 200),
        mutates=REVEALERS,
        data=lambda w: {"reason": "Verifikasi Dinas Sosial"},
    ),
    Case(P, "get", lambda w: f"/warga/{_person(w)}/", sees(SEES, 200)),
    Case(P + "ubah/", "get", lambda w: f"/warga/{_person(w)}/ubah/", sees(SEES, 200)),
    Case(
        P + "ubah/",
        "post",
        lambda w: f"/warga/{_person(w)}/ubah/",
        sees(SEES, 302),
        mutates=SEES,
        data=lambda w: _person_form(w, full_name="Andi Saputra Daud"),
    ),
    Case(
        P + "ppks/",
        "post",
        lambda w: f"/warga/{_person(w)}/ppks/",
        sees(SEES, 302),
        mutates=SEES,
        data=lambda w: {"category": ppks("anak-telantar").pk, "since": "2025-02-01"},
    ),
    Case(
        P + "ppks/<int:membership_id>/akhiri/",
        "post",
        lambda w: f"/warga/{_membership(w)}/akhiri/",
        sees(SEES, 302),
        mutates=SEES,
        data=lambda w: {"until": "2025-03-01", "reason": "Kembali ke keluarga"},
    ),
    Case(P + "gabung/", "get", lambda w: f"/warga/{_twins(w)}", sees(MERGERS, 200)),
    Case(
        P + "gabung/",
        "post",
        lambda w: f"/warga/{_twins(w)}",
        sees(MERGERS, 302),
        mutates=MERGERS,
        data=lambda w: {"keep": "this", "other": _twin["second"]},
    ),
    Case("keluarga/", "get", lambda w: "/keluarga/", only(READERS, 200, others=404)),
    Case("keluarga/baru/", "get", lambda w: "/keluarga/baru/", only(READERS, 200)),
    Case(
        "keluarga/baru/",
        "post",
        lambda w: "/keluarga/baru/",
        {**only(SEES, 302), "other_regency": 400, "other_village": 400},
        mutates=SEES,
        data=lambda w: {"head_name": "Yusuf Katili", "village": w.village_a.code},
    ),
    Case(H, "get", lambda w: f"/keluarga/{_household(w)}/", sees(SEES, 200)),
    Case(H + "ubah/", "get", lambda w: f"/keluarga/{_household(w)}/ubah/", sees(SEES, 200)),
    Case(
        H + "ubah/",
        "post",
        lambda w: f"/keluarga/{_household(w)}/ubah/",
        sees(SEES, 302),
        mutates=SEES,
        data=lambda w: {"head_name": "Hasan D.", "village": w.village_a.code},
    ),
    Case(
        H + "anggota/",
        "post",
        lambda w: f"/keluarga/{_household(w)}/anggota/",
        sees(SEES, 302),
        mutates=SEES,
        data=lambda w: {"person": _person(w), "relationship": "anak", "since": "2025-01-01"},
    ),
    Case(
        H + "anggota/<int:membership_id>/akhiri/",
        "post",
        lambda w: f"/keluarga/{_household_member(w)}/akhiri/",
        sees(SEES, 302),
        mutates=SEES,
        data=lambda w: {"until": timezone.localdate().isoformat(), "reason": "Pindah"},
    ),
    Case("referensi/ppks-psks/", "get", lambda w: "/referensi/ppks-psks/", statuses(200)),
    # API
    Case(
        "api/v1/people",
        "get",
        lambda w: "/api/v1/people",
        only(API_READERS, 200, anonymous=401),
    ),
    Case(
        "api/v1/people",
        "post",
        lambda w: "/api/v1/people",
        only(SEES, 201, anonymous=401),
        mutates=SEES,
        data=lambda w: {"full_name": "Rina Mohi", "village_code": w.village_a.code, "sex": "F"},
        json=True,
    ),
    Case(
        "api/v1/people/search",
        "post",
        lambda w: "/api/v1/people/search",
        only(API_READERS, 200, anonymous=401),
        data=lambda w: {"q": "Andi"},
        json=True,
    ),
    Case(
        "api/v1/people/find-by-nik",
        "post",
        lambda w: "/api/v1/people/find-by-nik",
        only(API_READERS, 200, anonymous=401),
        data=lambda w: {"nik": synthetic_nik(w.village_a)},
        json=True,
    ),
    Case(
        "api/v1/people/<person_id>",
        "get",
        lambda w: f"/api/v1/people/{_person(w)}",
        sees(SEES, 200, anonymous=401),
    ),
    Case(
        "api/v1/people/<person_id>",
        "put",
        lambda w: f"/api/v1/people/{_person(w)}",
        sees(SEES, 200, anonymous=401),
        mutates=SEES,
        data=lambda w: {"full_name": "Andi S.", "village_code": w.village_a.code, "sex": "M"},
        json=True,
    ),
    Case(
        "api/v1/people/<person_id>/duplicates",
        "get",
        lambda w: f"/api/v1/people/{_person(w)}/duplicates",
        sees(SEES, 200, anonymous=401),
    ),
    Case(
        "api/v1/people/<person_id>/merge",
        "post",
        lambda w: f"/api/v1/people/{_twins(w).split('/')[0]}/merge",
        sees(MERGERS, 200, anonymous=401),
        mutates=MERGERS,
        data=lambda w: {"other_id": _twin["second"], "keep": "this"},
        json=True,
    ),
    Case(
        "api/v1/people/<person_id>/ppks",
        "post",
        lambda w: f"/api/v1/people/{_person(w)}/ppks",
        sees(SEES, 201, anonymous=401),
        mutates=SEES,
        data=lambda w: {"category": "pemulung", "since": "2025-02-01"},
        json=True,
    ),
    Case(
        "api/v1/people/<person_id>/ppks/<membership_id>/end",
        "post",
        lambda w: f"/api/v1/people/{_membership(w)}/end",
        sees(SEES, 200, anonymous=401),
        mutates=SEES,
        data=lambda w: {"until": "2025-03-01"},
        json=True,
    ),
    Case(
        "api/v1/households",
        "get",
        lambda w: "/api/v1/households",
        only(API_READERS, 200, anonymous=401),
    ),
    Case(
        "api/v1/households/search",
        "post",
        lambda w: "/api/v1/households/search",
        only(API_READERS, 200, anonymous=401),
        data=lambda w: {"q": "Hasan"},
        json=True,
    ),
    Case(
        "api/v1/households",
        "post",
        lambda w: "/api/v1/households",
        only(SEES, 201, anonymous=401),
        mutates=SEES,
        data=lambda w: {
            "head_name": "Yusuf Katili",
            "village_code": w.village_a.code,
            "kk": make_kk(w.village_a),
        },
        json=True,
    ),
    Case(
        "api/v1/households/<household_id>",
        "get",
        lambda w: f"/api/v1/households/{_household(w)}",
        sees(SEES, 200, anonymous=401),
    ),
    Case(
        "api/v1/households/<household_id>",
        "put",
        lambda w: f"/api/v1/households/{_household(w)}",
        sees(SEES, 200, anonymous=401),
        mutates=SEES,
        data=lambda w: {"head_name": "Hasan D.", "village_code": w.village_a.code},
        json=True,
    ),
    Case(
        "api/v1/households/<household_id>/members",
        "get",
        lambda w: f"/api/v1/households/{_household(w)}/members",
        sees(SEES, 200, anonymous=401),
    ),
    Case(
        "api/v1/households/<household_id>/members",
        "post",
        lambda w: f"/api/v1/households/{_household(w)}/members",
        sees(SEES, 201, anonymous=401),
        mutates=SEES,
        data=lambda w: {"person_id": _person(w), "relationship": "anak"},
        json=True,
    ),
    Case(
        "api/v1/households/<household_id>/members/<membership_id>/end",
        "post",
        lambda w: f"/api/v1/households/{_household_member(w)}/end".replace("anggota", "members"),
        sees(SEES, 200, anonymous=401),
        mutates=SEES,
        data=lambda w: {"until": timezone.localdate().isoformat(), "reason": "Pindah"},
        json=True,
    ),
    Case(
        "api/v1/reference-lists",
        "get",
        lambda w: "/api/v1/reference-lists",
        statuses(200, anonymous=401),
    ),
    Case(
        "api/v1/ppks-imports",
        "post",
        lambda w: "/api/v1/ppks-imports",
        only(COORDINATORS, 201, anonymous=401),
        mutates=COORDINATORS,
        data=lambda w: {"file": _csv(w)},
    ),
    Case(
        "api/v1/ppks-imports/<import_id>",
        "get",
        lambda w: f"/api/v1/ppks-imports/{_import_by_regency(w)}",
        only({"regency"}, 200, others=404, anonymous=401),
    ),
]
