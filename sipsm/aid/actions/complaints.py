"""Complaints (pengaduan / usul sanggah): filing (PSM, coordinator, public form), verifying,
answering, rejecting, closing, and escalating overdue ones to the TKSK and Dinas Sosial."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS, Role
from sipsm.aid import permissions as perms
from sipsm.aid.conf import add_working_days, setting
from sipsm.aid.models import Complaint, KpmEntry, Program
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.notifications.models import Channel
from sipsm.notifications.outbox import Outgoing, queue
from sipsm.regions.models import Region


@dataclass(frozen=True)
class ComplaintData:
    category: str
    village: Region
    description: str
    kind: str = Complaint.Kind.PENGADUAN
    program: Program | None = None
    entry: KpmEntry | None = None
    about_name: str = ""
    complainant_name: str = ""
    complainant_phone: str = ""


def _validate(data: ComplaintData) -> None:
    if data.category not in Complaint.Category.values:
        raise ActionError(_("Choose a category."), field="category")
    if data.kind not in Complaint.Kind.values:
        raise ActionError(_("Choose the kind."), field="kind")
    if data.village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field="village")
    if len(data.description.strip()) < 10:
        raise ActionError(
            _("Describe what happened (at least 10 characters)."), field="description"
        )
    if data.entry is not None and data.entry.village_id != data.village.code:
        raise ActionError(_("The family is not in this village."), field="entry")


def _handlers(village_code: str, *, level: int) -> list[User]:
    """Who is told about a complaint: the TKSK of the district (level 1), or Dinas Sosial of
    the regency (regency coordinators and government partners, level 2)."""
    active = User.objects.filter(is_active=True).order_by("username")
    if level <= Complaint.Level.TKSK:
        found = list(active.filter(role=Role.DISTRICT_COORDINATOR, region_id=village_code[:8]))
        if found:
            return found
    return list(
        active.filter(
            Q(role=Role.REGENCY_COORDINATOR) | Q(role=Role.GOVERNMENT_PARTNER),
            region_id=village_code[:5],
        )
    )


def _notify(complaint: Complaint, users: list[User], subject: str, body: str) -> None:
    link = reverse("aid:complaint", kwargs={"complaint_id": complaint.pk})
    queue(
        Outgoing(
            channel=Channel.IN_APP,
            user_id=user.pk,
            subject=subject,
            body=body,
            link=link,
            category="aid_complaint",
            related=complaint,
        )
        for user in users
    )


def _create(data: ComplaintData, *, channel: str, filed_by: User | None) -> Complaint:
    now = timezone.now()
    complaint = Complaint.objects.create(
        kind=data.kind,
        category=data.category,
        channel=channel,
        program=data.program,
        village=data.village,
        entry=data.entry,
        about_name=data.about_name.strip()[:150],
        description=data.description.strip()[:4000],
        complainant_name=data.complainant_name.strip()[:150],
        complainant_phone=data.complainant_phone,
        filed_by=filed_by,
        received_at=now,
        verify_due_at=add_working_days(now, int(setting("SIPSM_AID_VERIFY_WORKING_DAYS"))),
    )
    record_event(
        actor=filed_by,
        verb="aid.complaint.file",
        target=complaint,
        region_code=complaint.village_id,
        data={"category": data.category, "channel": channel, "kind": data.kind},
    )
    _notify(
        complaint,
        _handlers(complaint.village_id, level=Complaint.Level.TKSK),
        _("New aid complaint %(code)s") % {"code": complaint.tracking_code},
        _("%(category)s in %(village)s; verify it by %(due)s.")
        % {
            "category": complaint.get_category_display(),
            "village": data.village.name,
            "due": timezone.localtime(complaint.verify_due_at).strftime("%Y-%m-%d"),
        },
    )
    return complaint


@transaction.atomic
def file_complaint(*, acting_user: User, data: ComplaintData) -> Complaint:
    if not perms.can_file_complaint(acting_user, data.village.code):
        raise PermissionRefused(_("The village is outside your area."))
    _validate(data)
    channel = (
        Complaint.Channel.COORDINATOR if acting_user.role in COORDINATORS else Complaint.Channel.PSM
    )
    return _create(data, channel=channel, filed_by=acting_user)


@transaction.atomic
def receive_public_complaint(*, data: ComplaintData) -> Complaint:
    """A complaint from the public form (no account); the code lets them follow it."""
    _validate(data)
    if data.entry is not None:
        raise ActionError(_("The public form does not name a listed family."), field="entry")
    return _create(data, channel=Complaint.Channel.PUBLIC, filed_by=None)


def _require_handler(user: User, complaint: Complaint) -> None:
    if not perms.can_handle_complaint(user, complaint.village_id):
        raise PermissionRefused()


@transaction.atomic
def verify_complaint(*, acting_user: User, complaint: Complaint, note: str = "") -> Complaint:
    _require_handler(acting_user, complaint)
    if complaint.status != Complaint.Status.RECEIVED:
        raise Conflict(_("Only a new complaint can be verified."), code="status")
    now = timezone.now()
    complaint.status = Complaint.Status.VERIFIED
    complaint.verified_at = now
    complaint.respond_due_at = now + dt.timedelta(days=int(setting("SIPSM_AID_RESPONSE_DAYS")))
    if note.strip():
        complaint.internal_note = (complaint.internal_note + "\n" + note.strip()).strip()
    complaint.save(update_fields=["status", "verified_at", "respond_due_at", "internal_note"])
    record_event(
        actor=acting_user,
        verb="aid.complaint.verify",
        target=complaint,
        region_code=complaint.village_id,
        changes={"status": [Complaint.Status.RECEIVED.value, Complaint.Status.VERIFIED.value]},
    )
    return complaint


@transaction.atomic
def answer_complaint(*, acting_user: User, complaint: Complaint, answer: str) -> Complaint:
    """The answer the complainant reads on the tracking page."""
    _require_handler(acting_user, complaint)
    if complaint.status not in {Complaint.Status.RECEIVED, Complaint.Status.VERIFIED}:
        raise Conflict(_("This complaint is already answered or closed."), code="status")
    if len(answer.strip()) < 5:
        raise ActionError(_("Write the answer."), field="answer")
    now = timezone.now()
    before = complaint.status
    complaint.status = Complaint.Status.ANSWERED
    complaint.verified_at = complaint.verified_at or now
    complaint.answer = answer.strip()[:4000]
    complaint.answered_at = now
    complaint.answered_by = acting_user
    complaint.save(update_fields=["status", "verified_at", "answer", "answered_at", "answered_by"])
    record_event(
        actor=acting_user,
        verb="aid.complaint.answer",
        target=complaint,
        region_code=complaint.village_id,
        changes={"status": [before, Complaint.Status.ANSWERED.value], "answer": "set"},
    )
    return complaint


@transaction.atomic
def reject_complaint(*, acting_user: User, complaint: Complaint, answer: str) -> Complaint:
    _require_handler(acting_user, complaint)
    if complaint.status != Complaint.Status.RECEIVED:
        raise Conflict(_("Only a new complaint can be rejected."), code="status")
    if len(answer.strip()) < 5:
        raise ActionError(_("Say why it cannot be verified."), field="answer")
    now = timezone.now()
    complaint.status = Complaint.Status.REJECTED
    complaint.answer = answer.strip()[:4000]
    complaint.answered_at = complaint.closed_at = now
    complaint.answered_by = acting_user
    complaint.save(update_fields=["status", "answer", "answered_at", "closed_at", "answered_by"])
    record_event(
        actor=acting_user,
        verb="aid.complaint.reject",
        target=complaint,
        region_code=complaint.village_id,
        changes={"status": [Complaint.Status.RECEIVED.value, Complaint.Status.REJECTED.value]},
    )
    return complaint


@transaction.atomic
def close_complaint(*, acting_user: User, complaint: Complaint) -> Complaint:
    _require_handler(acting_user, complaint)
    if complaint.status != Complaint.Status.ANSWERED:
        raise Conflict(_("Answer the complaint before closing it."), code="status")
    complaint.status = Complaint.Status.CLOSED
    complaint.closed_at = timezone.now()
    complaint.save(update_fields=["status", "closed_at"])
    record_event(
        actor=acting_user,
        verb="aid.complaint.close",
        target=complaint,
        region_code=complaint.village_id,
        changes={"status": [Complaint.Status.ANSWERED.value, Complaint.Status.CLOSED.value]},
    )
    return complaint


@transaction.atomic
def escalate_complaint(*, acting_user: User | None, complaint: Complaint) -> Complaint:
    """Escalate one level: to the TKSK of the district, then to Dinas Sosial."""
    if acting_user is not None:
        _require_handler(acting_user, complaint)
    if not complaint.is_open:
        raise Conflict(_("Only an open complaint can be escalated."), code="status")
    if complaint.escalation_level >= Complaint.Level.DINSOS:
        raise Conflict(_("The complaint is already with Dinas Sosial."), code="top")
    before = complaint.escalation_level
    complaint.escalation_level = before + 1
    complaint.escalated_at = timezone.now()
    complaint.save(update_fields=["escalation_level", "escalated_at"])
    users = _handlers(complaint.village_id, level=complaint.escalation_level)
    _notify(
        complaint,
        users,
        _("Aid complaint %(code)s escalated") % {"code": complaint.tracking_code},
        _("The complaint is overdue and now with %(level)s.")
        % {"level": complaint.get_escalation_level_display()},
    )
    record_event(
        actor=acting_user,
        verb="aid.complaint.escalate",
        target=complaint,
        region_code=complaint.village_id,
        changes={"escalation_level": [before, complaint.escalation_level]},
        data={"to": [u.pk for u in users]},
    )
    return complaint


def escalate_overdue_complaints(*, now: dt.datetime | None = None) -> int:
    """Escalate every overdue open complaint by one level, at most once per day each
    (`sipsm escalate_aid_complaints`, or the task `sipsm.aid.tasks.escalate_complaints`)."""
    moment = now or timezone.now()
    day_ago = moment - dt.timedelta(days=1)
    overdue = (
        Complaint.objects.filter(
            Q(status=Complaint.Status.RECEIVED, verify_due_at__lt=moment)
            | Q(status=Complaint.Status.VERIFIED, respond_due_at__lt=moment),
            escalation_level__lt=Complaint.Level.DINSOS,
        )
        .filter(Q(escalated_at__isnull=True) | Q(escalated_at__lt=day_ago))
        .order_by("received_at", "id")
    )
    count = 0
    for complaint in overdue[:1000]:
        escalate_complaint(acting_user=None, complaint=complaint)
        count += 1
    return count
