from __future__ import annotations

from django.urls import path

from sipsm.reporting.views import activities, aggregates, monthly, public

app_name = "reporting"
REPORT = "laporan-bulanan/<str:region>/<int:year>/<int:month>/"
urlpatterns = [
    path("kerja-nyata/", activities.activity_list, name="activity_list"),
    path("kerja-nyata/baru/", activities.activity_create, name="activity_create"),
    path("kerja-nyata/ekspor.<str:fmt>", activities.activity_export, name="activity_export"),
    path("kerja-nyata/3w.<str:fmt>", activities.threew_export, name="threew_export"),
    path("kerja-nyata/<int:activity_id>/", activities.activity_detail, name="activity_detail"),
    path("kerja-nyata/<int:activity_id>/ubah/", activities.activity_edit, name="activity_edit"),
    path(
        "kerja-nyata/<int:activity_id>/tarik/",
        activities.activity_withdraw,
        name="activity_withdraw",
    ),
    path(
        "kerja-nyata/<int:activity_id>/foto/",
        activities.activity_photo_add,
        name="activity_photo_add",
    ),
    path(
        "kerja-nyata/<int:activity_id>/foto/<int:photo_id>.jpg",
        activities.activity_photo,
        name="activity_photo",
    ),
    path("laporan-bulanan/", monthly.report_index, name="report_index"),
    path("laporan-bulanan/kelengkapan/", monthly.completeness_page, name="completeness"),
    path(
        "laporan-bulanan/kelengkapan.<str:fmt>",
        monthly.completeness_export,
        name="completeness_export",
    ),
    path(REPORT, monthly.report_detail, name="report_detail"),
    path(REPORT + "catatan/", monthly.report_narrative, name="report_narrative"),
    path(REPORT + "kirim/", monthly.report_submit, name="report_submit"),
    path(REPORT + "kembalikan/", monthly.report_return, name="report_return"),
    path(REPORT + "setujui/", monthly.report_approve, name="report_approve"),
    path(REPORT + "komentar/", monthly.report_comment, name="report_comment"),
    path(REPORT + "laporan.<str:fmt>", monthly.report_export, name="report_export"),
    path("dasbor/", aggregates.dashboard, name="dashboard"),
    path("dasbor/ekspor.<str:fmt>", aggregates.dashboard_export, name="dashboard_export"),
    path("kesetaraan/", aggregates.equity_page, name="equity"),
    path("kesetaraan/peta.geojson", aggregates.equity_geojson, name="equity_geojson"),
    path("kesetaraan/ekspor.<str:fmt>", aggregates.equity_export, name="equity_export"),
    path("spm/", aggregates.spm_page, name="spm"),
    path("spm/ekspor.<str:fmt>", aggregates.spm_export, name="spm_export"),
    path("spm/hitung-ulang/", aggregates.spm_recompute, name="spm_recompute"),
    path("spm/<str:indicator>/", aggregates.spm_records, name="spm_records"),
    path("transparansi/", public.transparency, name="transparency"),
    path("transparansi/data.csv", public.transparency_csv, name="transparency_csv"),
]
