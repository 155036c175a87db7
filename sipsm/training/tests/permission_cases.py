"""Permission matrix cases of capacity building (see sipsm/core/tests/matrix.py).

Sessions are organised by the regency unit 75.01: its coordinators (national, province,
regency) run them; everyone in its area (the district, both villages, the partner) sees them;
the other regency gets 404. The village PSM's account is linked to member_a, who enrols.
"""

from __future__ import annotations

from sipsm.coordination.tests.matrix_helpers import IN_AREA, RUNS_UNIT, everyone, matrix, only
from sipsm.coordination.tests.support import link_member
from sipsm.core.tests.matrix import PERSONAS, Case
from sipsm.testing import World
from sipsm.training.tests import support as s

CATALOGUE_KEEPERS = {"national", "province", "regency", "other_regency"}
COORDINATORS = CATALOGUE_KEEPERS | {"district"}
SEES_MEMBER_A = {"national", "province", "regency", "district"}


def _course(w: World) -> int:
    return s.course().pk


def _session(w: World) -> int:
    return s.session(w).pk


def _self_enrol(w: World) -> str:
    link_member(w)
    return f"/pelatihan/sesi/{_session(w)}/daftar/"


def _enrolment(w: World, suffix: str, *, stage: str = "enrolled") -> str:
    return f"/pelatihan/peserta/{s.enrolment(w, stage=stage).pk}/{suffix}"


def _ticket(w: World) -> str:
    return f"/pelatihan/tiket/{s.enrolment(w).ticket_token}/"


def _my(w: World) -> str:
    link_member(w)
    return "/pelatihan/saya/"


COURSE_FORM = {
    "code": "konseling-dasar",
    "title": "Konseling Dasar",
    "category": "other",
    "skills": [],
    "hours": "8",
    "pass_mark": "70",
    "is_active": "on",
}
SESSION_FORM = {
    "unit": "",
    "starts_on": "2025-09-01",
    "ends_on": "2025-09-02",
    "place": "Balai desa",
    "quota": "25",
}

