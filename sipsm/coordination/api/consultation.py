"""The consultation desk in the API. Consultations are always sent out as the asking user's
`ConsultationView` (sipsm.coordination.presenting): identities only to those who may see them."""

import datetime as dt
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.coordination import permissions as perms
from sipsm.coordination.access import access_consultant, access_consultation
from sipsm.coordination.actions import consultation as consultation_actions
from sipsm.coordination.anonymise import PlaceNames
from sipsm.coordination.api.base import region_or_none, require, router, user_by_name
from sipsm.coordination.models import Consultant, Consultation, Topic
from sipsm.coordination.presenting import messages_prefetch, present, preview, unsent
from sipsm.core.errors import PermissionRefused


class MessageOut(Schema):
    kind: str
    author: str
    body: str
    created_at: dt.datetime


class ConsultationOut(Schema):
    id: int
    route: str
    topic: str
    status: str
    subject: str
    question: str
    asker: str
    region_code: str
    case_reference: str | None
    client_details: str | None
    identities_visible: bool
    assigned_to: str | None
    deadline: dt.datetime
    is_overdue: bool
    created_at: dt.datetime
    answered_at: dt.datetime | None
    rating: int | None
    published_article_id: int | None
    messages: list[MessageOut]


class QuestionIn(Schema):
    route: Consultation.Route
    topic: Topic
    subject: str = Field(..., min_length=1, max_length=200)
    question: str = Field(..., min_length=1, max_length=10000)
    case_reference: str = Field("", max_length=40)
    client_details: str = Field("", max_length=2000)
    share_identities: bool = False


class AssignIn(Schema):
    assignee: str = Field(..., max_length=150)
    deadline: dt.datetime | None = None


class TextIn(Schema):
    body: str = Field(..., min_length=1, max_length=10000)


class RateIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    note: str = Field("", max_length=500)


class PublishIn(Schema):
    title: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=30000, description="Default: the anonymised text")
    tags: list[str] = Field(default_factory=list, max_length=12)


class PublishedOut(Schema):
    article_id: int


class ConsultantOut(Schema):
    id: int
    username: str
    profession: str
    credential: str
    region_code: str | None = Field(None, alias="region_id")
    topics: list[str]
    is_active: bool

    @staticmethod
    def resolve_username(obj: Consultant) -> str:
        return obj.user.get_username()


class ConsultantIn(Schema):
    username: str = Field(..., max_length=150)
    profession: str = Field(..., min_length=1, max_length=150)
    credential: str = Field("", max_length=100)
    region_code: str | None = Field(None, max_length=20)
    topics: list[Topic] = Field(default_factory=list)


class PreviewOut(Schema):
    subject: str
    question: str
    asker: str
    case_reference: str | None
    client_details: str | None
    identities_visible: bool


def _out(consultation: Consultation, user: Any) -> Any:
    return present(consultation, user)


@router.get("/consultations", response=list[ConsultationOut], summary="Your questions or queue")
@paginate(PageNumberPagination, page_size=50)
def list_consultations(
    request: HttpRequest, box: Literal["mine", "queue"] = "mine", status: str = ""
) -> Any:
    user = api_user(request)
    require(perms.can_participate(user) or perms.consultant_profile(user) is not None)
    rows = Consultation.objects.select_related(
        "asker", "asker__member", "region", "assigned_to"
    ).prefetch_related(messages_prefetch())
    if box == "mine":
        rows = rows.filter(asker=user)
    else:
        rows = rows.filter(consultation_actions.open_queue_filter(user)).exclude(asker=user)
    if status:
        rows = rows.filter(status=status)
    found = list(rows.order_by("-created_at", "-id")[:500])
    places = PlaceNames(c.region_id for c in found)
    return [present(c, user, places=places) for c in found]


@router.post(
    "/consultations/preview",
    response=PreviewOut,
    summary="What a consultant would see of a question (nothing is sent)",
)
def preview_consultation(request: HttpRequest, payload: QuestionIn) -> Any:
    user = api_user(request)
    require(perms.can_participate(user))
    if user.region_id is None:
        raise PermissionRefused(_("Only an account bound to an area can ask."))
    question = consultation_actions.Question(**payload.model_dump())
    return preview(unsent(user, question))


@router.post("/consultations", response={201: ConsultationOut}, summary="Ask for advice")
def create_consultation(request: HttpRequest, payload: QuestionIn) -> Status[Any]:
    user = api_user(request)
    require(perms.can_participate(user))
    consultation = consultation_actions.ask(
        acting_user=user,
        question=consultation_actions.Question(**payload.model_dump()),
    )
    return Status(201, _out(consultation, user))


