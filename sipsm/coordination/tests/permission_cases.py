"""Permission matrix cases of coordination (see sipsm/core/tests/matrix.py).

The rows belong to the regency unit 75.01 (announcement, thread, meeting, action item): its
area holds the district, both villages and the partner; the province and the nation oversee
it; the other regency (75.03) sees nothing of it (404). Government partners read
announcements, the knowledge base and meetings, but take no part in discussion or
consultations. In the consultation cases the coordinator of the other regency is registered as
a consultant (a professional social worker) serving 75.01; the question is asked by the village
PSM ("village", member_a) of a consultant.
"""

from __future__ import annotations

from sipsm.coordination.tests import support as s
from sipsm.coordination.tests.matrix_helpers import (
    COORDINATORS,
    IN_AREA,
    PARTICIPANTS,
    QUESTION,
    REGISTRARS,
    RUNS_UNIT,
    SUPERVISORS,
    article_form,
    consultant_list,
    consultation_path,
    everyone,
    matrix,
    meeting_form,
    only,
)
from sipsm.coordination.tests.permission_cases_api import API_CASES
from sipsm.coordination.tests.permission_cases_uploads import UPLOAD_CASES
from sipsm.core.tests.matrix import PERSONAS, Case

CASES: list[Case] = [
    # Announcements ---------------------------------------------------------------------------
    Case("pengumuman/", "get", lambda w: "/pengumuman/", everyone(200)),
    Case("pengumuman/jumlah/", "get", lambda w: "/pengumuman/jumlah/", everyone(200)),
    Case(
        "pengumuman/baru/",
        "get",
        lambda w: "/pengumuman/baru/",
        only(COORDINATORS, 200, 403),
    ),
    Case(
        "pengumuman/baru/",
        "post",
        lambda w: "/pengumuman/baru/",
        only(COORDINATORS, 302, 403),
        mutates=COORDINATORS,
        data=lambda w: {"title": "Rapat", "body": "Hadir semua.", "priority": "normal"},
    ),
    Case(
        "pengumuman/<int:announcement_id>/",
        "get",
        lambda w: f"/pengumuman/{s.announcement(w).pk}/",
        matrix(IN_AREA, 200),
    ),
    Case(
        "pengumuman/<int:announcement_id>/pembaca/",
        "get",
        lambda w: f"/pengumuman/{s.announcement(w).pk}/pembaca/",
        matrix(RUNS_UNIT, 200),
    ),
    Case(
        "lampiran/<int:attachment_id>/",
        "get",
        lambda w: f"/lampiran/{s.announcement_file(w).pk}/",
        matrix(IN_AREA, 200),
    ),
    # Discussion ------------------------------------------------------------------------------
    Case("diskusi/", "get", lambda w: "/diskusi/", only(PARTICIPANTS, 200, 404)),
    Case("diskusi/baru/", "get", lambda w: "/diskusi/baru/", only(PARTICIPANTS, 200, 404)),
    Case(
        "diskusi/baru/",
        "post",
        lambda w: "/diskusi/baru/",
        only(PARTICIPANTS, 302, 404),
        mutates=PARTICIPANTS,
        data=lambda w: {"unit": "", "topic": "general", "title": "Halo", "body": "Salam @psm.a"},
    ),
    Case(
        "diskusi/ringkasan/",
        "post",
        lambda w: "/diskusi/ringkasan/",
        only(PARTICIPANTS, 302, 404),
        mutates=PARTICIPANTS,
        data=lambda w: {"daily": "on"},
    ),
    Case(
        "diskusi/<int:thread_id>/",
        "get",
        lambda w: f"/diskusi/{s.thread(w).pk}/",
        matrix(IN_AREA - {"partner"}, 200, refused=404),
    ),
    Case(
        "diskusi/<int:thread_id>/balas/",
        "post",
        lambda w: f"/diskusi/{s.thread(w).pk}/balas/",
        matrix(IN_AREA - {"partner"}, 302, refused=404),
        mutates=IN_AREA - {"partner"},
        data=lambda w: {"body": "Sama di desa kami."},
    ),
    Case(
        "diskusi/<int:thread_id>/moderasi/",
        "post",
        lambda w: f"/diskusi/{s.thread(w).pk}/moderasi/",
        matrix(RUNS_UNIT, 302, sees=IN_AREA - {"partner"}),
        mutates=RUNS_UNIT,
        data=lambda w: {"action": "lock"},
    ),
    Case(
        "diskusi/pos/<int:post_id>/sembunyikan/",
        "post",
        lambda w: f"/diskusi/pos/{s.thread(w).posts.get().pk}/sembunyikan/",
        matrix(RUNS_UNIT, 302, sees=IN_AREA - {"partner"}),
        mutates=RUNS_UNIT,
        data=lambda w: {"hidden": "1"},
    ),
    # Consultation desk -----------------------------------------------------------------------
    Case(
        "konsultasi/",
        "get",
        lambda w: (s.consultant(w), "/konsultasi/")[1],
        everyone(200, partner=404),
    ),
    Case(
        "konsultasi/baru/",
        "get",
        lambda w: "/konsultasi/baru/",
        only(PARTICIPANTS - {"national"}, 200, 404) | {"national": 403},
    ),
    Case(
        "konsultasi/baru/",
        "post",
        lambda w: "/konsultasi/baru/",
        only(PARTICIPANTS - {"national"}, 302, 404) | {"national": 403},
        mutates=PARTICIPANTS - {"national"},
        data=lambda w: {**QUESTION, "send": "1"},
    ),
    Case(
        "konsultasi/<int:consultation_id>/",
        "get",
        lambda w: consultation_path(w),
        matrix(SUPERVISORS | {"village", "other_regency"}, 200, sees=set()),
    ),
    Case(
        "konsultasi/<int:consultation_id>/ambil/",
        "post",
        lambda w: consultation_path(w, "ambil/"),
        matrix({"other_regency"}, 302, sees=SUPERVISORS | {"village"}),
        mutates={"other_regency"},
    ),
    Case(
        "konsultasi/<int:consultation_id>/tugaskan/",
        "post",
        lambda w: consultation_path(w, "tugaskan/"),
        matrix(SUPERVISORS, 302, sees={"village", "other_regency"}),
        mutates=SUPERVISORS,
        data=lambda w: {"assignee": "kabupaten.lain"},
    ),
    Case(
        "konsultasi/<int:consultation_id>/jawab/",
        "post",
        lambda w: consultation_path(w, "jawab/", stage="assigned"),
        matrix({"other_regency"}, 302, sees=SUPERVISORS | {"village"}),
        mutates={"other_regency"},
        data=lambda w: {"body": "Hubungi sekolah terdekat."},
    ),
    Case(
        "konsultasi/<int:consultation_id>/tanya-lagi/",
        "post",
        lambda w: consultation_path(w, "tanya-lagi/", stage="answered"),
        matrix({"village"}, 302, sees=SUPERVISORS | {"other_regency"}),
        mutates={"village"},
        data=lambda w: {"body": "Bagaimana jika keluarga menolak?"},
    ),
    Case(
        "konsultasi/<int:consultation_id>/nilai/",
        "post",
        lambda w: consultation_path(w, "nilai/", stage="answered"),
        matrix({"village"}, 302, sees=SUPERVISORS | {"other_regency"}),
        mutates={"village"},
        data=lambda w: {"rating": "5", "note": "Jelas"},
    ),
    Case(
        "konsultasi/<int:consultation_id>/terbitkan/",
        "get",
        lambda w: consultation_path(w, "terbitkan/", stage="answered"),
        matrix(SUPERVISORS | {"other_regency"}, 200, sees={"village"}),
    ),
    Case(
        "konsultasi/<int:consultation_id>/terbitkan/",
        "post",
        lambda w: consultation_path(w, "terbitkan/", stage="answered"),
        matrix(SUPERVISORS | {"other_regency"}, 302, sees={"village"}),
        mutates=SUPERVISORS | {"other_regency"},
        data=lambda w: {"title": "Anak putus sekolah", "body": "Asesmen lalu rujuk."},
    ),
    Case("konsultan/", "get", consultant_list, only(REGISTRARS, 200, 404)),
    Case(
        "konsultan/",
        "post",
        lambda w: "/konsultan/",
        only(REGISTRARS, 302, 404) | {"other_regency": 400},
        mutates=REGISTRARS - {"other_regency"},
        data=lambda w: {"username": "tksk", "profession": "Pekerja Sosial Profesional"},
    ),
    Case(
        "konsultan/<int:consultant_id>/nonaktif/",
        "post",
        lambda w: f"/konsultan/{s.consultant(w).pk}/nonaktif/",
        only(RUNS_UNIT, 302, 404),
        mutates=RUNS_UNIT,
    ),
    # Knowledge base --------------------------------------------------------------------------
    Case("pengetahuan/", "get", lambda w: "/pengetahuan/?q=mendampingi", everyone(200)),
    Case("pengetahuan/baru/", "get", lambda w: "/pengetahuan/baru/", everyone(200, partner=403)),
    Case(
        "pengetahuan/baru/",
        "post",
        lambda w: "/pengetahuan/baru/",
        everyone(302, partner=403),
        mutates=PARTICIPANTS,
        data=article_form,
    ),
    Case(
        "pengetahuan/<int:article_id>/",
        "get",
        lambda w: f"/pengetahuan/{s.article(w).pk}/",
        everyone(200),
    ),
    Case(
        "pengetahuan/<int:article_id>/ubah/",
        "get",
        lambda w: f"/pengetahuan/{s.article(w).pk}/ubah/",
        only(RUNS_UNIT, 200, 403),
    ),
    Case(
        "pengetahuan/<int:article_id>/ubah/",
        "post",
        lambda w: f"/pengetahuan/{s.article(w).pk}/ubah/",
        only(RUNS_UNIT, 302, 403),
        mutates=RUNS_UNIT,
        data=lambda w: article_form(w, kind="guide", note="Tambah langkah"),
    ),
    Case(
        "pengetahuan/<int:article_id>/versi/<int:number>/",
        "get",
        lambda w: f"/pengetahuan/{s.article(w).pk}/versi/1/",
        everyone(200),
    ),
    # Meetings and decisions ------------------------------------------------------------------
    Case("rapat/", "get", lambda w: "/rapat/", everyone(200)),
    Case("rapat/baru/", "get", lambda w: "/rapat/baru/", only(COORDINATORS, 200, 403)),
    Case(
        "rapat/baru/",
        "post",
        lambda w: "/rapat/baru/",
        only(COORDINATORS, 302, 403),
        mutates=COORDINATORS,
        data=meeting_form,
    ),
    Case(
        "rapat/<int:meeting_id>/",
        "get",
        lambda w: f"/rapat/{s.meeting(w).pk}/",
        matrix(IN_AREA, 200),
    ),
    Case(
        "rapat/<int:meeting_id>/ubah/",
        "get",
        lambda w: f"/rapat/{s.meeting(w).pk}/ubah/",
        matrix(RUNS_UNIT, 200),
    ),
    Case(
        "rapat/<int:meeting_id>/ubah/",
        "post",
        lambda w: f"/rapat/{s.meeting(w).pk}/ubah/",
        matrix(RUNS_UNIT, 302),
        mutates=RUNS_UNIT,
        data=lambda w: {**meeting_form(w), "status": "held", "minutes": "Disepakati."},
    ),
    Case(
        "rapat/<int:meeting_id>/hadir/",
        "post",
        lambda w: f"/rapat/{s.meeting(w).pk}/hadir/",
        matrix(RUNS_UNIT, 302),
        mutates=RUNS_UNIT,
        data=lambda w: {"kta_number": w.member_a.kta_number, "present": "on"},
    ),
    Case(
        "rapat/<int:meeting_id>/keputusan/",
        "post",
        lambda w: f"/rapat/{s.meeting(w).pk}/keputusan/",
        matrix(RUNS_UNIT, 302),
        mutates=RUNS_UNIT,
        data=lambda w: {"kind": "decision", "text": "Pelatihan PFA bulan Agustus"},
    ),
    Case(
        "keputusan/<int:decision_id>/tindak-lanjut/",
        "post",
        lambda w: f"/keputusan/{s.decision(w).pk}/tindak-lanjut/",
        matrix(RUNS_UNIT, 302),
        mutates=RUNS_UNIT,
        data=lambda w: {"title": "Data PSM aktif", "due_date": "2030-03-01", "owner": "tksk"},
    ),
    Case("tindak-lanjut/", "get", lambda w: "/tindak-lanjut/?terlambat=1", everyone(200)),
    Case(
        "tindak-lanjut/<int:item_id>/",
        "get",
        lambda w: f"/tindak-lanjut/{s.action_item(w).pk}/",
        matrix(IN_AREA, 200),
    ),
    Case(
        "tindak-lanjut/<int:item_id>/kemajuan/",
        "post",
        lambda w: f"/tindak-lanjut/{s.action_item(w).pk}/kemajuan/",
        matrix(SUPERVISORS, 302),
        mutates=SUPERVISORS,
        data=lambda w: {"note": "Sudah di 3 kecamatan", "progress": "40", "status": "in_progress"},
    ),
]

CASES += API_CASES
CASES += UPLOAD_CASES

assert all(set(case.expect) == set(PERSONAS) for case in CASES)
