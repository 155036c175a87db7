"""The permission matrix: every route of the web UI and the API, for every persona.

Personas (see sipsm.testing): national admin, province coordinator (75), regency coordinator
(75.01), a coordinator of another regency (75.03), the district coordinator (TKSK) and two
village PSMs of one district of 75.01 ("village" lives with member_a and candidate_a in
village_a; "other_village" in village_b), a government partner bound to 75.01, and anonymous.

`expect` gives the status code per persona; `mutates` lists the personas whose request must
change the database. Every other request must leave it exactly as it was.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sipsm.accounts.actions import issue_api_token
from sipsm.core.tests.matrix import (
    BLIND_TO_A,
    CAN_EDIT,
    CAN_REGISTER,
    CAN_VERIFY,
    EVERYONE,
    IMPORTERS,
    MANAGES_INCIDENT,
    PERSONAS,
    SEES_A,
    SEES_INCIDENT,
    SEES_REGENCY_UNIT,
    SIGNED_IN,
    Case,
    incident_matrix,
    member_matrix,
    statuses,
    unit_matrix,
)
from sipsm.incidents.actions.lifecycle import IncidentReport, change_status, report_incident
from sipsm.incidents.forms import FORM_TOKEN_SALT
from sipsm.incidents.links import token_for
from sipsm.incidents.models import Incident, IncidentType
from sipsm.registry.actions import members as member_actions
from sipsm.registry.actions import units as unit_actions
from sipsm.registry.forms import APPLICATION_FORM_SALT
from sipsm.registry.imports import import_members
from sipsm.testing import World, region, synthetic_nik


def _image() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), (10, 120, 80)).save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def _with_photo(world: World) -> World:
    member_actions.set_member_photo(
        acting_user=world.province, member=world.member_a, photo=_image()
    )
    world.member_a.refresh_from_db()
    return world


def _recommended(world: World) -> int:
    member_actions.recommend_member(acting_user=world.province, member=world.candidate_a)
    return world.candidate_a.pk


def _regency_unit(world: World) -> int:
    return unit_actions.ensure_unit(acting_user=None, region=region("75.01")).pk


def _term(world: World) -> int:
    unit = unit_actions.ensure_unit(acting_user=None, region=region("75.01"))
    return unit_actions.create_board_term(
        acting_user=None, unit=unit, start_year=2022, end_year=2027
    ).pk


def _position(world: World) -> int:
    unit = unit_actions.ensure_unit(acting_user=None, region=region("75.01"))
    term = unit_actions.create_board_term(
        acting_user=None, unit=unit, start_year=2022, end_year=2027
    )
    return unit_actions.add_board_position(
        acting_user=None, term=term, position="sekretaris", holder_name="Yanti Daud"
    ).pk


def _import_by_regency(world: World) -> int:
    csv = f"nama,jenis_kelamin,kode_desa\nSri Usman,P,{world.village_a.code}\n"
    _report, run = import_members(
        acting_user=world.regency,
        stream=io.BytesIO(csv.encode("utf-8")),
        filename="anggota.csv",
        mode="all_or_nothing",
    )
    return run.pk


def _regency_token(world: World) -> int:
    token, _secret = issue_api_token(acting_user=world.regency, name="laptop", days=7)
    return token.pk


def _aged_token(salt: str) -> str:
    """A public form's token as if the form had been opened half a minute ago."""
    import time

    from django.core import signing

    return signing.dumps(time.time() - 30, salt=salt)


def _new_candidate_form(world: World) -> dict[str, Any]:
    code = world.village_a.code
    return {
        "full_name": "Wulan Polapa",
        "nik": synthetic_nik(world.village_a),
        "sex": "F",
        "birth_date": "1990-07-01",
        "home_village": code,
        "ktp_village": code,
        "literate": "on",
        "commitment_declared": "on",
        "good_conduct_evidence": "Surat desa",
        "bimtek_dasar_date": "2024-02-01",
    }


def _edit_form(world: World) -> dict[str, Any]:
    form = _new_candidate_form(world)
    form["nik"] = world.member_a.nik
    form["full_name"] = "Nur Aisyah Hulopi-Usman"
    return form


def _member_json(world: World) -> dict[str, Any]:
    return {
        "full_name": "Indah Tangahu",
        "sex": "F",
        "home_village_code": world.village_a.code,
        "nik": synthetic_nik(world.village_a),
        "birth_date": "1991-01-09",
        "literate": True,
    }


