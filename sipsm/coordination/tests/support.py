"""Objects for the coordination tests, made through the real actions. Every name is invented."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from sipsm.coordination.actions import announcements as announcement_actions
from sipsm.coordination.actions import consultation as consultation_actions
from sipsm.coordination.actions import discussion as discussion_actions
from sipsm.coordination.actions import knowledge as knowledge_actions
from sipsm.coordination.actions import meetings as meeting_actions
from sipsm.coordination.models import (
    ActionItem,
    Announcement,
    Article,
    Attachment,
    Consultant,
    Consultation,
    Decision,
    Meeting,
    Thread,
)
from sipsm.coordination.uploads import check_upload
from sipsm.registry.models import Member
from sipsm.testing import World, region

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "surat-edaran.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def announcement(
    w: World, *, priority: str = "normal", with_file: bool = False, code: str = "75.01"
) -> Announcement:
    return announcement_actions.publish_announcement(
        acting_user=w.regency if code.startswith("75.01") else w.province,
        data=announcement_actions.AnnouncementData(
            title="Rakor PSM bulan Juni",
            body="Seluruh PSM diminta hadir di aula kantor bupati.",
            priority=priority,
            region=region(code),
            files=[check_upload(pdf())] if with_file else [],
        ),
    )


def announcement_file(w: World) -> Attachment:
    item = announcement(w, with_file=True)
    attachment = item.attachments.get()
    return attachment


def thread(w: World) -> Thread:
    return discussion_actions.start_thread(
        acting_user=w.village,
        region=region("75.01"),
        topic="assistance",
        title="Penyaluran BPNT terlambat",
        body="Di desa kami penyaluran bulan ini terlambat dua minggu.",
    )


def consultant(w: World) -> Consultant:
    """The coordinator of the other regency, a professional social worker, answers
    consultations from 75.01 (government partners only read: they cannot be consultants)."""
    return consultation_actions.register_consultant(
        acting_user=w.national,
        user=w.other_regency,
        profession="Pekerja Sosial Profesional",
        credential="PEKSOS-0001",
        region=region("75.01"),
    )


def link_member(w: World) -> Member:
    """The village persona's account is member_a's."""
    Member.objects.filter(pk=w.member_a.pk).update(user=w.village)
    w.member_a.refresh_from_db()
    return w.member_a


def consultation(w: World, *, stage: str = "open", shared: bool = False) -> Consultation:
    """member_a (persona "village") asks a consultant; `stage`: open, assigned, answered."""
    link_member(w)
    consultant(w)
    asked = consultation_actions.ask(
        acting_user=w.village,
        question=consultation_actions.Question(
            route="consultant",
            topic="casework",
            subject="Anak putus sekolah di desa",
            question=(
                "Saya mendampingi Budi Santoso (12 tahun) yang berhenti sekolah. "
                "Ibunya, Wati, bekerja di kota. Bagaimana pendampingan yang tepat?"
            ),
            case_reference="KS-2025-0042",
            client_details="Budi Santoso, 12 tahun, anak dari Ibu Wati",
            share_identities=shared,
        ),
    )
    if stage in {"assigned", "answered"}:
        consultation_actions.take(acting_user=w.other_regency, consultation=asked)
    if stage == "answered":
        consultation_actions.answer(
            acting_user=w.other_regency,
            consultation=asked,
            body="Lakukan asesmen keluarga lalu rujuk ke sekolah terdekat dan Dinas Pendidikan.",
        )
    asked.refresh_from_db()
    return asked


def article(w: World, **overrides: object) -> Article:
    values: dict[str, object] = {
        "kind": "guide",
        "title": "Panduan pendampingan lansia terlantar",
        "body": "Langkah pendampingan: kunjungan rumah, asesmen, rujukan ke panti.",
        "summary": "",
        "tags": ["lansia"],
    }
    values.update(overrides)
    return knowledge_actions.create_article(
        acting_user=w.regency,
        data=knowledge_actions.ArticleData(**values),  # type: ignore[arg-type]
    )


def meeting(w: World) -> Meeting:
    return meeting_actions.create_meeting(
        acting_user=w.regency,
        region=region("75.01"),
        data=meeting_actions.MeetingData(
            kind="rakor",
            title="Rakor IPSM Kabupaten Gorontalo",
            starts_at=dt.datetime(2025, 6, 10, 9, 0, tzinfo=dt.UTC),
            agenda="1. Laporan kegiatan\n2. Rencana pelatihan",
        ),
    )


def decision(w: World) -> Decision:
    return meeting_actions.add_decision(
        acting_user=w.regency,
        meeting=meeting(w),
        kind="recommendation",
        text="Meningkatkan pelayanan melalui karya nyata",
    )


def action_item(w: World, *, due: dt.date | None = None) -> ActionItem:
    return meeting_actions.add_action_item(
        acting_user=w.regency,
        decision=decision(w),
        region=region("75.01"),
        title="Bakti sosial di setiap kecamatan",
        due_date=due or dt.date(2030, 1, 31),
        owner=w.district,
    )
