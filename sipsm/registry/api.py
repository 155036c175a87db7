"""Units, boards and members in the API. Same access functions and actions as the pages."""

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import field_validator

from sipsm.accounts.api_auth import api_user
from sipsm.accounts.roles import Capability
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.core.phones import InvalidPhone, normalize_phone
from sipsm.identity.nik import check_nik
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.registry.access import (
    access_member,
    access_member_for,
    access_unit,
    log_member_read,
    units_for,
)
from sipsm.registry.actions import members as member_actions
from sipsm.registry.actions.members import MemberData
from sipsm.registry.eligibility import check_eligibility
from sipsm.registry.models import BoardTerm, Member, Skill, Unit
from sipsm.registry.selectors import visible_members

router = Router()


class UnitOut(Schema):
    id: int
    level: int
    name: str
    region_code: str | None
    parent_id: int | None


class PositionOut(Schema):
    position: str
    title: str
    holder: str
    member_id: int | None


class BoardTermOut(Schema):
    id: int
    start_year: int
    end_year: int
    sk_number: str
    positions: list[PositionOut]

    @staticmethod
    def resolve_positions(obj: BoardTerm) -> list[dict[str, Any]]:
        return [
            {
                "position": p.position,
                "title": p.title,
                "holder": p.holder,
                "member_id": p.member_id,
            }
            for p in obj.positions.all()
        ]


class MemberOut(Schema):
    id: int
    full_name: str
    sex: str
    nik_masked: str
    home_village_code: str = Field(..., alias="home_village_id")
    status: str
    stage: str
    availability: str
    kta_number: str | None
    kta_temporary: bool
    skills: list[str]
    bimtek_dasar_date: dt.date | None
    # The editable fields, so that a client can read, change and PUT back a whole record.
    # The NIK (masked above) and the home point are not sent out; a PUT without them keeps them.
    birth_place: str
    birth_date: dt.date | None
    phone: str
    email: str
    address: str
    ktp_village_code: str | None = Field(None, alias="ktp_village_id")
    education: str
    literate: bool
    bimtek_dasar_organizer: str
    commitment_declared: bool
    good_conduct_evidence: str
    sk_number: str
    sk_issuer: str
    sk_date: dt.date | None

    @staticmethod
    def resolve_skills(obj: Member) -> list[str]:
        return [s.code for s in obj.skills.all()]


class CriterionOut(Schema):
    code: str
    label: str
    met: bool
    reason: str


class MemberIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=150)
    sex: str = Field(..., pattern="^(M|F)$")
    home_village_code: str = Field(..., max_length=20)
    nik: str = Field(
        "",
        max_length=32,
        description="16 digits. On PUT, leave empty to keep the NIK already recorded.",
    )
    birth_place: str = Field("", max_length=100)
    birth_date: dt.date | None = None
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=1000)
    ktp_village_code: str | None = Field(None, max_length=20)
    home_lat: float | None = Field(None, ge=-11.5, le=6.5)
    home_lon: float | None = Field(None, ge=94.5, le=141.5)
    education: str = Field("", max_length=16)
    literate: bool = False
    skills: list[str] = Field(default_factory=list, max_length=50)
    bimtek_dasar_date: dt.date | None = None
    bimtek_dasar_organizer: str = Field("", max_length=150)
    commitment_declared: bool = False
    good_conduct_evidence: str = Field("", max_length=150)
    sk_number: str = Field("", max_length=100)
    sk_issuer: str = Field("", max_length=20)
    sk_date: dt.date | None = None

    @field_validator("full_name")
    @classmethod
    def _name_has_text(cls, value: str) -> str:
        name = " ".join(value.split())
        if not name:
            raise ValueError("the name is empty")
        return name


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str


class MemberFilters(Schema):
    q: str = ""
    status: str = ""
    stage: str = ""
    availability: str = ""
    skill: str = ""
    region: str = ""


