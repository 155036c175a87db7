from __future__ import annotations

from django.urls import path

from sipsm.relief.views import needs, people, relief, reports, shelters

app_name = "relief"
K = "kejadian/<int:incident_id>/"
urlpatterns = [
    path(K + "kebutuhan/", needs.need_list, name="needs"),
    path(K + "kebutuhan/baru/", needs.need_create, name="need_create"),
    path(K + "kebutuhan/<int:need_id>/", needs.need_edit, name="need_edit"),
    path(K + "kebutuhan/<int:need_id>/status/", needs.need_status, name="need_status"),
    path(K + "kebutuhan/hxl/", reports.hxl_incident_needs, name="needs_hxl"),
    path(K + "warga/", people.person_list, name="people"),
    path(K + "warga/baru/", people.person_create, name="person_create"),
    path(K + "warga/<int:person_id>/", people.person_detail, name="person"),
    path(K + "warga/<int:person_id>/ubah/", people.person_edit, name="person_edit"),
    path(K + "warga/<int:person_id>/nik/", people.person_nik, name="person_nik"),
    path(K + "keluarga/", people.household_list, name="households"),
    path(K + "keluarga/baru/", people.household_create, name="household_create"),
    path(K + "keluarga/<int:household_id>/", people.household_detail, name="household"),
    path(K + "keluarga/<int:household_id>/ubah/", people.household_edit, name="household_edit"),
    path(K + "keluarga/<int:household_id>/kk/", people.household_kk, name="household_kk"),
    path(K + "posko/", shelters.shelter_list, name="shelters"),
    path(K + "posko/baru/", shelters.shelter_create, name="shelter_create"),
    path(K + "posko/<int:shelter_id>/", shelters.shelter_detail, name="shelter"),
    path(K + "posko/<int:shelter_id>/ubah/", shelters.shelter_edit, name="shelter_edit"),
    path(K + "posko/<int:shelter_id>/hitung/", shelters.shelter_count, name="shelter_count"),
    path(K + "posko/<int:shelter_id>/tutup/", shelters.shelter_close, name="shelter_close"),
    path(K + "posko/<int:shelter_id>/buka/", shelters.shelter_reopen, name="shelter_reopen"),
    path(K + "bantuan/", relief.relief_list, name="relief"),
    path(K + "bantuan/baru/", relief.relief_create, name="relief_create"),
    path(K + "sitrep/", reports.sitrep_page, name="sitrep"),
    path(K + "sitrep.pdf", reports.sitrep_pdf, name="sitrep_pdf"),
    path(K + "cap/", reports.cap_alerts, name="cap"),
    path(K + "cap/<int:alert_id>.xml", reports.cap_alert_xml, name="cap_xml"),
    path("kejadian/hxl/", reports.hxl_incidents, name="incidents_hxl"),
    path("kejadian/hxl/kebutuhan/", reports.hxl_needs, name="all_needs_hxl"),
]
