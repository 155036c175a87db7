from __future__ import annotations

from django.urls import path

from sipsm.cases.views import cases, providers, public, referrals, reports, workflow

app_name = "cases"
K = "kasus/<int:case_id>/"
urlpatterns = [
    path("kasus/", cases.case_list, name="list"),
    path("kasus/baru/", cases.case_create, name="create"),
    path("kasus/hari-ini/", cases.today, name="today"),
    path("kasus/persetujuan/", cases.approval_list, name="approvals"),
    path("kasus/ekspor.csv", cases.case_export, name="export"),
    path("kasus/hak-anak/", reports.child_rights, name="child_rights"),
    path("kasus/spm/", reports.spm_page, name="spm"),
    path("kasus/spm/<str:group>/", reports.spm_cases, name="spm_cases"),
    path("kasus/laporan-warga/", public.intake_list, name="intakes"),
    path("kasus/laporan-warga/<int:intake_id>/", public.intake_detail, name="intake"),
    path(
        "kasus/laporan-warga/<int:intake_id>/abaikan/",
        public.intake_dismiss,
        name="intake_dismiss",
    ),
    path(K, cases.case_detail, name="detail"),
    path(K + "asesmen/", workflow.assessment, name="assessment"),
    path(K + "tujuan/", workflow.goal_add, name="goal_add"),
    path(K + "tugas/", workflow.task_add, name="task_add"),
    path(K + "tugas/<int:task_id>/selesai/", workflow.task_complete, name="task_complete"),
    path(K + "rencana/", workflow.plan_submit, name="plan_submit"),
    path(K + "layanan/", workflow.service_add, name="service_add"),
    path(K + "catatan/", workflow.note_add, name="note_add"),
    path(K + "kebutuhan-dasar/", workflow.basic_needs_met, name="basic_needs_met"),
    path(K + "tutup/", workflow.closure, name="closure"),
    path(K + "persetujuan/<int:approval_id>/", workflow.approval_decide, name="approval_decide"),
    path(K + "pengawas/", workflow.supervisor_set, name="supervisor_set"),
    path(K + "alih/", workflow.transfer_request, name="transfer_request"),
    path(K + "alih/<int:transfer_id>/jawab/", workflow.transfer_decide, name="transfer_decide"),
    path(K + "alih/<int:transfer_id>/batal/", workflow.transfer_cancel, name="transfer_cancel"),
    path(K + "bagikan/", workflow.share_add, name="share_add"),
    path(K + "bagikan/<int:share_id>/cabut/", workflow.share_revoke, name="share_revoke"),
    path(K + "izin/", referrals.consent_add, name="consent_add"),
    path(K + "izin/<int:consent_id>/cabut/", referrals.consent_withdraw, name="consent_withdraw"),
    path(K + "rujukan/", referrals.referral_new, name="referral_new"),
    path(
        K + "rujukan/<int:referral_id>/jawaban/",
        referrals.referral_respond,
        name="referral_respond",
    ),
    path(
        K + "rujukan/<int:referral_id>/selesai/",
        referrals.referral_complete,
        name="referral_complete",
    ),
    path(K + "rujukan/<int:referral_id>/batal/", referrals.referral_revoke, name="referral_revoke"),
    path(K + "hak-anak/", referrals.rights_page, name="rights"),
    path("layanan/", providers.provider_list, name="providers"),
    path("layanan/baru/", providers.provider_create, name="provider_create"),
    path("layanan/<int:provider_id>/", providers.provider_detail, name="provider"),
    path("layanan/<int:provider_id>/ubah/", providers.provider_edit, name="provider_edit"),
    path("peduli/", public.intake_form, name="intake_form"),
    path("peduli/terkirim/", public.intake_done, name="intake_done"),
]