def _village(code: str | None, field: str) -> Region | None:
    if not code:
        return None
    try:
        dotted = codes.normalize(code)
    except codes.InvalidRegionCode as exc:
        raise ActionError(_("This is not a region code."), field=field) from exc
    region = Region.objects.filter(code=dotted, level=Region.Level.VILLAGE).first()
    if region is None:
        raise ActionError(_("There is no village with this code."), field=field)
    return region


def _member_data(payload: MemberIn, *, current_nik: str = "") -> MemberData:
    """Check a payload like the form does; errors name the payload field."""
    home = _village(payload.home_village_code, "home_village_code")
    assert home is not None
    nik = current_nik
    if payload.nik:
        result = check_nik(payload.nik)
        if result.errors:
            raise ActionError("; ".join(str(e) for e in result.errors), field="nik")
        nik = result.nik
    try:
        phone = normalize_phone(payload.phone)
    except InvalidPhone as exc:
        raise ActionError(_("This is not a phone number."), field="phone") from exc
    if payload.email:
        try:
            validate_email(payload.email)
        except ValidationError as exc:
            raise ActionError(_("This is not an e-mail address."), field="email") from exc
    if payload.education and payload.education not in Member.Education.values:
        raise ActionError(_("Unknown education level."), field="education")
    if payload.sk_issuer and payload.sk_issuer not in Member.SkIssuer.values:
        raise ActionError(_("Unknown SK issuer."), field="sk_issuer")
    skills = list(Skill.objects.filter(code__in=payload.skills))
    if len(skills) != len(set(payload.skills)):
        raise ActionError(_("Unknown skill code."), field="skills")
    if (payload.home_lat is None) != (payload.home_lon is None):
        raise ActionError(_("Give both home_lat and home_lon."), field="home_lon")
    return MemberData(
        full_name=payload.full_name,
        sex=payload.sex,
        home_village=home,
        nik=nik,
        birth_place=payload.birth_place,
        birth_date=payload.birth_date,
        phone=phone,
        email=payload.email,
        address=payload.address,
        ktp_village=_village(payload.ktp_village_code, "ktp_village_code"),
        home_lat=payload.home_lat,
        home_lon=payload.home_lon,
        education=payload.education,
        literate=payload.literate,
        skills=skills,
        bimtek_dasar_date=payload.bimtek_dasar_date,
        bimtek_dasar_organizer=payload.bimtek_dasar_organizer,
        commitment_declared=payload.commitment_declared,
        good_conduct_evidence=payload.good_conduct_evidence,
        sk_number=payload.sk_number,
        sk_issuer=payload.sk_issuer,
        sk_date=payload.sk_date,
    )


@router.get("/units", response=list[UnitOut], summary="Units in your area")
@paginate(PageNumberPagination, page_size=100)
def list_units(request: HttpRequest, level: int | None = None) -> Any:
    units = cast("QuerySet[Unit]", units_for(api_user(request)))
    if level is not None:
        units = units.filter(level=level)
    return units.order_by("level", "region_id")


@router.get("/units/{unit_id}", response=UnitOut, summary="One unit")
def get_unit(request: HttpRequest, unit_id: int) -> Unit:
    return access_unit(api_user(request), unit_id)


@router.get("/units/{unit_id}/boards", response=list[BoardTermOut], summary="A unit's boards")
def unit_boards(request: HttpRequest, unit_id: int) -> list[BoardTerm]:
    unit = access_unit(api_user(request), unit_id)
    return list(unit.board_terms.prefetch_related("positions__member"))


