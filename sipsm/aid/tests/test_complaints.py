"""Complaints: SP4N-LAPOR!-style deadlines, escalation, the public form and tracking page."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command
from django.test import Client

from sipsm.aid.actions import complaints as complaint_actions
from sipsm.aid.forms import FORM_TOKEN_SALT
from sipsm.aid.models import Complaint
from sipsm.aid.tests.support import AidWorld, make_complaint
from sipsm.notifications.models import Message

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def test_it_gives_three_working_days_to_verify_and_five_days_to_answer(aid: AidWorld) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 9, 10, 0, tzinfo=JAKARTA), tick=False):
        complaint = make_complaint(aid)  # a Friday
    assert complaint.verify_due_at == dt.datetime(2026, 1, 14, 10, 0, tzinfo=JAKARTA)
    with time_machine.travel(dt.datetime(2026, 1, 12, 9, 0, tzinfo=JAKARTA), tick=False):
        complaint_actions.verify_complaint(acting_user=aid.world.district, complaint=complaint)
    assert complaint.respond_due_at == dt.datetime(2026, 1, 17, 9, 0, tzinfo=JAKARTA)


def test_it_skips_configured_holidays(aid: AidWorld, settings: Any) -> None:
    settings.SIPSM_AID_HOLIDAYS = ["2026-01-12"]
    with time_machine.travel(dt.datetime(2026, 1, 9, 10, 0, tzinfo=JAKARTA), tick=False):
        complaint = make_complaint(aid)
    assert complaint.verify_due_at == dt.datetime(2026, 1, 15, 10, 0, tzinfo=JAKARTA)


def test_it_tells_the_tksk_about_a_new_complaint(aid: AidWorld) -> None:
    complaint = make_complaint(aid)
    assert list(Message.objects.values_list("user_id", "category", "related_id")) == [
        (aid.world.district.pk, "aid_complaint", str(complaint.pk))
    ]


def test_it_escalates_overdue_complaints_to_the_tksk_then_dinas_sosial(aid: AidWorld) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 5, 8, 0, tzinfo=JAKARTA), tick=False):
        complaint = make_complaint(aid)
    Message.objects.all().delete()
    with time_machine.travel(dt.datetime(2026, 1, 9, 8, 0, tzinfo=JAKARTA), tick=False):
        call_command("escalate_aid_complaints", stdout=None)
        call_command("escalate_aid_complaints")
    complaint.refresh_from_db()
    assert complaint.escalation_level == Complaint.Level.TKSK
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 0, tzinfo=JAKARTA), tick=False):
        assert complaint_actions.escalate_overdue_complaints() == 1
    complaint.refresh_from_db()
    assert complaint.escalation_level == Complaint.Level.DINSOS
    told = sorted(Message.objects.values_list("user__username", flat=True))
    assert told == ["kabupaten", "mitra", "tksk"]


def _public_form(aid: AidWorld, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "usul_sanggah",
        "category": "wrong_target",
        "village": aid.world.village_a.code,
        "about_name": "Keluarga mampu di RT 03",
        "description": "Keluarga ini punya mobil tapi masih terima bantuan.",
        "complainant_name": "",
        "complainant_phone": "0812 3456 7890",
        "website": "",
        "form_token": signing.dumps(time.time() - 30, salt=FORM_TOKEN_SALT),
        **extra,
    }


def test_it_takes_a_public_complaint_and_shows_the_answer_on_the_tracking_page(
    aid: AidWorld,
) -> None:
    public = Client()
    response = public.post("/pengaduan-bansos/", _public_form(aid))
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/pengaduan-bansos/cek/{complaint.tracking_code}/"
    assert (complaint.channel, complaint.kind, complaint.complainant_phone) == (
        "public",
        "usul_sanggah",
        "+6281234567890",
    )
    complaint_actions.answer_complaint(
        acting_user=aid.world.district,
        complaint=complaint,
        answer="Sudah diusulkan untuk dikeluarkan lewat musdes bulan ini.",
    )
    page = public.get(f"/pengaduan-bansos/cek/{complaint.tracking_code.lower()}/")
    assert page.status_code == 200
    assert b"Sudah diusulkan untuk dikeluarkan" in page.content
    assert b"+6281234567890" not in page.content


def test_it_refuses_a_bot_filling_the_public_form(aid: AidWorld) -> None:
    response = Client().post("/pengaduan-bansos/", _public_form(aid, website="http://spam"))
    assert response.status_code == 400
    fast = Client().post(
        "/pengaduan-bansos/",
        _public_form(aid, form_token=signing.dumps(time.time(), salt=FORM_TOKEN_SALT)),
    )
    assert fast.status_code == 400
    assert Complaint.objects.count() == 0


def test_it_limits_public_complaints_per_connection(aid: AidWorld, settings: Any) -> None:
    settings.SIPSM_PUBLIC_REPORTS_PER_IP = (2, 3600)
    client = Client()
    codes = [client.post("/pengaduan-bansos/", _public_form(aid)).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_it_runs_the_lifecycle_to_closed(aid: AidWorld) -> None:
    complaint = make_complaint(aid)
    complaint_actions.verify_complaint(acting_user=aid.world.district, complaint=complaint)
    complaint_actions.answer_complaint(
        acting_user=aid.world.district, complaint=complaint, answer="Dana sudah masuk."
    )
    complaint_actions.close_complaint(acting_user=aid.world.district, complaint=complaint)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answered_by, complaint.closed_at is not None) == (
        "closed",
        aid.world.district,
        True,
    )
