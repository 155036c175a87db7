from __future__ import annotations

from django.urls import path

from sipsm.coordination.views import announcements, consultation, discussion, knowledge, meetings

app_name = "coordination"
urlpatterns = [
    path("pengumuman/", announcements.announcement_list, name="announcement_list"),
    path("pengumuman/jumlah/", announcements.announcement_counter, name="announcement_counter"),
    path("pengumuman/baru/", announcements.announcement_create, name="announcement_create"),
    path(
        "pengumuman/<int:announcement_id>/",
        announcements.announcement_detail,
        name="announcement_detail",
    ),
    path(
        "pengumuman/<int:announcement_id>/pembaca/",
        announcements.announcement_receipts,
        name="announcement_receipts",
    ),
    path(
        "lampiran/<int:attachment_id>/",
        announcements.attachment_download,
        name="attachment_download",
    ),
    path("diskusi/", discussion.thread_list, name="thread_list"),
    path("diskusi/baru/", discussion.thread_create, name="thread_create"),
    path("diskusi/ringkasan/", discussion.digest_settings, name="digest_settings"),
    path("diskusi/<int:thread_id>/", discussion.thread_detail, name="thread_detail"),
    path("diskusi/<int:thread_id>/balas/", discussion.thread_reply, name="thread_reply"),
    path("diskusi/<int:thread_id>/moderasi/", discussion.thread_moderate, name="thread_moderate"),
    path("diskusi/pos/<int:post_id>/sembunyikan/", discussion.post_hide, name="post_hide"),
    path("konsultasi/", consultation.consultation_list, name="consultation_list"),
    path("konsultasi/baru/", consultation.consultation_create, name="consultation_create"),
    path(
        "konsultasi/<int:consultation_id>/",
        consultation.consultation_detail,
        name="consultation_detail",
    ),
    path(
        "konsultasi/<int:consultation_id>/ambil/",
        consultation.consultation_take,
        name="consultation_take",
    ),
    path(
        "konsultasi/<int:consultation_id>/tugaskan/",
        consultation.consultation_assign,
        name="consultation_assign",
    ),
    path(
        "konsultasi/<int:consultation_id>/jawab/",
        consultation.consultation_answer,
        name="consultation_answer",
    ),
    path(
        "konsultasi/<int:consultation_id>/tanya-lagi/",
        consultation.consultation_follow_up,
        name="consultation_follow_up",
    ),
    path(
        "konsultasi/<int:consultation_id>/nilai/",
        consultation.consultation_rate,
        name="consultation_rate",
    ),
    path(
        "konsultasi/<int:consultation_id>/terbitkan/",
        consultation.consultation_publish,
        name="consultation_publish",
    ),
    path("konsultan/", consultation.consultant_list, name="consultant_list"),
    path(
        "konsultan/<int:consultant_id>/nonaktif/",
        consultation.consultant_deactivate,
        name="consultant_deactivate",
    ),
    path("pengetahuan/", knowledge.article_list, name="article_list"),
    path("pengetahuan/baru/", knowledge.article_create, name="article_create"),
    path("pengetahuan/<int:article_id>/", knowledge.article_detail, name="article_detail"),
    path("pengetahuan/<int:article_id>/ubah/", knowledge.article_edit, name="article_edit"),
    path(
        "pengetahuan/<int:article_id>/versi/<int:number>/",
        knowledge.article_version,
        name="article_version",
    ),
    path("rapat/", meetings.meeting_list, name="meeting_list"),
    path("rapat/baru/", meetings.meeting_create, name="meeting_create"),
    path("rapat/<int:meeting_id>/", meetings.meeting_detail, name="meeting_detail"),
    path("rapat/<int:meeting_id>/ubah/", meetings.meeting_edit, name="meeting_edit"),
    path("rapat/<int:meeting_id>/hadir/", meetings.meeting_attendance, name="meeting_attendance"),
    path("rapat/<int:meeting_id>/keputusan/", meetings.meeting_decision, name="meeting_decision"),
    path(
        "keputusan/<int:decision_id>/tindak-lanjut/",
        meetings.decision_action_item,
        name="decision_action_item",
    ),
    path("tindak-lanjut/", meetings.action_item_list, name="action_item_list"),
    path("tindak-lanjut/<int:item_id>/", meetings.action_item_detail, name="action_item_detail"),
    path(
        "tindak-lanjut/<int:item_id>/kemajuan/",
        meetings.action_item_progress,
        name="action_item_progress",
    ),
]
