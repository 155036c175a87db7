"""Complaints (with the public tracking look-up) and data update proposals in the API."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.aid import permissions as perms
from sipsm.aid.access import (
    access_complaint,
    access_entry,
    access_proposal,
    complaints_for,
    proposals_for,
)
from sipsm.aid.actions import complaints as complaint_actions
from sipsm.aid.actions import proposals as proposal_actions
from sipsm.aid.api_distribution import _region
from sipsm.aid.models import Complaint, Program, Proposal
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.phones import InvalidPhone, normalize_phone

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


class ProposalOut(Schema):
    id: int
    kind: str
    status: str
    village_code: str = Field(..., alias="village_id")
    program_id: int | None
    entry_id: int | None
    household_id: int | None
    head_name: str
    nik_masked: str
    kk_masked: str
    field_name: str
    new_value: str
    reason: str
    evidence_kind: str
    evidence_number: str
    evidence_date: dt.date | None
    cycle: str
    submitted_at: dt.datetime | None
    verified_at: dt.datetime | None
    ratified_at: dt.datetime | None
    decision_note: str


class ProposalIn(Schema):
    kind: str
    village_code: str = Field(..., max_length=20)
    reason: str = Field(..., min_length=5, max_length=4000)
    program_id: int | None = None
    entry_id: int | None = None
    head_name: str = Field("", max_length=150)
    nik: str = Field("", max_length=32)
    kk: str = Field("", max_length=32)
    address: str = Field("", max_length=1000)
    field_name: str = Field("", max_length=60)
    new_value: str = Field("", max_length=200)


class EvidenceIn(Schema):
    kind: str
    number: str = Field(..., min_length=1, max_length=100)
    date: dt.date


def _program(program_id: int | None) -> Program | None:
    if program_id is None:
        return None
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise ActionError("Unknown program.", field="program_id")
    return program


@router.get("/aid/complaints", response=list[ComplaintOut], summary="Complaints in your area")
@paginate(PageNumberPagination, page_size=50)
def list_complaints(request: HttpRequest, status: str = "") -> Any:
    user = api_user(request)
    if not perms.can_read_complaints(user):
        raise PermissionRefused()
    complaints = complaints_for(user)
    if status:
        complaints = complaints.filter(status=status)
    return complaints.order_by("-received_at", "-id")


@router.post("/aid/complaints", response={201: ComplaintOut}, summary="File a complaint")
def file_complaint(request: HttpRequest, payload: ComplaintIn) -> Status[Complaint]:
    user = api_user(request)
    if not (perms.is_coordinator(user) or perms.is_psm(user)):
        raise PermissionRefused()
    entry = access_entry(user, payload.entry_id) if payload.entry_id else None
    try:
        phone = normalize_phone(payload.complainant_phone)
    except InvalidPhone as exc:
        raise ActionError("This is not a phone number.", field="complainant_phone") from exc
    complaint = complaint_actions.file_complaint(
        acting_user=user,
        data=complaint_actions.ComplaintData(
            kind=payload.kind,
            category=payload.category,
            village=_region(payload.village_code, "village_code"),
            description=payload.description,
            program=_program(payload.program_id),
            entry=entry,
            about_name=payload.about_name,
            complainant_name=payload.complainant_name,
            complainant_phone=phone,
        ),
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


@router.get("/aid/proposals", response=list[ProposalOut], summary="Proposals in your area")
@paginate(PageNumberPagination, page_size=50)
def list_proposals(request: HttpRequest, status: str = "", cycle: str = "") -> Any:
    user = api_user(request)
    if not perms.can_read_proposals(user):
        raise PermissionRefused()
    proposals = proposals_for(user)
    if status:
        proposals = proposals.filter(status=status)
    if cycle:
        proposals = proposals.filter(cycle=cycle)
    return proposals.order_by("-created_at", "-id")


@router.post("/aid/proposals", response={201: ProposalOut}, summary="Draft a proposal")
def draft_proposal(request: HttpRequest, payload: ProposalIn) -> Status[Proposal]:
    user = api_user(request)
    if not (perms.is_coordinator(user) or perms.is_psm(user)):
        raise PermissionRefused()
    entry = access_entry(user, payload.entry_id) if payload.entry_id else None
    proposal = proposal_actions.draft_proposal(
        acting_user=user,
        data=proposal_actions.ProposalData(
            kind=payload.kind,
            village=_region(payload.village_code, "village_code"),
            reason=payload.reason,
            program=_program(payload.program_id),
            entry=entry,
            head_name=payload.head_name,
            kk=payload.kk,
            nik=payload.nik,
            address=payload.address,
            field_name=payload.field_name,
            new_value=payload.new_value,
        ),
    )
    return Status(201, proposal)


@router.get("/aid/proposals/{proposal_id}", response=ProposalOut, summary="One proposal")
def get_proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return access_proposal(api_user(request), proposal_id)


@router.post(
    "/aid/proposals/{proposal_id}/evidence", response=ProposalOut, summary="Musdes/muskel/SPTJM"
)
def proposal_evidence(request: HttpRequest, proposal_id: int, payload: EvidenceIn) -> Proposal:
    user = api_user(request)
    proposal = access_proposal(user, proposal_id)
    return proposal_actions.attach_evidence(
        acting_user=user,
        proposal=proposal,
        kind=payload.kind,
        number=payload.number,
        day=payload.date,
    )


@router.post("/aid/proposals/{proposal_id}/submit", response=ProposalOut, summary="Submit")
def submit_proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    user = api_user(request)
    proposal = access_proposal(user, proposal_id)
    return proposal_actions.submit_proposal(acting_user=user, proposal=proposal)


@router.post("/aid/proposals/{proposal_id}/verify", response=ProposalOut, summary="Verify")
def verify_proposal(request: HttpRequest, proposal_id: int, payload: NoteIn) -> Proposal:
    user = api_user(request)
    proposal = access_proposal(user, proposal_id)
    return proposal_actions.verify_proposal(acting_user=user, proposal=proposal, note=payload.note)


@router.post("/aid/proposals/{proposal_id}/ratify", response=ProposalOut, summary="Ratify")
def ratify_proposal(request: HttpRequest, proposal_id: int, payload: NoteIn) -> Proposal:
    user = api_user(request)
    proposal = access_proposal(user, proposal_id)
    return proposal_actions.ratify_proposal(acting_user=user, proposal=proposal, note=payload.note)


@router.post("/aid/proposals/{proposal_id}/reject", response=ProposalOut, summary="Reject")
def reject_proposal(request: HttpRequest, proposal_id: int, payload: NoteIn) -> Proposal:
    user = api_user(request)
    proposal = access_proposal(user, proposal_id)
    return proposal_actions.reject_proposal(acting_user=user, proposal=proposal, note=payload.note)
