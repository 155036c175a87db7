"""Capacity building in the API: the same access functions and actions as the pages."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.coordination.api.base import region_or_none
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.registry.access import access_member
from sipsm.registry.models import Skill
from sipsm.training import needs
from sipsm.training.access import (
    access_certificate,
    access_course,
    access_enrolment,
    access_session,
    access_ticket,
)
from sipsm.training.actions import catalogue as catalogue_actions
from sipsm.training.actions import enrolment as enrolment_actions
from sipsm.training.certificates import render_certificate_pdf, verification_url
from sipsm.training.models import Course, Enrolment, TrainingSession
from sipsm.training.permissions import can_run_session, can_see_catalogue, own_member
from sipsm.training.views.needs import needs_scope

router = Router()


class CourseOut(Schema):
    id: int
    code: str
    title: str
    category: str
    description: str
    skills: list[str]
    grants_bimtek_dasar: bool
    hours: int
    pass_mark: int
    is_active: bool

    @staticmethod
    def resolve_skills(obj: Course) -> list[str]:
        return [s.code for s in obj.skills.all()]


class CourseIn(Schema):
    code: str = Field(..., pattern=r"^[-a-z0-9_]{1,40}$")
    title: str = Field(..., min_length=1, max_length=200)
    category: Course.Category
    description: str = Field("", max_length=5000)
    skills: list[str] = Field(default_factory=list, max_length=30)
    grants_bimtek_dasar: bool = False
    hours: int = Field(8, ge=1, le=1000)
    pass_mark: int = Field(70, ge=0, le=100)
    is_active: bool = True


class SessionOut(Schema):
    id: int
    course_id: int
    unit_id: int
    region_code: str | None = Field(None, alias="region_id")
    starts_on: dt.date
    ends_on: dt.date
    place: str
    online: bool
    online_url: str
    trainers: str
    quota: int
    status: str
    enrolled: int

    @staticmethod
    def resolve_enrolled(obj: TrainingSession) -> int:
        value = getattr(obj, "enrolled", None)
        if value is None:
            value = obj.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
        return int(value)


class SessionIn(Schema):
    unit_region_code: str | None = Field(None, max_length=20)
    starts_on: dt.date
    ends_on: dt.date
    quota: int = Field(..., ge=1, le=10000)
    place: str = Field("", max_length=200)
    online: bool = False
    online_url: str = Field("", max_length=200)
    trainers: str = Field("", max_length=300)


class StatusIn(Schema):
    status: TrainingSession.Status


class EnrolIn(Schema):
    member_id: int | None = Field(None, description="Empty: yourself (a village PSM)")


class EnrolmentOut(Schema):
    id: int
    session_id: int
    member_id: int
    member_name: str
    status: str
    enrolled_at: dt.datetime
    ticket_token: str
    checked_in_at: dt.datetime | None
    score: int | None
    passed: bool | None
    certificate_number: str | None

    @staticmethod
    def resolve_member_name(obj: Enrolment) -> str:
        return obj.member.full_name


class TicketIn(Schema):
    token: str = Field(..., max_length=64)


class ScoreIn(Schema):
    score: int = Field(..., ge=0, le=100)


class VillageOut(Schema):
    code: str
    name: str


class GapOut(Schema):
    district_code: str
    district_name: str
    active_members: int
    missing_skills: list[str]


class NeedsOut(Schema):
    scope: str | None
    villages_without_bimtek: int
    villages: list[VillageOut]
    skill_gaps: list[GapOut]


def _require_catalogue(user: Any) -> None:
    if not can_see_catalogue(user):
        raise Http404


def _course_data(payload: CourseIn) -> catalogue_actions.CourseData:
    skills = list(Skill.objects.filter(code__in=payload.skills))
    if len(skills) != len(set(payload.skills)):
        raise ActionError(_("Unknown skill code."), field="skills")
    return catalogue_actions.CourseData(
        code=payload.code,
        title=payload.title,
        category=payload.category,
        description=payload.description,
        skills=skills,
        grants_bimtek_dasar=payload.grants_bimtek_dasar,
        hours=payload.hours,
        pass_mark=payload.pass_mark,
        is_active=payload.is_active,
    )


@router.get("/courses", response=list[CourseOut], summary="The training catalogue")
@paginate(PageNumberPagination, page_size=100)
def list_courses(request: HttpRequest) -> Any:
    _require_catalogue(api_user(request))
    return Course.objects.prefetch_related("skills").order_by("title")


@router.post("/courses", response={201: CourseOut}, summary="Add a course")
def create_course(request: HttpRequest, payload: CourseIn) -> Status[Course]:
    user = api_user(request)
    _require_catalogue(user)
    return Status(
        201, catalogue_actions.create_course(acting_user=user, data=_course_data(payload))
    )


@router.get("/courses/{course_id}", response=CourseOut, summary="One course")
def get_course(request: HttpRequest, course_id: int) -> Course:
    return access_course(api_user(request), course_id)


@router.put("/courses/{course_id}", response=CourseOut, summary="Change a course")
def update_course(request: HttpRequest, course_id: int, payload: CourseIn) -> Course:
    user = api_user(request)
    course = access_course(user, course_id)
    return catalogue_actions.update_course(
        acting_user=user, course=course, data=_course_data(payload)
    )


@router.post(
    "/courses/{course_id}/sessions", response={201: SessionOut}, summary="Schedule a session"
)
def create_session(request: HttpRequest, course_id: int, payload: SessionIn) -> Status[Any]:
    user = api_user(request)
    course = access_course(user, course_id)
    session = catalogue_actions.schedule_session(
        acting_user=user,
        course=course,
        data=catalogue_actions.SessionData(
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            quota=payload.quota,
            place=payload.place,
            online=payload.online,
            online_url=payload.online_url,
            trainers=payload.trainers,
            region=region_or_none(payload.unit_region_code, "unit_region_code"),
        ),
    )
    return Status(201, session)


@router.get("/training-sessions", response=list[SessionOut], summary="Sessions of your units")
@paginate(PageNumberPagination, page_size=50)
def list_sessions(request: HttpRequest, status: str = "", course_id: int | None = None) -> Any:
    user = api_user(request)
    _require_catalogue(user)
    sessions = TrainingSession.objects.visible_to(user).annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED))
    )
    if status:
        sessions = sessions.filter(status=status)
    if course_id is not None:
        sessions = sessions.filter(course_id=course_id)
    return sessions.order_by("-starts_on", "-id")


@router.get("/training-sessions/{session_id}", response=SessionOut, summary="One session")
def get_session(request: HttpRequest, session_id: int) -> TrainingSession:
    return access_session(api_user(request), session_id)


@router.post(
    "/training-sessions/{session_id}/status", response=SessionOut, summary="Open, close, complete"
)
def set_session_status(request: HttpRequest, session_id: int, payload: StatusIn) -> Any:
    user = api_user(request)
    session = access_session(user, session_id)
    return catalogue_actions.set_session_status(
        acting_user=user, session=session, status=payload.status
    )


@router.get(
    "/training-sessions/{session_id}/enrolments",
    response=list[EnrolmentOut],
    summary="Participants (the session's organisers)",
)
def list_enrolments(request: HttpRequest, session_id: int) -> list[Enrolment]:
    user = api_user(request)
    session = access_session(user, session_id)
    if not can_run_session(user, session):
        raise PermissionRefused()
    return list(
        Enrolment.objects.filter(session=session)
        .select_related("member")
        .order_by("enrolled_at", "id")
    )


@router.post(
    "/training-sessions/{session_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Enrol yourself or a member (waiting list when full)",
)
def create_enrolment(request: HttpRequest, session_id: int, payload: EnrolIn) -> Status[Enrolment]:
    user = api_user(request)
    session = access_session(user, session_id)
    if payload.member_id is None:
        member = own_member(user)
        if member is None:
            raise PermissionRefused(_("Your account is not linked to an active member record."))
    else:
        member = access_member(user, payload.member_id)
    return Status(201, enrolment_actions.enrol(acting_user=user, session=session, member=member))


@router.get("/enrolments", response=list[EnrolmentOut], summary="Your own enrolments")
def my_enrolments(request: HttpRequest) -> list[Enrolment]:
    member = own_member(api_user(request))
    if member is None:
        return []
    return list(Enrolment.objects.filter(member=member).select_related("member").order_by("-id"))


@router.post("/enrolments/{enrolment_id}/cancel", response=EnrolmentOut, summary="Cancel")
def cancel_enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    user = api_user(request)
    enrolment = access_enrolment(user, enrolment_id)
    return enrolment_actions.cancel(acting_user=user, enrolment=enrolment)


@router.post("/enrolments/{enrolment_id}/check-in", response=EnrolmentOut, summary="Check in")
def check_in(request: HttpRequest, enrolment_id: int) -> Enrolment:
    user = api_user(request)
    enrolment = access_enrolment(user, enrolment_id)
    return enrolment_actions.check_in(acting_user=user, enrolment=enrolment)


@router.post("/check-in", response=EnrolmentOut, summary="Check in a scanned QR ticket")
def check_in_ticket(request: HttpRequest, payload: TicketIn) -> Enrolment:
    user = api_user(request)
    enrolment = access_ticket(user, payload.token)
    return enrolment_actions.check_in(acting_user=user, enrolment=enrolment)


@router.post(
    "/enrolments/{enrolment_id}/assessment",
    response=EnrolmentOut,
    summary="Record the score (a pass issues the certificate and updates the member's skills)",
)
def assess(request: HttpRequest, enrolment_id: int, payload: ScoreIn) -> Enrolment:
    user = api_user(request)
    enrolment = access_enrolment(user, enrolment_id)
    return enrolment_actions.assess(acting_user=user, enrolment=enrolment, score=payload.score)


@router.get("/enrolments/{enrolment_id}/certificate", summary="The certificate (PDF)")
def certificate(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = access_certificate(api_user(request), enrolment_id)
    response = HttpResponse(
        render_certificate_pdf(enrolment, url=verification_url(request, enrolment)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{enrolment.pk}.pdf"'
    return response


@router.get("/training-needs", response=NeedsOut, summary="Training needs in your area")
def training_needs(request: HttpRequest, region: str = "", page: int = 1) -> dict[str, Any]:
    user = api_user(request)
    _require_catalogue(user)
    scope = needs_scope(user.scope_code, region)
    villages = needs.villages_without_bimtek(scope)
    start = (max(page, 1) - 1) * 100
    districts = list(needs.districts(scope)[(max(page, 1) - 1) * 25 : max(page, 1) * 25])
    return {
        "scope": scope,
        "villages_without_bimtek": villages.count(),
        "villages": [{"code": v.code, "name": v.name} for v in villages[start : start + 100]],
        "skill_gaps": [
            {
                "district_code": g.district.code,
                "district_name": g.district.name,
                "active_members": g.active_members,
                "missing_skills": [s.code for s in g.missing],
            }
            for g in needs.skill_gaps(districts)
        ],
    }
