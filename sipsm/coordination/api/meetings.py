"""Meetings, decisions and action items in the API."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.coordination.access import access_action_item, access_decision, access_meeting
from sipsm.coordination.actions import meetings as meeting_actions
from sipsm.coordination.api.base import region_or_none, require, router, user_by_name
from sipsm.coordination.models import ActionItem, Decision, Meeting
from sipsm.coordination.permissions import can_read, coordinates
from sipsm.core.errors import PermissionRefused


class ActionItemOut(Schema):
    id: int
    decision_id: int
    unit_id: int
    region_code: str | None = Field(None, alias="region_id")
    title: str
    owner: str | None
    due_date: dt.date
    status: str
    progress: int
    is_overdue: bool

    @staticmethod
    def resolve_owner(obj: ActionItem) -> str | None:
        return obj.owner.get_username() if obj.owner else None


class DecisionOut(Schema):
    id: int
    number: int
    kind: str
    text: str
    action_items: list[ActionItemOut]

    @staticmethod
    def resolve_action_items(obj: Decision) -> list[ActionItem]:
        return list(obj.action_items.all())


class AttendanceOut(Schema):
    name: str
    affiliation: str
    member_id: int | None
    present: bool


class MeetingOut(Schema):
    id: int
    unit_id: int
    region_code: str | None = Field(None, alias="region_id")
    kind: str
    title: str
    starts_at: dt.datetime
    place: str
    online_url: str
    agenda: str
    minutes: str
    status: str


class MeetingDetailOut(MeetingOut):
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_attendance(obj: Meeting) -> list[Any]:
        return list(obj.attendance.all())

    @staticmethod
    def resolve_decisions(obj: Meeting) -> list[Decision]:
        return list(
            obj.decisions.prefetch_related(
                Prefetch("action_items", queryset=ActionItem.objects.select_related("owner"))
            )
        )


class MeetingIn(Schema):
    unit_region_code: str | None = Field(None, max_length=20)
    kind: Meeting.Kind
    title: str = Field(..., min_length=1, max_length=200)
    starts_at: dt.datetime
    place: str = Field("", max_length=200)
    online_url: str = Field("", max_length=200)
    agenda: str = Field("", max_length=20000)
    minutes: str = Field("", max_length=50000)
    status: Meeting.Status = Meeting.Status.PLANNED


class AttendanceIn(Schema):
    name: str = Field("", max_length=150)
    affiliation: str = Field("", max_length=150)
    kta_number: str = Field("", max_length=32)
    present: bool = True


class DecisionIn(Schema):
    kind: Decision.Kind
    text: str = Field(..., min_length=1, max_length=5000)


class ActionItemIn(Schema):
    unit_region_code: str | None = Field(
        None, max_length=20, description="Empty: the meeting's unit"
    )
    title: str = Field(..., min_length=1, max_length=300)
    owner: str | None = Field(None, max_length=150)
    due_date: dt.date


class ProgressIn(Schema):
    note: str = Field(..., min_length=1, max_length=5000)
    progress: int = Field(..., ge=0, le=100)
    status: ActionItem.Status


class UpdateOut(Schema):
    id: int
    progress: int
    status: str
    created_at: dt.datetime


def _meeting_data(payload: MeetingIn) -> meeting_actions.MeetingData:
    return meeting_actions.MeetingData(
        kind=payload.kind,
        title=payload.title,
        starts_at=payload.starts_at,
        place=payload.place,
        online_url=payload.online_url,
        agenda=payload.agenda,
        minutes=payload.minutes,
        status=payload.status,
    )


@router.get("/meetings", response=list[MeetingOut], summary="Meetings of your units")
@paginate(PageNumberPagination, page_size=50)
def list_meetings(request: HttpRequest, kind: str = "") -> Any:
    user = api_user(request)
    require(can_read(user))
    meetings = Meeting.objects.visible_to(user)
    if kind:
        meetings = meetings.filter(kind=kind)
    return meetings.order_by("-starts_at", "-id")


@router.post("/meetings", response={201: MeetingDetailOut}, summary="Plan a meeting")
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Status[Meeting]:
    user = api_user(request)
    meeting = meeting_actions.create_meeting(
        acting_user=user,
        region=region_or_none(payload.unit_region_code, "unit_region_code"),
        data=_meeting_data(payload),
    )
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="One meeting")
def get_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return access_meeting(api_user(request), meeting_id)


@router.put("/meetings/{meeting_id}", response=MeetingDetailOut, summary="Agenda, minutes, status")
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingIn) -> Meeting:
    user = api_user(request)
    meeting = access_meeting(user, meeting_id)
    return meeting_actions.update_meeting(
        acting_user=user, meeting=meeting, data=_meeting_data(payload)
    )


@router.post(
    "/meetings/{meeting_id}/attendance", response={201: AttendanceOut}, summary="Record attendance"
)
def record_attendance(request: HttpRequest, meeting_id: int, payload: AttendanceIn) -> Status[Any]:
    user = api_user(request)
    meeting = access_meeting(user, meeting_id)
    return Status(
        201,
        meeting_actions.record_attendance(
            acting_user=user, meeting=meeting, **payload.model_dump()
        ),
    )


@router.post(
    "/meetings/{meeting_id}/decisions", response={201: DecisionOut}, summary="Record a decision"
)
def add_decision(request: HttpRequest, meeting_id: int, payload: DecisionIn) -> Status[Decision]:
    user = api_user(request)
    meeting = access_meeting(user, meeting_id)
    return Status(
        201,
        meeting_actions.add_decision(
            acting_user=user, meeting=meeting, kind=payload.kind, text=payload.text
        ),
    )


@router.post(
    "/decisions/{decision_id}/action-items",
    response={201: ActionItemOut},
    summary="Follow a decision up with an action item",
)
def add_action_item(
    request: HttpRequest, decision_id: int, payload: ActionItemIn
) -> Status[ActionItem]:
    user = api_user(request)
    decision = access_decision(user, decision_id)
    if not coordinates(user, decision.meeting.region_id):
        raise PermissionRefused()
    region = region_or_none(payload.unit_region_code, "unit_region_code")
    item = meeting_actions.add_action_item(
        acting_user=user,
        decision=decision,
        region=region if region is not None else decision.meeting.region,
        title=payload.title,
        due_date=payload.due_date,
        owner=user_by_name(payload.owner, "owner"),
    )
    return Status(201, item)


@router.get("/action-items", response=list[ActionItemOut], summary="Action items of your units")
@paginate(PageNumberPagination, page_size=50)
def list_action_items(
    request: HttpRequest, overdue: bool = False, unit_id: int | None = None, status: str = ""
) -> Any:
    user = api_user(request)
    require(can_read(user))
    items = ActionItem.objects.visible_to(user).select_related("owner")
    if overdue:
        items = items.overdue()
    if unit_id is not None:
        items = items.filter(unit_id=unit_id)
    if status:
        items = items.filter(status=status)
    return items.order_by("due_date", "id")


@router.get("/action-items/{item_id}", response=ActionItemOut, summary="One action item")
def get_action_item(request: HttpRequest, item_id: int) -> ActionItem:
    return access_action_item(api_user(request), item_id)


@router.post(
    "/action-items/{item_id}/updates", response={201: UpdateOut}, summary="Report progress"
)
def add_progress(request: HttpRequest, item_id: int, payload: ProgressIn) -> Status[Any]:
    user = api_user(request)
    item = access_action_item(user, item_id)
    update = meeting_actions.add_progress(
        acting_user=user,
        item=item,
        note=payload.note,
        progress=payload.progress,
        status=payload.status,
    )
    return Status(201, update)