@router.get("/members", response=list[MemberOut], summary="Members in your area")
@paginate(PageNumberPagination, page_size=50)
def list_members(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    user = api_user(request)
    if not user.can(Capability.VIEW_MEMBERS):
        raise PermissionRefused()
    values: dict[str, Any] = filters.model_dump()
    members = visible_members(user, {**values, "skill": None})
    if values.get("skill"):
        members = members.filter(skills__code=values["skill"])
    return members.prefetch_related("skills").order_by("full_name", "id")


class NikIn(Schema):
    nik: str = Field(..., min_length=16, max_length=24)


@router.post(
    "/members/find-by-nik",
    response=list[MemberOut],
    summary="Find a member by NIK (in the body, never in the URL)",
)
def find_member_by_nik(request: HttpRequest, payload: NikIn) -> Any:
    user = api_user(request)
    if not user.can(Capability.VIEW_MEMBERS):
        raise PermissionRefused()
    return list(visible_members(user, {"nik": payload.nik}).prefetch_related("skills"))


@router.get("/members/{member_id}", response=MemberOut, summary="One member")
def get_member(request: HttpRequest, member_id: int) -> Member:
    user = api_user(request)
    member = access_member(user, member_id)
    log_member_read(user, member, what="api")
    return member


@router.get(
    "/members/{member_id}/eligibility",
    response=list[CriterionOut],
    summary="Permensos 10/2019 checklist",
)
def member_eligibility(request: HttpRequest, member_id: int) -> list[dict[str, Any]]:
    member = access_member(api_user(request), member_id)
    return [
        {"code": c.code, "label": str(c.label), "met": c.met, "reason": str(c.reason)}
        for c in check_eligibility(member)
    ]


@router.post("/members", response={201: MemberOut}, summary="Register a candidate")
def create_member(request: HttpRequest, payload: MemberIn) -> Status[Member]:
    user = api_user(request)
    member = member_actions.register_member(acting_user=user, data=_member_data(payload))
    return Status(201, member)


@router.put("/members/{member_id}", response=MemberOut, summary="Replace a member's record")
def update_member(request: HttpRequest, member_id: int, payload: MemberIn) -> Member:
    user = api_user(request)
    member = access_member_for(user, member_id, Capability.EDIT_MEMBER)
    # The NIK is never sent out, so a client that PUTs back what it read must not erase it.
    data = _member_data(payload, current_nik=member.nik)
    if data.home_lat is None and data.home_lon is None:
        data.home_lat, data.home_lon = member.home_lat, member.home_lon
    return member_actions.update_member(acting_user=user, member=member, data=data)


@router.post(
    "/members/{member_id}/recommend", response=MemberOut, summary="Village unit recommends"
)
def recommend_member(request: HttpRequest, member_id: int, payload: NoteIn) -> Member:
    user = api_user(request)
    member = access_member_for(user, member_id, Capability.RECOMMEND_MEMBER)
    return member_actions.recommend_member(acting_user=user, member=member, note=payload.note)


@router.post("/members/{member_id}/reject", response=MemberOut, summary="Reject an application")
def reject_member(request: HttpRequest, member_id: int, payload: ReasonIn) -> Member:
    user = api_user(request)
    member = access_member_for(user, member_id, Capability.RECOMMEND_MEMBER)
    return member_actions.reject_application(acting_user=user, member=member, reason=payload.reason)


@router.post("/members/{member_id}/verify", response=MemberOut, summary="Regency verifies")
def verify_member(request: HttpRequest, member_id: int) -> Member:
    user = api_user(request)
    member = access_member_for(user, member_id, Capability.VERIFY_MEMBER)
    return member_actions.verify_member(acting_user=user, member=member)


@router.post(
    "/members/{member_id}/permanent-kta", response=MemberOut, summary="Issue the permanent KTA"
)
def permanent_kta(request: HttpRequest, member_id: int) -> Member:
    user = api_user(request)
    member = access_member_for(user, member_id, Capability.ISSUE_PERMANENT_KTA)
    return member_actions.issue_permanent_kta(acting_user=user, member=member)


@router.get("/skills", response=list[dict[str, str]], summary="The skill vocabulary")
def list_skills(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"code": s.code, "name": s.name, "name_en": s.name_en}
        for s in Skill.objects.order_by("code")
    ]
