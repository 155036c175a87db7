"""Complaints in the API: the list and handling for PSMs, coordinators and Dinas Sosial, and
for the public (no account) filing one and following it with the tracking code."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.aid import permissions as perms
from sipsm.aid.access import access_complaint, access_entry, complaints_for
from sipsm.aid.actions import complaints as complaint_actions
from sipsm.aid.api_distribution import region_from_code
from sipsm.aid.models import Complaint, Program
from sipsm.aid.views.public import PER_IP
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.middleware import client_ip
from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.core.ratelimit import hit

router = Router()


class ComplaintOut(Schema):
    id: int
    tracking_code: str
    kind: str
    category: str
    channel: str
    program_id: int | None
    village_code: str = Field(..., alias="village_id")
    entry_id: int | None
    about_name: str
    description: str
    status: str
    received_at: dt.datetime
    verify_due_at: dt.datetime
    verified_at: dt.datetime | None
    respond_due_at: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None
    escalation_level: int
    is_overdue: bool
    complainant_name: str = Field("", description="Only for those who handle the complaint")
    complainant_phone: str = Field("", description="Only for those who handle the complaint")

    @staticmethod
    def resolve_complainant_name(obj: Complaint, context: dict[str, Any]) -> str:
        return obj.complainant_name if _handles(context, obj) else ""

    @staticmethod
    def resolve_complainant_phone(obj: Complaint, context: dict[str, Any]) -> str:
        return obj.complainant_phone if _handles(context, obj) else ""


class ComplaintIn(Schema):
    kind: str = Complaint.Kind.PENGADUAN.value
    category: str
    village_code: str = Field(..., max_length=20)
    description: str = Field(..., min_length=10, max_length=4000)
    program_id: int | None = None
    entry_id: int | None = None
    about_name: str = Field("", max_length=150)
    complainant_name: str = Field("", max_length=150)
    complainant_phone: str = Field("", max_length=20)


class PublicComplaintIn(Schema):
    kind: str = Complaint.Kind.PENGADUAN.value
    category: str
    village_code: str = Field(..., max_length=20)
    description: str = Field(..., min_length=10, max_length=4000)
    program_id: int | None = None
    about_name: str = Field("", max_length=150)
    complainant_name: str = Field("", max_length=150)
    complainant_phone: str = Field("", max_length=20)


class PublicStatusOut(Schema):
    tracking_code: str
    category: str
    village_code: str = Field(..., alias="village_id")
    status: str
    received_at: dt.datetime
    verify_due_at: dt.datetime
    respond_due_at: dt.datetime | None
    answer: str


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class AnswerIn(Schema):
    answer: str = Field(..., min_length=5, max_length=4000)


class TooManyRequests(ActionError):
    status = 429


def _handles(context: dict[str, Any] | None, complaint: Complaint) -> bool:
    request = (context or {}).get("request")
    if request is None or getattr(request, "auth", None) is None:
        return False
    return perms.can_handle_complaint(api_user(request), complaint.village_id)


def program_from_id(program_id: int | None) -> Program | None:
    if program_id is None:
        return None
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise ActionError(_("Unknown program."), field="program_id")
    return program


def _phone(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhone as exc:
        raise ActionError(_("This is not a phone number."), field="complainant_phone") from exc


def _overdue(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    now = timezone.now()
    return complaints.filter(
        Q(status=Complaint.Status.RECEIVED, verify_due_at__lt=now)
        | Q(status=Complaint.Status.VERIFIED, respond_due_at__lt=now)
    )


@router.get("/aid/complaints", response=list[ComplaintOut], summary="Complaints in your area")
@paginate(PageNumberPagination, page_size=50)
def list_complaints(request: HttpRequest, status: str = "", overdue: bool = False) -> Any:
    user = api_user(request)
    if not perms.can_read_complaints(user):
        raise PermissionRefused()
    complaints = complaints_for(user)
    if status:
        complaints = complaints.filter(status=status)
    if overdue:
        complaints = _overdue(complaints)
    return complaints.order_by("-received_at", "-id")


@router.post("/aid/complaints", response={201: ComplaintOut}, summary="File a complaint")
def file_complaint(request: HttpRequest, payload: ComplaintIn) -> Status[Complaint]:
    user = api_user(request)
    if not (perms.is_coordinator(user) or perms.is_psm(user)):
        raise PermissionRefused()
    entry = access_entry(user, payload.entry_id) if payload.entry_id else None
    phone = _phone(payload.complainant_phone)
    complaint = complaint_actions.file_complaint(
        acting_user=user,
        data=complaint_actions.ComplaintData(
            kind=payload.kind,
            category=payload.category,
            village=region_from_code(payload.village_code, "village_code"),
            description=payload.description,
            program=program_from_id(payload.program_id),
            entry=entry,
            about_name=payload.about_name,
            complainant_name=payload.complainant_name,
            complainant_phone=phone,
        ),
    )
    return Status(201, complaint)


@router.post(
    "/aid/public/complaints",
    response={201: PublicStatusOut},
    auth=None,
    summary="File a complaint without an account (rate-limited per address); keep the code",
)
def file_public_complaint(request: HttpRequest, payload: PublicComplaintIn) -> Status[Complaint]:
    limit, window = getattr(settings, "SIPSM_PUBLIC_REPORTS_PER_IP", PER_IP)
    if not hit("bansos-ip", client_ip(request) or "-", limit=limit, window_seconds=window):
        raise TooManyRequests(_("Too many complaints from this address; try later."), code="rate")
    complaint = complaint_actions.receive_public_complaint(
        data=complaint_actions.ComplaintData(
            kind=payload.kind,
            category=payload.category,
            village=region_from_code(payload.village_code, "village_code"),
            description=payload.description,
            program=program_from_id(payload.program_id),
            about_name=payload.about_name,
            complainant_name=payload.complainant_name,
            complainant_phone=_phone(payload.complainant_phone),
        )
    )
    return Status(201, complaint)


@router.get(
    "/aid/public/complaints/{code}",
    response=PublicStatusOut,
    auth=None,
    summary="Status and answer of a complaint by its tracking code (no account)",
)
def public_status(request: HttpRequest, code: str) -> Complaint:
    complaint = Complaint.objects.filter(tracking_code=code.upper()[:12]).first()
    if complaint is None:
        raise Http404
    return complaint


@router.get("/aid/complaints/{complaint_id}", response=ComplaintOut, summary="One complaint")
def get_complaint(request: HttpRequest, complaint_id: int) -> Complaint:
    return access_complaint(api_user(request), complaint_id)


@router.post("/aid/complaints/{complaint_id}/verify", response=ComplaintOut, summary="Verify")
def verify_complaint(request: HttpRequest, complaint_id: int, payload: NoteIn) -> Complaint:
    user = api_user(request)
    complaint = access_complaint(user, complaint_id)
    return complaint_actions.verify_complaint(
        acting_user=user, complaint=complaint, note=payload.note
    )


@router.post("/aid/complaints/{complaint_id}/answer", response=ComplaintOut, summary="Answer")
def answer_complaint(request: HttpRequest, complaint_id: int, payload: AnswerIn) -> Complaint:
    user = api_user(request)
    complaint = access_complaint(user, complaint_id)
    return complaint_actions.answer_complaint(
        acting_user=user, complaint=complaint, answer=payload.answer
    )


@router.post(
    "/aid/complaints/{complaint_id}/reject", response=ComplaintOut, summary="Not verifiable"
)
def reject_complaint(request: HttpRequest, complaint_id: int, payload: AnswerIn) -> Complaint:
    user = api_user(request)
    complaint = access_complaint(user, complaint_id)
    return complaint_actions.reject_complaint(
        acting_user=user, complaint=complaint, answer=payload.answer
    )


@router.post("/aid/complaints/{complaint_id}/close", response=ComplaintOut, summary="Close")
def close_complaint(request: HttpRequest, complaint_id: int) -> Complaint:
    user = api_user(request)
    complaint = access_complaint(user, complaint_id)
    return complaint_actions.close_complaint(acting_user=user, complaint=complaint)


@router.post(
    "/aid/complaints/{complaint_id}/escalate", response=ComplaintOut, summary="Escalate a level"
)
def escalate_complaint(request: HttpRequest, complaint_id: int) -> Complaint:
    user = api_user(request)
    complaint = access_complaint(user, complaint_id)
    return complaint_actions.escalate_complaint(acting_user=user, complaint=complaint)
