from __future__ import annotations

from django.urls import path

from sipsm.aid.views import (
    complaints,
    entries,
    imports,
    programs,
    proposals,
    public,
    reconciliation,
    rounds,
)

app_name = "aid"
B = "bansos/"
urlpatterns = [
    path(B, programs.home, name="home"),
    path(B + "program/baru/", programs.program_create, name="program_create"),
    path(B + "program/<int:program_id>/", programs.program_detail, name="program"),
    path(B + "program/<int:program_id>/periode/", programs.period_create, name="period_create"),
    path(B + "periode/<int:period_id>/", programs.period_detail, name="period"),
    path(
        B + "periode/<int:period_id>/ekspor.<str:fmt>", programs.period_export, name="period_export"
    ),
    path(B + "periode/<int:period_id>/impor/", imports.import_upload, name="import_upload"),
    path(B + "periode/<int:period_id>/putaran/", rounds.rounds_open, name="rounds_open"),
    path(B + "impor/template.csv", imports.import_template, name="import_template"),
    path(B + "impor/<int:import_id>/", imports.import_detail, name="import"),
    path(B + "impor/<int:import_id>/progres/", imports.import_progress, name="import_progress"),
    path(B + "impor/<int:import_id>/laporan.csv", imports.import_report, name="import_report"),
    path(B + "impor/<int:import_id>/lanjutkan/", imports.import_resume, name="import_resume"),
    path(B + "kpm/<int:entry_id>/", entries.entry_detail, name="entry"),
    path(B + "kpm/<int:entry_id>/buka/", entries.entry_reveal, name="entry_reveal"),
    path(B + "penugasan/", rounds.assignment_list, name="assignments"),
    path(B + "penugasan/<int:assignment_id>/akhiri/", rounds.assignment_end, name="assignment_end"),
    path(B + "putaran/", rounds.round_list, name="rounds"),
    path(B + "putaran/<int:round_id>/", rounds.round_checklist, name="round"),
    path(B + "putaran/<int:round_id>/kpm/<int:entry_id>/", rounds.round_tick, name="tick"),
    path(B + "putaran/<int:round_id>/tandai/", rounds.round_bulk, name="bulk_tick"),
    path(B + "putaran/<int:round_id>/tutup/", rounds.round_close, name="round_close"),
    path(
        B + "putaran/<int:round_id>/rekonsiliasi/",
        reconciliation.round_reconciliation,
        name="reconciliation",
    ),
    path(B + "pengaduan/", complaints.complaint_list, name="complaints"),
    path(B + "pengaduan/baru/", complaints.complaint_create, name="complaint_create"),
    path(B + "pengaduan/<int:complaint_id>/", complaints.complaint_detail, name="complaint"),
    path(
        B + "pengaduan/<int:complaint_id>/verifikasi/",
        complaints.complaint_verify,
        name="complaint_verify",
    ),
    path(
        B + "pengaduan/<int:complaint_id>/jawab/",
        complaints.complaint_answer,
        name="complaint_answer",
    ),
    path(
        B + "pengaduan/<int:complaint_id>/tolak/",
        complaints.complaint_reject,
        name="complaint_reject",
    ),
    path(
        B + "pengaduan/<int:complaint_id>/tutup/",
        complaints.complaint_close,
        name="complaint_close",
    ),
    path(
        B + "pengaduan/<int:complaint_id>/eskalasi/",
        complaints.complaint_escalate,
        name="complaint_escalate",
    ),
    path(B + "usulan/", proposals.proposal_list, name="proposals"),
    path(B + "usulan/baru/", proposals.proposal_create, name="proposal_create"),
    path(B + "usulan/siks-ng.xlsx", proposals.proposals_export, name="proposals_export"),
    path(B + "usulan/<int:proposal_id>/", proposals.proposal_detail, name="proposal"),
    path(
        B + "usulan/<int:proposal_id>/bukti/", proposals.proposal_evidence, name="proposal_evidence"
    ),
    path(B + "usulan/<int:proposal_id>/kirim/", proposals.proposal_submit, name="proposal_submit"),
    path(
        B + "usulan/<int:proposal_id>/verifikasi/",
        proposals.proposal_verify,
        name="proposal_verify",
    ),
    path(B + "usulan/<int:proposal_id>/sahkan/", proposals.proposal_ratify, name="proposal_ratify"),
    path(B + "usulan/<int:proposal_id>/tolak/", proposals.proposal_reject, name="proposal_reject"),
    path("pengaduan-bansos/", public.public_complaint, name="public_complaint"),
    path("pengaduan-bansos/cek/", public.public_track, name="public_track_form"),
    path("pengaduan-bansos/cek/<str:code>/", public.public_track, name="public_track"),
]
