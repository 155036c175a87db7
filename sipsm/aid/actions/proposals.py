"""Data update proposals (usulan): draft → evidence (musdes/muskel or SPTJM) → submitted
(into the monthly cycle by the cut-off day) → verified by Dinas Sosial → ratified, or
rejected with a reason."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.aid import permissions as perms
from sipsm.aid.conf import cycle_of
from sipsm.aid.models import KpmEntry, Program, Proposal
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.images import clean_photo
from sipsm.identity.kk import check_kk
from sipsm.identity.nik import check_nik
from sipsm.regions.models import Region

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ProposalData:
    kind: str
    village: Region
    reason: str
    program: Program | None = None
    entry: KpmEntry | None = None
    head_name: str = ""
    kk: str = ""
    nik: str = ""
    address: str = ""
    field_name: str = ""
    new_value: str = ""


def _validate(data: ProposalData) -> tuple[str, str]:
    if data.kind not in Proposal.Kind.values:
        raise ActionError(_("Choose the kind of proposal."), field="kind")
    if data.village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field="village")
    if len(data.reason.strip()) < 5:
        raise ActionError(_("Give the reason."), field="reason")
    if data.kind == Proposal.Kind.NEW_FAMILY:
        if not data.head_name.strip():
            raise ActionError(_("Give the name of the head of the family."), field="head_name")
    elif data.entry is None:
        raise ActionError(_("Choose the family on the list."), field="entry")
    if data.entry is not None and data.entry.village_id != data.village.code:
        raise ActionError(_("The family is not in this village."), field="entry")
    if data.kind == Proposal.Kind.CORRECTION and not (data.field_name and data.new_value):
        raise ActionError(_("Say which value is wrong and what is right."), field="new_value")
    nik = kk = ""
    if data.nik:
        result = check_nik(data.nik)
        if result.errors:
            raise ActionError("; ".join(str(e) for e in result.errors), field="nik")
        nik = result.nik
    if data.kk:
        kk_result = check_kk(data.kk)
        if kk_result.errors:
            raise ActionError("; ".join(str(e) for e in kk_result.errors), field="kk")
        kk = kk_result.kk
    return nik, kk


@transaction.atomic
def draft_proposal(*, acting_user: User, data: ProposalData) -> Proposal:
    if not perms.can_draft_proposal(acting_user, data.village.code):
        raise PermissionRefused(_("The village is outside your area."))
    nik, kk = _validate(data)
    entry = data.entry
    proposal = Proposal.objects.create(
        kind=data.kind,
        village=data.village,
        program=data.program or (entry.program if entry is not None else None),
        entry=entry,
        household=entry.household if entry is not None else None,
        head_name=(data.head_name or (entry.head_name or entry.pengurus_name if entry else ""))[
            :150
        ].strip(),
        kk=kk,
        nik=nik,
        address=data.address.strip()[:1000],
        field_name=data.field_name[:60],
        new_value=data.new_value.strip()[:200],
        reason=data.reason.strip()[:4000],
        created_by=acting_user,
    )
    record_event(
        actor=acting_user,
        verb="aid.proposal.draft",
        target=proposal,
        region_code=proposal.village_id,
        data={"kind": data.kind, "entry": entry.pk if entry else None},
    )
    return proposal


def _clean_evidence(upload: UploadedFile) -> ContentFile[bytes]:
    name = (upload.name or "").lower()
    if name.endswith(".pdf"):
        data = upload.read(MAX_EVIDENCE_BYTES + 1)
        if len(data) > MAX_EVIDENCE_BYTES:
            raise ActionError(_("The file is larger than 5 MB."), field="evidence_file")
        if not data.startswith(b"%PDF-"):
            raise ActionError(_("This file is not a PDF."), field="evidence_file")
        return ContentFile(data, name=f"{secrets.token_hex(16)}.pdf")
    return clean_photo(upload)


@transaction.atomic
def attach_evidence(
    *,
    acting_user: User,
    proposal: Proposal,
    kind: str,
    number: str,
    day: dt.date,
    upload: UploadedFile | None = None,
) -> Proposal:
    """The berita acara of the musdes/muskel, or the SPTJM, that backs the proposal."""
    if not perms.can_draft_proposal(acting_user, proposal.village_id):
        raise PermissionRefused()
    if proposal.status != Proposal.Status.DRAFT:
        raise Conflict(_("Only a draft can be changed."), code="status")
    if kind not in Proposal.Evidence.values:
        raise ActionError(_("Choose the kind of evidence."), field="evidence_kind")
    if not number.strip():
        raise ActionError(
            _("Give the number of the berita acara or SPTJM."), field="evidence_number"
        )
    if day > timezone.localdate():
        raise ActionError(_("The date is in the future."), field="evidence_date")
    cleaned = _clean_evidence(upload) if upload is not None else None
    proposal.evidence_kind = kind
    proposal.evidence_number = number.strip()[:100]
    proposal.evidence_date = day
    fields = ["evidence_kind", "evidence_number", "evidence_date"]
    if cleaned is not None:
        proposal.evidence_file.save(cleaned.name or "bukti", cleaned, save=False)
        fields.append("evidence_file")
    proposal.save(update_fields=fields)
    record_event(
        actor=acting_user,
        verb="aid.proposal.evidence",
        target=proposal,
        region_code=proposal.village_id,
        data={"kind": kind, "file": cleaned is not None},
    )
    return proposal


@transaction.atomic
def submit_proposal(*, acting_user: User, proposal: Proposal) -> Proposal:
    if not perms.can_draft_proposal(acting_user, proposal.village_id):
        raise PermissionRefused()
    if proposal.status != Proposal.Status.DRAFT:
        raise Conflict(_("Only a draft can be submitted."), code="status")
    if not proposal.has_evidence:
        raise ActionError(
            _("Attach the evidence of the village meeting (musdes/muskel) or an SPTJM first."),
            field="evidence_kind",
        )
    now = timezone.now()
    proposal.status = Proposal.Status.SUBMITTED
    proposal.submitted_at = now
    proposal.cycle = cycle_of(timezone.localdate(now))
    proposal.save(update_fields=["status", "submitted_at", "cycle"])
    record_event(
        actor=acting_user,
        verb="aid.proposal.submit",
        target=proposal,
        region_code=proposal.village_id,
        changes={"status": [Proposal.Status.DRAFT.value, Proposal.Status.SUBMITTED.value]},
        data={"cycle": proposal.cycle},
    )
    return proposal


def _decide(acting_user: User, proposal: Proposal, *, before: str, after: str) -> None:
    if not perms.can_verify_proposal(acting_user, proposal.village_id):
        raise PermissionRefused()
    if proposal.status != before:
        raise Conflict(_("The proposal is not at this step."), code="status")
    proposal.status = after


@transaction.atomic
def verify_proposal(*, acting_user: User, proposal: Proposal, note: str = "") -> Proposal:
    _decide(acting_user, proposal, before=Proposal.Status.SUBMITTED, after=Proposal.Status.VERIFIED)
    proposal.verified_at = timezone.now()
    proposal.verified_by = acting_user
    proposal.decision_note = note.strip()[:2000]
    proposal.save(update_fields=["status", "verified_at", "verified_by", "decision_note"])
    record_event(
        actor=acting_user,
        verb="aid.proposal.verify",
        target=proposal,
        region_code=proposal.village_id,
        changes={"status": [Proposal.Status.SUBMITTED.value, Proposal.Status.VERIFIED.value]},
    )
    return proposal


@transaction.atomic
def ratify_proposal(*, acting_user: User, proposal: Proposal, note: str = "") -> Proposal:
    _decide(acting_user, proposal, before=Proposal.Status.VERIFIED, after=Proposal.Status.RATIFIED)
    proposal.ratified_at = timezone.now()
    proposal.ratified_by = acting_user
    if note.strip():
        proposal.decision_note = (proposal.decision_note + "\n" + note.strip()).strip()
    proposal.save(update_fields=["status", "ratified_at", "ratified_by", "decision_note"])
    record_event(
        actor=acting_user,
        verb="aid.proposal.ratify",
        target=proposal,
        region_code=proposal.village_id,
        changes={"status": [Proposal.Status.VERIFIED.value, Proposal.Status.RATIFIED.value]},
    )
    return proposal


@transaction.atomic
def reject_proposal(*, acting_user: User, proposal: Proposal, note: str) -> Proposal:
    if not perms.can_verify_proposal(acting_user, proposal.village_id):
        raise PermissionRefused()
    if proposal.status not in {Proposal.Status.SUBMITTED, Proposal.Status.VERIFIED}:
        raise Conflict(_("Only a submitted or verified proposal can be rejected."), code="status")
    if len(note.strip()) < 5:
        raise ActionError(_("Give the reason."), field="note")
    before = proposal.status
    proposal.status = Proposal.Status.REJECTED
    proposal.decision_note = note.strip()[:2000]
    proposal.save(update_fields=["status", "decision_note"])
    record_event(
        actor=acting_user,
        verb="aid.proposal.reject",
        target=proposal,
        region_code=proposal.village_id,
        changes={"status": [before, Proposal.Status.REJECTED.value]},
    )
    return proposal