def _member_json_edit(world: World) -> dict[str, Any]:
    data = _member_json(world)
    data["nik"] = world.member_a.nik
    data["full_name"] = "Nur Aisyah H."
    return data


def _incident(world: World, *, verified: bool = False) -> Incident:
    incident = report_incident(
        acting_user=world.village,
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title="Banjir di RT 02",
            region=world.village_a,
            channel="member",
        ),
    )
    if verified:
        change_status(
            acting_user=world.regency, incident=incident, to_status="verified", callout=False
        )
    return incident


def _callout_token(world: World) -> str:
    incident = _incident(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    return token_for(incident.assignments.order_by("rank")[0])


def _incident_form(world: World) -> dict[str, Any]:
    return {
        "type": IncidentType.objects.get(code="banjir").pk,
        "title": "Air naik 50 cm",
        "village": world.village_a.code,
        "severity": "moderate",
    }


_phones = itertools.count(7000)


def _public_report_form(world: World) -> dict[str, Any]:
    import time

    from django.core import signing

    return {
        **_incident_form(world),
        "reporter_name": "Warga",
        "reporter_phone": f"0812-3456-{next(_phones):04d}",
        "website": "",
        "form_token": signing.dumps(time.time() - 30, salt=FORM_TOKEN_SALT),
    }


A = lambda w: w.member_a.pk  # noqa: E731
CAND = lambda w: w.candidate_a.pk  # noqa: E731
CASES: list[Case] = [
    Case("", "get", lambda w: "/", EVERYONE),
    Case("healthz", "get", lambda w: "/healthz", EVERYONE),
    Case("wilayah/", "get", lambda w: "/wilayah/", EVERYONE),
    Case("wilayah/cari/", "get", lambda w: "/wilayah/cari/?q=limboto", EVERYONE),
    Case("wilayah/<str:code>/", "get", lambda w: "/wilayah/75.01/", EVERYONE),
    Case("anggota/", "get", lambda w: "/anggota/", statuses(200, partner=404)),
    Case(
        "anggota/",
        "post",
        lambda w: "/anggota/",
        statuses(200, partner=404),
        data=lambda w: {"nik": w.member_a.nik},
    ),
    Case("anggota/baru/", "get", lambda w: "/anggota/baru/", statuses(200, partner=403)),
    Case(
        "anggota/baru/",
        "post",
        lambda w: "/anggota/baru/",
        statuses(302, other_regency=400, other_village=400, partner=403),
        mutates=CAN_REGISTER,
        data=_new_candidate_form,
    ),
    Case(
        "anggota/impor/",
        "get",
        lambda w: "/anggota/impor/",
        {**statuses(403), **dict.fromkeys(IMPORTERS, 200)},
    ),
    Case(
        "anggota/impor/",
        "post",
        lambda w: "/anggota/impor/",
        {**statuses(403), **dict.fromkeys(IMPORTERS, 302)},
        mutates=IMPORTERS,
        data=lambda w: {
            "file": SimpleUploadedFile(
                "anggota.csv",
                f"nama,jenis_kelamin,kode_desa\nSri Usman,P,{w.village_a.code}\n".encode(),
                content_type="text/csv",
            ),
            "mode": "valid_rows",
        },
    ),
    Case(
        "anggota/impor/template.csv",
        "get",
        lambda w: "/anggota/impor/template.csv",
        {**statuses(403), **dict.fromkeys(IMPORTERS, 200)},
    ),
    Case(
        "anggota/impor/<int:import_id>/",
        "get",
        lambda w: f"/anggota/impor/{_import_by_regency(w)}/",
        statuses(404, regency=200),
    ),
    Case(
        "anggota/impor/<int:import_id>/laporan.csv",
        "get",
        lambda w: f"/anggota/impor/{_import_by_regency(w)}/laporan.csv",
        statuses(404, regency=200),
    ),
    Case(
        "anggota/ekspor.<str:fmt>",
        "get",
        lambda w: "/anggota/ekspor.csv",
        {**statuses(403), **dict.fromkeys(IMPORTERS, 200)},
        mutates=IMPORTERS,
    ),
    Case(
        "anggota/<int:member_id>/", "get", lambda w: f"/anggota/{A(w)}/", member_matrix(SEES_A, 200)
    ),
    Case(
        "anggota/<int:member_id>/ubah/",
        "get",
        lambda w: f"/anggota/{A(w)}/ubah/",
        member_matrix(CAN_EDIT, 200),
    ),
    Case(
        "anggota/<int:member_id>/ubah/",
        "post",
        lambda w: f"/anggota/{A(w)}/ubah/",
        member_matrix(CAN_EDIT, 302),
        mutates=CAN_EDIT,
        data=_edit_form,
    ),
    Case(
        "anggota/<int:member_id>/rekomendasi/",
        "post",
        lambda w: f"/anggota/{CAND(w)}/rekomendasi/",
        member_matrix(CAN_REGISTER, 302),
        mutates=CAN_REGISTER,
        data=lambda w: {"note": "Warga aktif"},
    ),
    Case(
        "anggota/<int:member_id>/tolak/",
        "post",
        lambda w: f"/anggota/{CAND(w)}/tolak/",
        member_matrix(CAN_REGISTER, 302),
        mutates=CAN_REGISTER,
        data=lambda w: {"reason": "Belum berdomisili"},
    ),
    Case(
        "anggota/<int:member_id>/verifikasi/",
        "post",
        lambda w: f"/anggota/{_recommended(w)}/verifikasi/",
        member_matrix(CAN_VERIFY, 302),
        mutates=CAN_VERIFY,
    ),
    Case(
        "anggota/<int:member_id>/kta-tetap/",
        "post",
        lambda w: f"/anggota/{A(w)}/kta-tetap/",
        member_matrix({"national"}, 302),
        mutates={"national"},
    ),
    Case(
        "anggota/<int:member_id>/status/",
        "post",
        lambda w: f"/anggota/{A(w)}/status/",
        member_matrix(CAN_VERIFY, 302),
        mutates=CAN_VERIFY,
        data=lambda w: {"status": "inactive", "reason": "Pindah"},
    ),
    Case(
        "anggota/<int:member_id>/ketersediaan/",
        "post",
        lambda w: f"/anggota/{A(w)}/ketersediaan/",
        member_matrix(CAN_EDIT, 302),
        mutates=CAN_EDIT,
        data=lambda w: {"availability": "limited"},
    ),
    Case(
        "anggota/<int:member_id>/foto/",
        "post",
        lambda w: f"/anggota/{A(w)}/foto/",
        member_matrix(CAN_EDIT, 302),
        mutates=CAN_EDIT,
        data=lambda w: {"photo": _image()},
    ),
    Case(
        "anggota/<int:member_id>/foto.jpg",
        "get",
        lambda w: f"/anggota/{A(_with_photo(w))}/foto.jpg",
        member_matrix(SEES_A, 200),
    ),
    Case(
        "anggota/<int:member_id>/nik/",
        "post",
        lambda w: f"/anggota/{A(w)}/nik/",
        member_matrix(CAN_VERIFY, 200),
        mutates=CAN_VERIFY,
        data=lambda w: {"reason": "Verifikasi data SK"},
    ),
    Case(
        "anggota/<int:member_id>/kta/",
        "get",
        lambda w: f"/anggota/{A(w)}/kta/",
        member_matrix(SEES_A, 200),
    ),
    Case(
        "anggota/<int:member_id>/kta.pdf",
        "get",
        lambda w: f"/anggota/{A(w)}/kta.pdf",
        member_matrix(SEES_A, 200),
        mutates=SEES_A,
    ),
    Case("unit/", "get", lambda w: "/unit/", statuses(200)),
    Case(
        "unit/<int:unit_id>/",
        "get",
        lambda w: f"/unit/{_regency_unit(w)}/",
        unit_matrix(SEES_REGENCY_UNIT, 200),
    ),
    Case(
        "unit/<int:unit_id>/pengurus/",
        "post",
        lambda w: f"/unit/{_regency_unit(w)}/pengurus/",
        unit_matrix(CAN_VERIFY, 302),
        mutates=CAN_VERIFY,
        data=lambda w: {"start_year": 2022, "end_year": 2027, "sk_number": "01/SK/2022"},
    ),
    Case(
        "pengurus/<int:term_id>/jabatan/",
        "get",
        lambda w: f"/pengurus/{_term(w)}/jabatan/",
        unit_matrix(CAN_VERIFY, 200),
    ),
    Case(
        "pengurus/<int:term_id>/jabatan/",
        "post",
        lambda w: f"/pengurus/{_term(w)}/jabatan/",
        unit_matrix(CAN_VERIFY, 302),
        mutates=CAN_VERIFY,
        data=lambda w: {"position": "ketua", "holder_name": "Abdul Hasan"},
    ),
    Case(
        "jabatan/<int:position_id>/hapus/",
        "post",
        lambda w: f"/jabatan/{_position(w)}/hapus/",
        unit_matrix(CAN_VERIFY, 302),
        mutates=CAN_VERIFY,
    ),
    Case("daftar/", "get", lambda w: "/daftar/", EVERYONE),
    Case(
        "daftar/",
        "post",
        lambda w: "/daftar/",
        dict.fromkeys(PERSONAS, 302),
        mutates=set(PERSONAS),
        data=lambda w: {
            **_new_candidate_form(w),
            "consent": "on",
            "form_token": _aged_token(APPLICATION_FORM_SALT),
        },
    ),
    Case("daftar/terkirim/", "get", lambda w: "/daftar/terkirim/", EVERYONE),
    Case(
        "kta/v/<str:token>/",
        "get",
        lambda w: f"/kta/v/{w.member_a.verification_token}/",
        EVERYONE,
    ),
    Case(
        "kta/v/<str:token>/foto.jpg",
        "get",
        lambda w: f"/kta/v/{_with_photo(w).member_a.verification_token}/foto.jpg",
        EVERYONE,
    ),
    Case("profil/", "get", lambda w: "/profil/", statuses(200)),
    Case(
        "profil/pengguna/",
        "get",
        lambda w: "/profil/pengguna/",
        {**statuses(403), **dict.fromkeys(IMPORTERS, 200)},
    ),
    Case(
        "profil/pengguna/baru/",
        "get",
        lambda w: "/profil/pengguna/baru/",
        {**statuses(403), **dict.fromkeys(IMPORTERS, 200)},
    ),
    Case(
        "profil/pengguna/baru/",
        "post",
        lambda w: "/profil/pengguna/baru/",
        {**statuses(403), **dict.fromkeys(CAN_VERIFY, 302), "other_regency": 400},
        mutates=CAN_VERIFY,
        data=lambda w: {
            "username": "psm.baru",
            "role": "village_psm",
            "region": w.village_b.code,
            "password": "kopi-jahe-mangga-manis",
        },
    ),
    Case(
        "profil/pengguna/<int:user_id>/nonaktifkan/",
        "post",
        lambda w: f"/profil/pengguna/{w.other_village.pk}/nonaktifkan/",
        {**statuses(403), **dict.fromkeys(CAN_VERIFY, 302), "other_regency": 404},
        mutates=CAN_VERIFY,
    ),
    Case(
        "profil/",
        "post",
        lambda w: "/profil/",
        statuses(200),
        mutates=set(SIGNED_IN),
        data=lambda w: {"name": "ponsel", "days": 7},
    ),
    Case(
        "profil/token/<int:token_id>/cabut/",
        "post",
        lambda w: f"/profil/token/{_regency_token(w)}/cabut/",
        statuses(404, regency=302),
        mutates={"regency"},
    ),
    Case("kejadian/", "get", lambda w: "/kejadian/", statuses(200)),
    Case("kejadian/baru/", "get", lambda w: "/kejadian/baru/", statuses(200, partner=403)),
    Case(
        "kejadian/baru/",
        "post",
        lambda w: "/kejadian/baru/",
        statuses(302, other_regency=400, other_village=400, partner=403),
        mutates=CAN_REGISTER,
        data=_incident_form,
    ),
    Case(
        "kejadian/<int:incident_id>/",
        "get",
        lambda w: f"/kejadian/{_incident(w).pk}/",
        incident_matrix(SEES_INCIDENT, 200),
    ),
    Case(
        "kejadian/<int:incident_id>/papan/",
        "get",
        lambda w: f"/kejadian/{_incident(w).pk}/papan/",
        incident_matrix(SEES_INCIDENT, 200),
    ),
    Case(
        "kejadian/<int:incident_id>/status/",
        "post",
        lambda w: f"/kejadian/{_incident(w).pk}/status/",
        incident_matrix(MANAGES_INCIDENT, 302),
        mutates=MANAGES_INCIDENT,
        data=lambda w: {"status": "verified", "note": "Dicek TKSK"},
    ),
    Case(
        "kejadian/<int:incident_id>/panggil/",
        "post",
        lambda w: f"/kejadian/{_incident(w, verified=True).pk}/panggil/",
        incident_matrix(MANAGES_INCIDENT, 302),
        mutates=MANAGES_INCIDENT,
    ),
    Case("kejadian/peta/", "get", lambda w: "/kejadian/peta/", statuses(200)),
    Case("kejadian/peta.geojson", "get", lambda w: "/kejadian/peta.geojson", statuses(200)),
    Case("kejadian/waktu/", "get", lambda w: "/kejadian/waktu/", statuses(200)),
    Case("lapor/", "get", lambda w: "/lapor/", EVERYONE),
    Case(
        "lapor/",
        "post",
        lambda w: "/lapor/",
        dict.fromkeys(PERSONAS, 302),
        mutates=set(PERSONAS),
        data=_public_report_form,
    ),
    Case("lapor/cek/", "get", lambda w: "/lapor/cek/", EVERYONE),
    Case(
        "lapor/cek/<str:code>/",
        "get",
        lambda w: f"/lapor/cek/{_incident(w).tracking_code}/",
        EVERYONE,
    ),
    Case("tugas/", "get", lambda w: "/tugas/", statuses(200)),
    Case("tugas/<str:token>/", "get", lambda w: f"/tugas/{_callout_token(w)}/", EVERYONE),
    Case(
        "tugas/<str:token>/",
        "post",
        lambda w: f"/tugas/{_callout_token(w)}/",
        dict.fromkeys(PERSONAS, 302),
        mutates=set(PERSONAS),
        data=lambda w: {"action": "accept"},
    ),
    # The API, with the browser session (token auth is covered in the registry API tests).
    Case("api/v1/openapi.json", "get", lambda w: "/api/v1/openapi.json", EVERYONE),
    Case("api/v1/docs", "get", lambda w: "/api/v1/docs", EVERYONE),
    Case("api/v1/", "get", lambda w: "/api/v1/", dict.fromkeys(PERSONAS, 404)),
    Case("api/v1/regions", "get", lambda w: "/api/v1/regions?q=limboto", EVERYONE),
    Case("api/v1/regions/<code>", "get", lambda w: "/api/v1/regions/75.01", EVERYONE),
    Case("api/v1/units", "get", lambda w: "/api/v1/units", statuses(200, anonymous=401)),
    Case(
        "api/v1/units/<unit_id>",
        "get",
        lambda w: f"/api/v1/units/{_regency_unit(w)}",
        {**unit_matrix(SEES_REGENCY_UNIT, 200, anonymous=401)},
    ),
    Case(
        "api/v1/units/<unit_id>/boards",
        "get",
        lambda w: f"/api/v1/units/{_regency_unit(w)}/boards",
        {**unit_matrix(SEES_REGENCY_UNIT, 200, anonymous=401)},
    ),
    Case(
        "api/v1/members",
        "get",
        lambda w: "/api/v1/members",
        statuses(200, anonymous=401, partner=403),
    ),
    Case(
        "api/v1/members",
        "post",
        lambda w: "/api/v1/members",
        statuses(201, anonymous=401, other_regency=403, other_village=403, partner=403),
        mutates=CAN_REGISTER,
        data=_member_json,
        json=True,
    ),
    Case(
        "api/v1/members/find-by-nik",
        "post",
        lambda w: "/api/v1/members/find-by-nik",
        statuses(200, anonymous=401, partner=403),
        data=lambda w: {"nik": w.member_a.nik},
        json=True,
    ),
    Case(
        "api/v1/members/<member_id>",
        "get",
        lambda w: f"/api/v1/members/{A(w)}",
        member_matrix(SEES_A, 200, anonymous=401),
    ),
    Case(
        "api/v1/members/<member_id>",
        "put",
        lambda w: f"/api/v1/members/{A(w)}",
        member_matrix(CAN_EDIT, 200, anonymous=401),
        mutates=CAN_EDIT,
        data=_member_json_edit,
        json=True,
    ),
    Case(
        "api/v1/members/<member_id>/eligibility",
        "get",
        lambda w: f"/api/v1/members/{A(w)}/eligibility",
        member_matrix(SEES_A, 200, anonymous=401),
    ),
    Case(
        "api/v1/members/<member_id>/recommend",
        "post",
        lambda w: f"/api/v1/members/{CAND(w)}/recommend",
        member_matrix(CAN_REGISTER, 200, anonymous=401),
        mutates=CAN_REGISTER,
        data=lambda w: {"note": ""},
        json=True,
    ),
    Case(
        "api/v1/members/<member_id>/reject",
        "post",
        lambda w: f"/api/v1/members/{CAND(w)}/reject",
        member_matrix(CAN_REGISTER, 200, anonymous=401),
        mutates=CAN_REGISTER,
        data=lambda w: {"reason": "Data tidak lengkap"},
        json=True,
    ),
    Case(
        "api/v1/members/<member_id>/verify",
        "post",
        lambda w: f"/api/v1/members/{_recommended(w)}/verify",
        member_matrix(CAN_VERIFY, 200, anonymous=401),
        mutates=CAN_VERIFY,
    ),
    Case(
        "api/v1/members/<member_id>/permanent-kta",
        "post",
        lambda w: f"/api/v1/members/{A(w)}/permanent-kta",
        member_matrix({"national"}, 200, anonymous=401),
        mutates={"national"},
    ),
    Case("api/v1/skills", "get", lambda w: "/api/v1/skills", statuses(200, anonymous=401)),
    Case(
        "api/v1/incident-types",
        "get",
        lambda w: "/api/v1/incident-types",
        statuses(200, anonymous=401),
    ),
    Case("api/v1/incidents", "get", lambda w: "/api/v1/incidents", statuses(200, anonymous=401)),
    Case(
        "api/v1/incidents",
        "post",
        lambda w: "/api/v1/incidents",
        statuses(201, anonymous=401, other_regency=403, other_village=403, partner=403),
        mutates=CAN_REGISTER,
        data=lambda w: {"type": "banjir", "title": "Banjir", "village_code": w.village_a.code},
        json=True,
    ),
    Case(
        "api/v1/incidents/<incident_id>",
        "get",
        lambda w: f"/api/v1/incidents/{_incident(w).pk}",
        incident_matrix(SEES_INCIDENT, 200, anonymous=401),
    ),
    Case(
        "api/v1/incidents/<incident_id>/status",
        "post",
        lambda w: f"/api/v1/incidents/{_incident(w).pk}/status",
        incident_matrix(MANAGES_INCIDENT, 200, anonymous=401),
        mutates=MANAGES_INCIDENT,
        data=lambda w: {"status": "verified", "callout": False},
        json=True,
    ),
    Case(
        "api/v1/incidents/<incident_id>/callout",
        "post",
        lambda w: f"/api/v1/incidents/{_incident(w, verified=True).pk}/callout",
        incident_matrix(MANAGES_INCIDENT, 200, anonymous=401),
        mutates=MANAGES_INCIDENT,
    ),
    Case(
        "api/v1/incidents/<incident_id>/assignments",
        "get",
        lambda w: f"/api/v1/incidents/{_incident(w).pk}/assignments",
        incident_matrix(SEES_INCIDENT - {"partner"}, 200, anonymous=401),
    ),
    Case(
        "api/v1/incidents/<incident_id>/timings",
        "get",
        lambda w: f"/api/v1/incidents/{_incident(w).pk}/timings",
        incident_matrix(SEES_INCIDENT, 200, anonymous=401),
    ),
    Case(
        "api/v1/callouts/<token>/answer",
        "post",
        lambda w: f"/api/v1/callouts/{_callout_token(w)}/answer",
        dict.fromkeys(PERSONAS, 200),
        mutates=set(PERSONAS),
        data=lambda w: {"accept": True},
        json=True,
    ),
    Case("api/v1/me", "get", lambda w: "/api/v1/me", statuses(200, anonymous=401)),
]

from sipsm.aid.tests.permission_cases import CASES as AID_CASES  # noqa: E402
from sipsm.cases.tests.permission_cases import CASES as CASES_CASES  # noqa: E402
from sipsm.coordination.tests.permission_cases import CASES as COORDINATION_CASES  # noqa: E402
from sipsm.incidents.tests.permission_cases import CASES as INCIDENT_CASES  # noqa: E402
from sipsm.notifications.tests.permission_cases import CASES as NOTIFICATION_CASES  # noqa: E402
from sipsm.people.tests.permission_cases import CASES as PEOPLE_CASES  # noqa: E402
from sipsm.relief.tests.permission_cases import RELIEF_CASES  # noqa: E402
from sipsm.reporting.tests.permission_cases import CASES as REPORTING_CASES  # noqa: E402
from sipsm.training.tests.permission_cases import CASES as TRAINING_CASES  # noqa: E402

CASES += (
    RELIEF_CASES
    + NOTIFICATION_CASES
    + PEOPLE_CASES
    + CASES_CASES
    + COORDINATION_CASES
    + TRAINING_CASES
    + INCIDENT_CASES
    + AID_CASES
    + REPORTING_CASES
)
__all__ = ["BLIND_TO_A", "CASES", "PERSONAS", "SEES_A", "SIGNED_IN", "Case"]
