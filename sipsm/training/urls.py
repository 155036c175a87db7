from __future__ import annotations

from django.urls import path

from sipsm.training.views import catalogue, needs, public, sessions

app_name = "training"
urlpatterns = [
    path("pelatihan/", catalogue.course_list, name="course_list"),
    path("pelatihan/kursus/baru/", catalogue.course_create, name="course_create"),
    path("pelatihan/kursus/<int:course_id>/", catalogue.course_detail, name="course_detail"),
    path("pelatihan/kursus/<int:course_id>/ubah/", catalogue.course_edit, name="course_edit"),
    path(
        "pelatihan/kursus/<int:course_id>/sesi/baru/",
        catalogue.session_create,
        name="session_create",
    ),
    path("pelatihan/sesi/", sessions.session_list, name="session_list"),
    path("pelatihan/sesi/<int:session_id>/", sessions.session_detail, name="session_detail"),
    path(
        "pelatihan/sesi/<int:session_id>/daftar/",
        sessions.session_enrol_self,
        name="session_enrol_self",
    ),
    path(
        "pelatihan/sesi/<int:session_id>/peserta/",
        sessions.session_enrol_member,
        name="session_enrol_member",
    ),
    path("pelatihan/sesi/<int:session_id>/status/", sessions.session_status, name="session_status"),
    path(
        "pelatihan/peserta/<int:enrolment_id>/batal/",
        sessions.enrolment_cancel,
        name="enrolment_cancel",
    ),
    path(
        "pelatihan/peserta/<int:enrolment_id>/hadir/",
        sessions.enrolment_check_in,
        name="enrolment_check_in",
    ),
    path(
        "pelatihan/peserta/<int:enrolment_id>/nilai/",
        sessions.enrolment_assess,
        name="enrolment_assess",
    ),
    path(
        "pelatihan/peserta/<int:enrolment_id>/sertifikat.pdf",
        sessions.certificate_pdf,
        name="certificate_pdf",
    ),
    path("pelatihan/tiket/<str:token>/", sessions.ticket, name="ticket"),
    path("pelatihan/saya/", sessions.my_trainings, name="my_trainings"),
    path("pelatihan/kebutuhan/", needs.training_needs, name="training_needs"),
    path("sertifikat/v/<str:token>/", public.verify_certificate, name="verify_certificate"),
]
