from __future__ import annotations

from django.urls import path

from sipsm.registry.views import members, public, transfer, units

app_name = "registry"
urlpatterns = [
    path("anggota/", members.member_list, name="member_list"),
    path("anggota/baru/", members.member_create, name="member_create"),
    path("anggota/impor/", transfer.member_import, name="member_import"),
    path(
        "anggota/impor/template.csv", transfer.member_import_template, name="member_import_template"
    ),
    path(
        "anggota/impor/<int:import_id>/", transfer.member_import_result, name="member_import_result"
    ),
    path(
        "anggota/impor/<int:import_id>/laporan.csv",
        transfer.member_import_report,
        name="member_import_report",
    ),
    path("anggota/ekspor.<str:fmt>", transfer.member_export, name="member_export"),
    path("anggota/<int:member_id>/", members.member_detail, name="member_detail"),
    path("anggota/<int:member_id>/ubah/", members.member_edit, name="member_edit"),
    path("anggota/<int:member_id>/rekomendasi/", members.member_recommend, name="member_recommend"),
    path("anggota/<int:member_id>/tolak/", members.member_reject, name="member_reject"),
    path("anggota/<int:member_id>/verifikasi/", members.member_verify, name="member_verify"),
    path(
        "anggota/<int:member_id>/kta-tetap/",
        members.member_permanent_kta,
        name="member_permanent_kta",
    ),
    path("anggota/<int:member_id>/status/", members.member_status, name="member_status"),
    path(
        "anggota/<int:member_id>/ketersediaan/",
        members.member_availability,
        name="member_availability",
    ),
    path("anggota/<int:member_id>/foto/", members.member_photo, name="member_photo"),
    path("anggota/<int:member_id>/foto.jpg", members.member_photo_file, name="member_photo_file"),
    path("anggota/<int:member_id>/nik/", members.member_reveal_nik, name="member_reveal_nik"),
    path("anggota/<int:member_id>/kta/", members.member_card, name="member_card"),
    path("anggota/<int:member_id>/kta.pdf", members.member_card_pdf, name="member_card_pdf"),
    path("unit/", units.unit_list, name="unit_list"),
    path("unit/<int:unit_id>/", units.unit_detail, name="unit_detail"),
    path("unit/<int:unit_id>/pengurus/", units.board_term_create, name="board_term_create"),
    path(
        "pengurus/<int:term_id>/jabatan/", units.board_position_create, name="board_position_create"
    ),
    path(
        "jabatan/<int:position_id>/hapus/",
        units.board_position_delete,
        name="board_position_delete",
    ),
    path("daftar/", public.apply, name="apply"),
    path("daftar/terkirim/", public.apply_done, name="apply_done"),
    path("kta/v/<str:token>/", public.verify_card, name="verify_card"),
    path("kta/v/<str:token>/foto.jpg", public.verify_card_photo, name="verify_card_photo"),
]
