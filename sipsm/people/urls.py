from __future__ import annotations

from django.urls import path

from sipsm.people.views import households, persons, transfer

app_name = "people"
urlpatterns = [
    path("warga/", persons.person_list, name="list"),
    path("warga/baru/", persons.person_create, name="create"),
    path("warga/duplikat/", persons.duplicate_list, name="duplicates"),
    path("warga/impor/", transfer.ppks_import, name="import"),
    path("warga/impor/template.csv", transfer.ppks_import_template, name="import_template"),
    path("warga/impor/<int:import_id>/", transfer.ppks_import_result, name="import_result"),
    path(
        "warga/impor/<int:import_id>/laporan.csv",
        transfer.ppks_import_report,
        name="import_report",
    ),
    path("warga/ekspor.<str:fmt>", transfer.ppks_export, name="export"),
    path("warga/<int:person_id>/", persons.person_detail, name="detail"),
    path("warga/<int:person_id>/ubah/", persons.person_edit, name="edit"),
    path("warga/<int:person_id>/ppks/", persons.person_ppks_add, name="ppks_add"),
    path(
        "warga/<int:person_id>/ppks/<int:membership_id>/akhiri/",
        persons.person_ppks_end,
        name="ppks_end",
    ),
    path("warga/<int:person_id>/gabung/", persons.person_merge, name="merge"),
    path("keluarga/", households.household_list, name="households"),
    path("keluarga/baru/", households.household_create, name="household_create"),
    path("keluarga/<int:household_id>/", households.household_detail, name="household"),
    path("keluarga/<int:household_id>/ubah/", households.household_edit, name="household_edit"),
    path(
        "keluarga/<int:household_id>/anggota/",
        households.household_add_member,
        name="household_add_member",
    ),
    path(
        "keluarga/<int:household_id>/anggota/<int:membership_id>/akhiri/",
        households.household_end_member,
        name="household_end_member",
    ),
    path("referensi/ppks-psks/", transfer.reference_lists, name="reference"),
]