CASES: list[Case] = [
    Case("pelatihan/", "get", lambda w: "/pelatihan/", everyone(200)),
    Case(
        "pelatihan/kursus/baru/",
        "get",
        lambda w: "/pelatihan/kursus/baru/",
        only(CATALOGUE_KEEPERS, 200, 403),
    ),
    Case(
        "pelatihan/kursus/baru/",
        "post",
        lambda w: "/pelatihan/kursus/baru/",
        only(CATALOGUE_KEEPERS, 302, 403),
        mutates=CATALOGUE_KEEPERS,
        data=lambda w: COURSE_FORM,
    ),
    Case(
        "pelatihan/kursus/<int:course_id>/",
        "get",
        lambda w: f"/pelatihan/kursus/{_course(w)}/",
        everyone(200),
    ),
    Case(
        "pelatihan/kursus/<int:course_id>/ubah/",
        "get",
        lambda w: f"/pelatihan/kursus/{_course(w)}/ubah/",
        only(CATALOGUE_KEEPERS, 200, 403),
    ),
    Case(
        "pelatihan/kursus/<int:course_id>/ubah/",
        "post",
        lambda w: f"/pelatihan/kursus/{_course(w)}/ubah/",
        only(CATALOGUE_KEEPERS, 302, 403),
        mutates=CATALOGUE_KEEPERS,
        data=lambda w: {**COURSE_FORM, "code": "pertolongan-pertama", "pass_mark": "75"},
    ),
    Case(
        "pelatihan/kursus/<int:course_id>/sesi/baru/",
        "get",
        lambda w: f"/pelatihan/kursus/{_course(w)}/sesi/baru/",
        only(COORDINATORS, 200, 403),
    ),
    Case(
        "pelatihan/kursus/<int:course_id>/sesi/baru/",
        "post",
        lambda w: f"/pelatihan/kursus/{_course(w)}/sesi/baru/",
        only(COORDINATORS, 302, 403),
        mutates=COORDINATORS,
        data=lambda w: SESSION_FORM,
    ),
    Case("pelatihan/sesi/", "get", lambda w: "/pelatihan/sesi/", everyone(200)),
    Case(
        "pelatihan/sesi/<int:session_id>/",
        "get",
        lambda w: f"/pelatihan/sesi/{_session(w)}/",
        matrix(IN_AREA, 200),
    ),
    Case(
        "pelatihan/sesi/<int:session_id>/daftar/",
        "post",
        _self_enrol,
        matrix({"village"}, 302),
        mutates={"village"},
    ),
    Case(
        "pelatihan/sesi/<int:session_id>/peserta/",
        "post",
        lambda w: f"/pelatihan/sesi/{_session(w)}/peserta/",
        matrix(RUNS_UNIT, 302),
        mutates=RUNS_UNIT,
        data=lambda w: {"kta_number": w.member_b.kta_number},
    ),
    Case(
        "pelatihan/sesi/<int:session_id>/status/",
        "post",
        lambda w: f"/pelatihan/sesi/{_session(w)}/status/",
        matrix(RUNS_UNIT, 302),
        mutates=RUNS_UNIT,
        data=lambda w: {"status": "closed"},
    ),
    Case(
        "pelatihan/peserta/<int:enrolment_id>/batal/",
        "post",
        lambda w: _enrolment(w, "batal/"),
        only(RUNS_UNIT | {"village"}, 302, 404),
        mutates=RUNS_UNIT | {"village"},
    ),
    Case(
        "pelatihan/peserta/<int:enrolment_id>/hadir/",
        "post",
        lambda w: _enrolment(w, "hadir/"),
        only(RUNS_UNIT, 302, 404) | {"village": 403},
        mutates=RUNS_UNIT,
    ),
    Case(
        "pelatihan/peserta/<int:enrolment_id>/nilai/",
        "post",
        lambda w: _enrolment(w, "nilai/", stage="checked_in"),
        only(RUNS_UNIT, 302, 404) | {"village": 403},
        mutates=RUNS_UNIT,
        data=lambda w: {"score": "90"},
    ),
    Case(
        "pelatihan/peserta/<int:enrolment_id>/sertifikat.pdf",
        "get",
        lambda w: _enrolment(w, "sertifikat.pdf", stage="passed"),
        only(SEES_MEMBER_A | {"village"}, 200, 404),
    ),
    Case("pelatihan/tiket/<str:token>/", "get", _ticket, only(RUNS_UNIT, 200, 404)),
    Case(
        "pelatihan/tiket/<str:token>/",
        "post",
        _ticket,
        only(RUNS_UNIT, 302, 404),
        mutates=RUNS_UNIT,
    ),
    Case("pelatihan/saya/", "get", _my, only({"village"}, 200, 404)),
    Case("pelatihan/kebutuhan/", "get", lambda w: "/pelatihan/kebutuhan/", everyone(200)),
    Case(
        "sertifikat/v/<str:token>/",
        "get",
        lambda w: f"/sertifikat/v/{s.enrolment(w, stage='passed').certificate_token}/",
        dict.fromkeys(PERSONAS, 200),
    ),
]

API = "api/v1/"


def _api_enrolment(w: World, suffix: str, *, stage: str = "enrolled") -> str:
    return f"/api/v1/enrolments/{s.enrolment(w, stage=stage).pk}/{suffix}"


