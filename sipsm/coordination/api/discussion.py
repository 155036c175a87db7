"""Discussion threads, posts, moderation and the digest option in the API."""

import datetime as dt
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sipsm.accounts.api_auth import api_user
from sipsm.accounts.roles import COORDINATORS
from sipsm.coordination.access import access_post, access_thread
from sipsm.coordination.actions import discussion as discussion_actions
from sipsm.coordination.api.base import AttachmentOut, region_or_none, require, router
from sipsm.coordination.models import Post, Thread, Topic
from sipsm.coordination.permissions import can_participate, coordinates


class ThreadOut(Schema):
    id: int
    unit_id: int
    region_code: str | None = Field(None, alias="region_id")
    topic: str
    title: str
    author: str
    created_at: dt.datetime
    last_post_at: dt.datetime
    post_count: int
    is_pinned: bool
    is_locked: bool
    is_hidden: bool

    @staticmethod
    def resolve_author(obj: Thread) -> str:
        return obj.author.get_username()


class PostOut(Schema):
    id: int
    author: str
    body: str
    created_at: dt.datetime
    is_hidden: bool
    mentions: list[str]
    attachments: list[AttachmentOut]


class ThreadDetailOut(ThreadOut):
    posts: list[PostOut]

    @staticmethod
    def resolve_posts(obj: Thread) -> list[dict[str, Any]]:
        return list(getattr(obj, "posts_out", []))


class ThreadIn(Schema):
    unit_region_code: str | None = Field(
        None, max_length=20, description="The unit's region; empty: the national unit."
    )
    topic: Topic
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=20000)


class PostIn(Schema):
    body: str = Field(..., min_length=1, max_length=20000)


class ModerationIn(Schema):
    action: Literal["pin", "unpin", "lock", "unlock", "hide", "unhide"]


class HiddenIn(Schema):
    hidden: bool = True


class DigestIn(Schema):
    daily: bool


class DigestOut(Schema):
    daily: bool


def _posts(thread: Thread, show_hidden: bool) -> list[dict[str, Any]]:
    result = []
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related("mentions", "attachments")
        .order_by("created_at", "id")
    )
    for post in posts:
        visible = show_hidden or not post.is_hidden
        result.append(
            {
                "id": post.pk,
                "author": post.author.get_username(),
                "body": post.body if visible else "",
                "created_at": post.created_at,
                "is_hidden": post.is_hidden,
                "mentions": [u.get_username() for u in post.mentions.all()],
                "attachments": list(post.attachments.all()) if visible else [],
            }
        )
    return result


def _detail(thread: Thread, user: Any) -> Thread:
    thread.posts_out = _posts(thread, coordinates(user, thread.region_id))  # type: ignore[attr-defined]
    return thread


@router.get("/threads", response=list[ThreadOut], summary="Discussion threads of your units")
@paginate(PageNumberPagination, page_size=50)
def list_threads(request: HttpRequest, topic: str = "", unit_region_code: str = "") -> Any:
    user = api_user(request)
    require(can_participate(user))
    shown = Q(is_hidden=False)
    if user.role in COORDINATORS:
        # Moderators also see the hidden threads of the units in their area.
        shown = Q() if user.scope_code is None else shown | user.scope_q("region__code")
    threads = Thread.objects.visible_to(user).filter(shown).select_related("author")
    if topic:
        threads = threads.filter(topic=topic)
    if unit_region_code:
        threads = threads.filter(region_id=unit_region_code)
    return threads.order_by("-is_pinned", "-last_post_at", "-id")


@router.post("/threads", response={201: ThreadDetailOut}, summary="Start a thread")
def create_thread(request: HttpRequest, payload: ThreadIn) -> Status[Thread]:
    user = api_user(request)
    require(can_participate(user))
    thread = discussion_actions.start_thread(
        acting_user=user,
        region=region_or_none(payload.unit_region_code, "unit_region_code"),
        topic=payload.topic,
        title=payload.title,
        body=payload.body,
    )
    return Status(201, _detail(thread, user))


@router.get("/threads/{thread_id}", response=ThreadDetailOut, summary="A thread with its posts")
def get_thread(request: HttpRequest, thread_id: int) -> Thread:
    user = api_user(request)
    return _detail(access_thread(user, thread_id), user)


@router.post("/threads/{thread_id}/posts", response={201: PostOut}, summary="Reply")
def create_post(request: HttpRequest, thread_id: int, payload: PostIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    thread = access_thread(user, thread_id)
    post = discussion_actions.reply(acting_user=user, thread=thread, body=payload.body)
    return Status(
        201,
        {
            "id": post.pk,
            "author": user.get_username(),
            "body": post.body,
            "created_at": post.created_at,
            "is_hidden": post.is_hidden,
            "mentions": [u.get_username() for u in post.mentions.all()],
            "attachments": [],
        },
    )


@router.post("/threads/{thread_id}/moderate", response=ThreadOut, summary="Pin, lock or hide")
def moderate_thread(request: HttpRequest, thread_id: int, payload: ModerationIn) -> Thread:
    user = api_user(request)
    thread = access_thread(user, thread_id)
    return discussion_actions.moderate_thread(
        acting_user=user, thread=thread, action=payload.action
    )


@router.post("/posts/{post_id}/hide", response=ThreadOut, summary="Hide or show a post")
def hide_post(request: HttpRequest, post_id: int, payload: HiddenIn) -> Thread:
    user = api_user(request)
    post = access_post(user, post_id)
    discussion_actions.hide_post(acting_user=user, post=post, hidden=payload.hidden)
    return post.thread


@router.put("/discussion-digest", response=DigestOut, summary="Daily digest on or off")
def set_digest(request: HttpRequest, payload: DigestIn) -> Any:
    user = api_user(request)
    require(can_participate(user))
    return discussion_actions.set_digest(acting_user=user, daily=payload.daily)
