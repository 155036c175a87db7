"""Registering PSM members and moving them through the registration flow.

candidate applies -> village unit recommends -> regency verifies (active, temporary KTA)
-> national board issues the permanent KTA. Every step is atomic and audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

import h3.api.basic_int as h3int
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Capability
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.identity.fields import index_for
from sipsm.regions.models import Region
from sipsm.registry.eligibility import check_eligibility
from sipsm.registry.models import KtaSequence, Member, Skill

H3_RESOLUTION = 9


@dataclass
class MemberData:
    """Validated input for a member record (forms, API schemas and imports build this)."""

    full_name: str
    sex: str
    home_village: Region
    nik: str = ""
    birth_place: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    ktp_village: Region | None = None
    home_lat: float | None = None
    home_lon: float | None = None
    education: str = ""
    literate: bool = False
    skills: list[Skill] = field(default_factory=list)
    bimtek_dasar_date: dt.date | None = None
    bimtek_dasar_organizer: str = ""
    commitment_declared: bool = False
    good_conduct_evidence: str = ""
    sk_number: str = ""
    sk_issuer: str = ""
    sk_date: dt.date | None = None
    availability: str = Member.Availability.AVAILABLE


_SCALAR_FIELDS = [f.name for f in fields(MemberData) if f.name != "skills"]
_AUDITED = ["nik" if name == "nik" else name for name in _SCALAR_FIELDS] + [
    "status",
    "stage",
    "kta_number",
    "kta_temporary",
]


def set_dispatch_point(member: Member) -> None:
    """Dispatch measures from the home point, or from the village point when there is none."""
    lat: float | None
    lon: float | None
    if member.home_lat is not None and member.home_lon is not None:
        lat, lon = member.home_lat, member.home_lon
    else:
        lat, lon = member.home_village.lat, member.home_village.lon
    member.dispatch_lat, member.dispatch_lon = lat, lon
    if lat is None or lon is None:
        member.dispatch_h3_r7 = member.dispatch_h3_r5 = None
        return
    member.dispatch_h3_r7 = h3int.latlng_to_cell(lat, lon, 7)
    member.dispatch_h3_r5 = h3int.latlng_to_cell(lat, lon, 5)


def _apply(member: Member, data: MemberData) -> None:
    for name in _SCALAR_FIELDS:
        setattr(member, name, getattr(data, name))
    if data.home_lat is not None and data.home_lon is not None:
        member.home_h3 = h3int.latlng_to_cell(data.home_lat, data.home_lon, H3_RESOLUTION)
    else:
        member.home_h3 = None
    set_dispatch_point(member)


def _check_duplicate_nik(nik: str, *, exclude_id: int | None = None) -> None:
    if not nik:
        return
    others = Member.objects.filter(nik_index=index_for(nik, kind="nik"))
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if others.exists():
        raise ActionError(
            _("A member with this NIK is already registered."), field="nik", code="duplicate_nik"
        )


def _check_village(region: Region, *, field_name: str) -> None:
    if region.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field=field_name)


@transaction.atomic
def register_member(*, acting_user: User | None, data: MemberData) -> Member:
    """Record a candidate. `acting_user=None` is the candidate applying on the public form."""
    _check_village(data.home_village, field_name="home_village")
    if data.ktp_village is not None:
        _check_village(data.ktp_village, field_name="ktp_village")
    if acting_user is not None:
        if not acting_user.can(Capability.REGISTER_MEMBER):
            raise PermissionRefused()
        if not acting_user.covers(data.home_village.code):
            raise PermissionRefused(_("The village is outside your area."))
    _check_duplicate_nik(data.nik)
    member = Member(status=Member.Status.CANDIDATE, stage=Member.Stage.APPLIED)
    _apply(member, data)
    member.applied_at = timezone.now()
    member.save()
    member.skills.set(data.skills)
    record_event(
        actor=acting_user,
        verb="member.register",
        target=member,
        region_code=member.home_village_id,
        changes=initial_values(member, _SCALAR_FIELDS),
        data={
            "channel": "staff" if acting_user else "public",
            "skills": [s.code for s in data.skills],
        },
    )
    return member


@transaction.atomic
def update_member(*, acting_user: User, member: Member, data: MemberData) -> Member:
    if not acting_user.can(Capability.EDIT_MEMBER) or not acting_user.covers(
        member.home_village_id
    ):
        raise PermissionRefused()
    if not acting_user.covers(data.home_village.code):
        raise PermissionRefused(_("The village is outside your area."))
    _check_village(data.home_village, field_name="home_village")
    _check_duplicate_nik(data.nik, exclude_id=member.pk)
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = snapshot(member, _SCALAR_FIELDS)
    skills_before = sorted(member.skills.values_list("code", flat=True))
    _apply(member, data)
    member.updated_at = timezone.now()
    member.save()
    member.skills.set(data.skills)
    changes = changes_between(member, before, snapshot(member, _SCALAR_FIELDS))
    skills_after = sorted(s.code for s in data.skills)
    if skills_after != skills_before:
        changes["skills"] = [skills_before, skills_after]
    record_event(
        actor=acting_user,
        verb="member.update",
        target=member,
        region_code=member.home_village_id,
        changes=changes,
    )
    return member


def _locked(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def _require(acting_user: User, member: Member, capability: str) -> None:
    if not acting_user.can(capability) or not acting_user.covers(member.home_village_id):
        raise PermissionRefused()


def _transition(
    acting_user: User, member: Member, verb: str, before: dict[str, object], **data: object
) -> None:
    record_event(
        actor=acting_user,
        verb=verb,
        target=member,
        region_code=member.home_village_id,
        changes=changes_between(member, before, snapshot(member, list(before))),
        data=dict(data),
    )


@transaction.atomic
def recommend_member(*, acting_user: User, member: Member, note: str = "") -> Member:
    """The village unit recommends an applicant to the regency."""
    _require(acting_user, member, Capability.RECOMMEND_MEMBER)
    member = _locked(member)
    if member.stage != Member.Stage.APPLIED:
        raise Conflict(_("Only a new application can be recommended."), code="wrong_stage")
    before = snapshot(member, ["stage"])
    member.stage = Member.Stage.RECOMMENDED
    member.recommended_at = timezone.now()
    member.save(update_fields=["stage", "recommended_at"])
    _transition(acting_user, member, "member.recommend", before, note=note[:500])
    return member


@transaction.atomic
def reject_application(*, acting_user: User, member: Member, reason: str) -> Member:
    _require(acting_user, member, Capability.RECOMMEND_MEMBER)
    if not reason.strip():
        raise ActionError(_("Give a reason for the rejection."), field="reason")
    member = _locked(member)
    if member.status != Member.Status.CANDIDATE or member.stage == Member.Stage.REJECTED:
        raise Conflict(_("Only an open application can be rejected."), code="wrong_stage")
    if member.stage == Member.Stage.RECOMMENDED and not acting_user.can(Capability.VERIFY_MEMBER):
        raise PermissionRefused(_("A recommended application is decided by the regency."))
    before = snapshot(member, ["stage"])
    member.stage = Member.Stage.REJECTED
    member.save(update_fields=["stage"])
    _transition(acting_user, member, "member.reject", before, reason=reason.strip()[:500])
    return member


def _next_kta_number(regency_code: str, *, temporary: bool) -> str:
    sequence, _created = KtaSequence.objects.get_or_create(
        regency_code=regency_code, temporary=temporary
    )
    sequence = KtaSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    plain = regency_code.replace(".", "")
    return f"IPSM-{plain}-{'S' if temporary else ''}{sequence.last:05d}"


@transaction.atomic
def verify_member(*, acting_user: User, member: Member) -> Member:
    """The regency verifies a recommended candidate: active, with a temporary KTA."""
    _require(acting_user, member, Capability.VERIFY_MEMBER)
    member = _locked(member)
    if member.stage != Member.Stage.RECOMMENDED:
        raise Conflict(
            _("Only a candidate recommended by the village unit can be verified."),
            code="wrong_stage",
        )
    unmet = [c for c in check_eligibility(member) if not c.met]
    if unmet:
        raise ActionError(
            _("Not eligible yet: %(reasons)s")
            % {"reasons": "; ".join(f"{c.label} ({c.reason})" for c in unmet)},
            code="not_eligible",
        )
    before = snapshot(member, ["status", "stage", "kta_number", "kta_temporary"])
    member.status = Member.Status.ACTIVE
    member.stage = Member.Stage.VERIFIED
    member.verified_at = timezone.now()
    member.kta_number = _next_kta_number(member.regency_code, temporary=True)
    member.kta_temporary = True
    member.kta_issued_at = member.verified_at
    member.save(
        update_fields=[
            "status",
            "stage",
            "verified_at",
            "kta_number",
            "kta_temporary",
            "kta_issued_at",
        ]
    )
    _transition(acting_user, member, "member.verify", before)
    return member


@transaction.atomic
def issue_permanent_kta(*, acting_user: User, member: Member) -> Member:
    """The national board replaces a temporary KTA with a permanent one."""
    _require(acting_user, member, Capability.ISSUE_PERMANENT_KTA)
    member = _locked(member)
    if member.status != Member.Status.ACTIVE or not member.kta_number:
        raise Conflict(_("Only an active member with a card can get a permanent KTA."))
    if not member.kta_temporary:
        raise Conflict(_("This member already has a permanent KTA."), code="already_permanent")
    before = snapshot(member, ["kta_number", "kta_temporary"])
    member.kta_number = _next_kta_number(member.regency_code, temporary=False)
    member.kta_temporary = False
    member.kta_issued_at = timezone.now()
    member.save(update_fields=["kta_number", "kta_temporary", "kta_issued_at"])
    _transition(acting_user, member, "member.issue_permanent_kta", before)
    return member


@transaction.atomic
def change_member_status(*, acting_user: User, member: Member, status: str, reason: str) -> Member:
    """Mark an active member inactive or deceased, or reactivate them."""
    _require(acting_user, member, Capability.VERIFY_MEMBER)
    if status not in {Member.Status.ACTIVE, Member.Status.INACTIVE, Member.Status.DECEASED}:
        raise ActionError(_("Unknown status."), field="status")
    if not reason.strip():
        raise ActionError(_("Give a reason."), field="reason")
    member = _locked(member)
    if member.status == Member.Status.CANDIDATE:
        raise Conflict(_("A candidate becomes active only through verification."))
    if member.status == Member.Status.DECEASED:
        raise Conflict(_("The member is recorded as deceased."))
    before = snapshot(member, ["status"])
    member.status = status
    member.save(update_fields=["status"])
    _transition(acting_user, member, "member.change_status", before, reason=reason.strip()[:500])
    return member


@transaction.atomic
def set_member_availability(*, acting_user: User, member: Member, availability: str) -> Member:
    """A PSM says whether they can be called out; coordinators may set it for them."""
    own = member.user_id is not None and member.user_id == acting_user.pk
    if not own:
        _require(acting_user, member, Capability.EDIT_MEMBER)
    if availability not in Member.Availability.values:
        raise ActionError(_("Unknown availability."), field="availability")
    member = _locked(member)
    before = snapshot(member, ["availability"])
    member.availability = availability
    member.save(update_fields=["availability"])
    _transition(acting_user, member, "member.set_availability", before)
    return member


@transaction.atomic
def set_member_photo(*, acting_user: User, member: Member, photo: object) -> Member:
    """Store a re-encoded, metadata-free copy of the photo under a random name."""
    from sipsm.core.images import clean_photo

    _require(acting_user, member, Capability.EDIT_MEMBER)
    cleaned = clean_photo(photo)  # type: ignore[arg-type]
    member = _locked(member)
    old = member.photo.name if member.photo else ""
    member.photo.save(cleaned.name or "photo.jpg", cleaned, save=False)
    member.save(update_fields=["photo"])
    if old:
        transaction.on_commit(lambda: member.photo.storage.delete(old))
    record_event(
        actor=acting_user,
        verb="member.set_photo",
        target=member,
        region_code=member.home_village_id,
    )
    return member
