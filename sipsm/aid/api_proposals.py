"""Data update proposals (usulan) in the API: drafting, evidence (with or without the scanned
berita acara / SPTJM), submission, Dinas Sosial's decisions, and the SIKS-NG sheet."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.aid import exports
from sipsm.aid import permissions as perms
from sipsm.aid.access import access_entry, access_proposal, proposals_for
from sipsm.aid.actions import proposals as proposal_actions
from sipsm.aid.api_complaints import program_from_id
from sipsm.aid.api_distribution import region_from_code
from sipsm.aid.conf import cycle_of
from sipsm.aid.models import Proposal
from sipsm.core.errors import PermissionRefused

router = Router()


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


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class RevealIn(Schema):
    reason: str = Field(..., min_length=5, max_length=300)


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
            village=region_from_code(payload.village_code, "village_code"),
            reason=payload.reason,
            program=program_from_id(payload.program_id),
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


def _exporter(request: HttpRequest) -> Any:
    user = api_user(request)
    if not perms.can_export_proposals(user):
        raise PermissionRefused()
    return user


@router.get(
    "/aid/proposals/siks-ng",
    response={200: None},
    summary="Verified and ratified proposals of a monthly cycle (XLSX for SIKS-NG; NIK/KK masked)",
)
def export_proposals(request: HttpRequest, cycle: str = "") -> HttpResponseBase:
    user = _exporter(request)
    return exports.siks_download(
        user=user,
        proposals=proposals_for(user),
        cycle=cycle or cycle_of(timezone.localdate()),
        full=False,
    )


@router.post(
    "/aid/proposals/siks-ng",
    response={200: None},
    summary="The SIKS-NG sheet with NIK, KK and address in full (reason; audited)",
)
def export_proposals_full(
    request: HttpRequest, payload: RevealIn, cycle: str = ""
) -> HttpResponseBase:
    user = _exporter(request)
    if not perms.can_see_identities(user):
        raise PermissionRefused()
    return exports.siks_download(
        user=user,
        proposals=proposals_for(user),
        cycle=cycle or cycle_of(timezone.localdate()),
        full=True,
        reason=payload.reason,
    )


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


@router.post(
    "/aid/proposals/{proposal_id}/evidence/file",
    response=ProposalOut,
    summary="Musdes/muskel/SPTJM with the scanned document (multipart form)",
)
def proposal_evidence_file(
    request: HttpRequest,
    proposal_id: int,
    payload: Form[EvidenceIn],
    file: File[UploadedFile],
) -> Proposal:
    user = api_user(request)
    proposal = access_proposal(user, proposal_id)
    return proposal_actions.attach_evidence(
        acting_user=user,
        proposal=proposal,
        kind=payload.kind,
        number=payload.number,
        day=payload.date,
        upload=file,
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