@router.get(
    "/consultations/{consultation_id}", response=ConsultationOut, summary="One consultation"
)
def get_consultation(request: HttpRequest, consultation_id: int) -> Any:
    user = api_user(request)
    return _out(access_consultation(user, consultation_id), user)


@router.post("/consultations/{consultation_id}/take", response=ConsultationOut, summary="Take it")
def take_consultation(request: HttpRequest, consultation_id: int) -> Any:
    user = api_user(request)
    consultation = access_consultation(user, consultation_id)
    return _out(consultation_actions.take(acting_user=user, consultation=consultation), user)


@router.post(
    "/consultations/{consultation_id}/assign", response=ConsultationOut, summary="Assign it"
)
def assign_consultation(request: HttpRequest, consultation_id: int, payload: AssignIn) -> Any:
    user = api_user(request)
    consultation = access_consultation(user, consultation_id)
    if not perms.can_assign(user, consultation):
        raise PermissionRefused()
    assignee = user_by_name(payload.assignee, "assignee")
    assert assignee is not None
    updated = consultation_actions.assign(
        acting_user=user, consultation=consultation, assignee=assignee, deadline=payload.deadline
    )
    return _out(updated, user)


@router.post("/consultations/{consultation_id}/answer", response=ConsultationOut, summary="Answer")
def answer_consultation(request: HttpRequest, consultation_id: int, payload: TextIn) -> Any:
    user = api_user(request)
    consultation = access_consultation(user, consultation_id)
    consultation_actions.answer(acting_user=user, consultation=consultation, body=payload.body)
    return _out(access_consultation(user, consultation_id), user)


@router.post(
    "/consultations/{consultation_id}/follow-up",
    response=ConsultationOut,
    summary="Ask a follow-up question",
)
def follow_up_consultation(request: HttpRequest, consultation_id: int, payload: TextIn) -> Any:
    user = api_user(request)
    consultation = access_consultation(user, consultation_id)
    consultation_actions.follow_up(acting_user=user, consultation=consultation, body=payload.body)
    return _out(access_consultation(user, consultation_id), user)


@router.post(
    "/consultations/{consultation_id}/rate", response=ConsultationOut, summary="Rate the answer"
)
def rate_consultation(request: HttpRequest, consultation_id: int, payload: RateIn) -> Any:
    user = api_user(request)
    consultation = access_consultation(user, consultation_id)
    updated = consultation_actions.rate(
        acting_user=user, consultation=consultation, rating=payload.rating, note=payload.note
    )
    return _out(updated, user)


@router.post(
    "/consultations/{consultation_id}/publish",
    response={201: PublishedOut},
    summary="Publish anonymised to the knowledge base",
)
def publish_consultation(
    request: HttpRequest, consultation_id: int, payload: PublishIn
) -> Status[dict[str, int]]:
    user = api_user(request)
    consultation = access_consultation(user, consultation_id)
    if not perms.can_publish(user, consultation):
        raise PermissionRefused()
    article = consultation_actions.publish(
        acting_user=user,
        consultation=consultation,
        title=payload.title or consultation.subject,
        body=payload.body or consultation_actions.anonymised_text(consultation),
        tags=payload.tags,
    )
    return Status(201, {"article_id": article.pk})


@router.get("/consultants", response=list[ConsultantOut], summary="Consultants in your area")
@paginate(PageNumberPagination, page_size=100)
def list_consultants(request: HttpRequest) -> Any:
    user = api_user(request)
    require(perms.can_register_consultants(user))
    consultants = Consultant.objects.select_related("user")
    if user.scope_code is not None:
        consultants = consultants.filter(
            Q(region_id=user.scope_code) | Q(region__code__startswith=user.scope_code + ".")
        )
    return consultants.order_by("user__username")


@router.post("/consultants", response={201: ConsultantOut}, summary="Register a consultant")
def create_consultant(request: HttpRequest, payload: ConsultantIn) -> Status[Consultant]:
    user = api_user(request)
    require(perms.can_register_consultants(user))
    account = user_by_name(payload.username, "username")
    assert account is not None
    consultant = consultation_actions.register_consultant(
        acting_user=user,
        user=account,
        profession=payload.profession,
        credential=payload.credential,
        region=region_or_none(payload.region_code, "region_code") or user.region,
        topics=[str(t) for t in payload.topics],
    )
    return Status(201, consultant)


@router.post(
    "/consultants/{consultant_id}/deactivate", response=ConsultantOut, summary="Deactivate"
)
def deactivate_consultant(request: HttpRequest, consultant_id: int) -> Consultant:
    user = api_user(request)
    consultant = access_consultant(user, consultant_id)
    return consultation_actions.deactivate_consultant(acting_user=user, consultant=consultant)
