"""Announcements and attachments in the API."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.coordination.access import access_announcement, access_attachment
from sipsm.coordination.actions import announcements as announcement_actions
from sipsm.coordination.api.base import AttachmentOut, region_or_none, require, router
from sipsm.coordination.models import Announcement, AnnouncementRead, Priority
from sipsm.coordination.permissions import can_read, coordinates
from sipsm.coordination.views.announcements import unread_announcements
from sipsm.coordination.views.common import download
from sipsm.core.errors import PermissionRefused


class AnnouncementOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    region_code: str | None = Field(None, alias="region_id")
    title: str
    body: str
    priority: str
    author: str
    published_at: dt.datetime
    expires_on: dt.date | None
    is_read: bool
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_unit_name(obj: Announcement) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_author(obj: Announcement) -> str:
        return obj.author.get_username()

    @staticmethod
    def resolve_is_read(obj: Announcement) -> bool:
        return bool(getattr(obj, "is_read", True))

    @staticmethod
    def resolve_attachments(obj: Announcement) -> list[Any]:
        return list(obj.attachments.all())


class AnnouncementIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=20000)
    priority: Priority = Priority.NORMAL
    unit_region_code: str | None = Field(
        None, max_length=20, description="The unit speaking; empty: your own unit."
    )
    expires_on: dt.date | None = None


class UnreadOut(Schema):
    unread: int


class ReceiptOut(Schema):
    username: str
    region_code: str | None
    read_at: dt.datetime


@router.get("/announcements", response=list[AnnouncementOut], summary="Announcements reaching you")
@paginate(PageNumberPagination, page_size=50)
def list_announcements(request: HttpRequest, unread: bool = False) -> Any:
    user = api_user(request)
    require(can_read(user))
    items = (
        Announcement.objects.visible_to(user)
        .with_read_flag(user)
        .select_related("unit", "author")
        .prefetch_related("attachments")
        .order_by("-published_at", "-id")
    )
    if unread:
        items = items.exclude(reads__user=user)
    return items


@router.get("/announcements/unread-count", response=UnreadOut, summary="Unread announcements")
def unread_count(request: HttpRequest) -> dict[str, int]:
    return {"unread": unread_announcements(api_user(request))}


@router.post("/announcements", response={201: AnnouncementOut}, summary="Publish an announcement")
def create_announcement(request: HttpRequest, payload: AnnouncementIn) -> Status[Announcement]:
    user = api_user(request)
    announcement = announcement_actions.publish_announcement(
        acting_user=user,
        data=announcement_actions.AnnouncementData(
            title=payload.title,
            body=payload.body,
            priority=payload.priority,
            region=region_or_none(payload.unit_region_code, "unit_region_code"),
            expires_on=payload.expires_on,
        ),
    )
    return Status(201, announcement)


@router.get(
    "/announcements/{announcement_id}",
    response=AnnouncementOut,
    summary="One announcement (records that you read it)",
)
def get_announcement(request: HttpRequest, announcement_id: int) -> Announcement:
    user = api_user(request)
    announcement = access_announcement(user, announcement_id)
    announcement_actions.mark_announcement_read(acting_user=user, announcement=announcement)
    announcement.is_read = True  # type: ignore[attr-defined]
    return announcement


@router.get(
    "/announcements/{announcement_id}/receipts",
    response=list[ReceiptOut],
    summary="Who has read an announcement (its unit's coordinators)",
)
@paginate(PageNumberPagination, page_size=100)
def announcement_receipts(request: HttpRequest, announcement_id: int) -> Any:
    user = api_user(request)
    announcement = access_announcement(user, announcement_id)
    if not coordinates(user, announcement.region_id):
        raise PermissionRefused()
    return [
        {"username": r.user.get_username(), "region_code": r.user.region_id, "read_at": r.read_at}
        for r in AnnouncementRead.objects.filter(announcement=announcement)
        .select_related("user")
        .order_by("read_at", "id")
    ]


@router.get("/attachments/{attachment_id}", summary="Download an attachment")
def get_attachment(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    return download(access_attachment(api_user(request), attachment_id))