CASES += [
    Case(API + "courses", "get", lambda w: "/api/v1/courses", everyone(200, api=True)),
    Case(
        API + "courses",
        "post",
        lambda w: "/api/v1/courses",
        only(CATALOGUE_KEEPERS, 201, 403, api=True),
        mutates=CATALOGUE_KEEPERS,
        data=lambda w: {"code": "konseling", "title": "Konseling", "category": "other"},
        json=True,
    ),
    Case(
        API + "courses/<course_id>",
        "get",
        lambda w: f"/api/v1/courses/{_course(w)}",
        everyone(200, api=True),
    ),
    Case(
        API + "courses/<course_id>",
        "put",
        lambda w: f"/api/v1/courses/{_course(w)}",
        only(CATALOGUE_KEEPERS, 200, 403, api=True),
        mutates=CATALOGUE_KEEPERS,
        data=lambda w: {
            "code": "pertolongan-pertama",
            "title": "Pertolongan Pertama",
            "category": "first_aid",
            "skills": ["first_aid"],
            "pass_mark": 75,
        },
        json=True,
    ),
    Case(
        API + "courses/<course_id>/sessions",
        "post",
        lambda w: f"/api/v1/courses/{_course(w)}/sessions",
        only(COORDINATORS, 201, 403, api=True),
        mutates=COORDINATORS,
        data=lambda w: {
            "starts_on": "2025-09-01",
            "ends_on": "2025-09-01",
            "quota": 10,
            "online": True,
        },
        json=True,
    ),
    Case(
        API + "training-sessions",
        "get",
        lambda w: "/api/v1/training-sessions",
        everyone(200, api=True),
    ),
    Case(
        API + "training-sessions/<session_id>",
        "get",
        lambda w: f"/api/v1/training-sessions/{_session(w)}",
        matrix(IN_AREA, 200, api=True),
    ),
    Case(
        API + "training-sessions/<session_id>/status",
        "post",
        lambda w: f"/api/v1/training-sessions/{_session(w)}/status",
        matrix(RUNS_UNIT, 200, api=True),
        mutates=RUNS_UNIT,
        data=lambda w: {"status": "completed"},
        json=True,
    ),
    Case(
        API + "training-sessions/<session_id>/enrolments",
        "get",
        lambda w: f"/api/v1/training-sessions/{_session(w)}/enrolments",
        matrix(RUNS_UNIT, 200, api=True),
    ),
    Case(
        API + "training-sessions/<session_id>/enrolments",
        "post",
        lambda w: (link_member(w), f"/api/v1/training-sessions/{_session(w)}/enrolments")[1],
        matrix({"village"}, 201, api=True),
        mutates={"village"},
        data=lambda w: {},
        json=True,
    ),
    Case(API + "enrolments", "get", lambda w: "/api/v1/enrolments", everyone(200, api=True)),
    Case(
        API + "enrolments/<enrolment_id>/cancel",
        "post",
        lambda w: _api_enrolment(w, "cancel"),
        only(RUNS_UNIT | {"village"}, 200, 404, api=True),
        mutates=RUNS_UNIT | {"village"},
        json=True,
    ),
    Case(
        API + "enrolments/<enrolment_id>/check-in",
        "post",
        lambda w: _api_enrolment(w, "check-in"),
        only(RUNS_UNIT, 200, 404, api=True) | {"village": 403},
        mutates=RUNS_UNIT,
        json=True,
    ),
    Case(
        API + "check-in",
        "post",
        lambda w: (setattr(w, "token", s.enrolment(w).ticket_token), "/api/v1/check-in")[1],
        only(RUNS_UNIT, 200, 404, api=True),
        mutates=RUNS_UNIT,
        data=lambda w: {"token": w.token},  # type: ignore[attr-defined]
        json=True,
    ),
    Case(
        API + "enrolments/<enrolment_id>/assessment",
        "post",
        lambda w: _api_enrolment(w, "assessment", stage="checked_in"),
        only(RUNS_UNIT, 200, 404, api=True) | {"village": 403},
        mutates=RUNS_UNIT,
        data=lambda w: {"score": 70},
        json=True,
    ),
    Case(
        API + "enrolments/<enrolment_id>/certificate",
        "get",
        lambda w: _api_enrolment(w, "certificate", stage="passed"),
        only(SEES_MEMBER_A | {"village"}, 200, 404, api=True),
    ),
    Case(
        API + "training-needs",
        "get",
        lambda w: "/api/v1/training-needs",
        everyone(200, api=True),
    ),
]
