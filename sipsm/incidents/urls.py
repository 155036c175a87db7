from __future__ import annotations

from django.urls import path

from sipsm.incidents.views import overview, public, respond, staff

app_name = "incidents"
urlpatterns = [
    path("kejadian/", staff.incident_list, name="list"),
    path("kejadian/baru/", staff.incident_create, name="create"),
    path("kejadian/peta/", overview.incident_map, name="map"),
    path("kejadian/peta.geojson", overview.incident_geojson, name="map_data"),
    path("kejadian/waktu/", overview.incident_timings_page, name="timings"),
    path("kejadian/<int:incident_id>/", staff.incident_detail, name="detail"),
    path("kejadian/<int:incident_id>/papan/", staff.incident_board, name="board"),
    path("kejadian/<int:incident_id>/foto/", staff.incident_photo, name="photo"),
    path("kejadian/<int:incident_id>/status/", staff.incident_status, name="status"),
    path("kejadian/<int:incident_id>/panggil/", staff.incident_callout, name="callout"),
    path("lapor/", public.report, name="public_report"),
    path("lapor/cek/", public.track, name="public_track_form"),
    path("lapor/cek/<str:code>/", public.track, name="public_track"),
    path("tugas/", respond.my_callouts, name="my_callouts"),
    path("tugas/<str:token>/", respond.respond, name="respond"),
]
