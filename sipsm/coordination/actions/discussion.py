"""Threads and replies, @mentions, moderation, and the daily digest."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.actions.common import (
    absolute,
    notify_in_app,
    require_text,
    save_attachments,
    unit_of,
)
from sipsm.coordination.models import DigestSubscription, Post, Thread, Topic
from sipsm.coordination.permissions import can_join_unit_row, can_participate, coordinates
from sipsm.coordination.uploads import CheckedFile
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.notifications.models import Channel
from sipsm.notifications.outbox import Outgoing, queue
from sipsm.regions.models import Region

MENTION = re.compile(r"(?<![\w@])@([\w.+-]*\w)")
MODERATION = {
    "pin": ("is_pinned", True),
    "unpin": ("is_pinned", False),
    "lock": ("is_locked", True),
    "unlock": ("is_locked", False),
    "hide": ("is_hidden", True),
    "unhide": ("is_hidden", False),
}


def mentioned_users(body: str, thread: Thread, author: User) -> list[User]:
    """Accounts named as @username that can read the thread (the author excluded)."""
    names = {name.lower() for name in MENTION.findall(body)}
    if not names:
        return []
    candidates = User.objects.filter(is_active=True, username__in=list(names)[:20])
    return [
        user
        for user in candidates
        if user.pk != author.pk and can_join_unit_row(user, thread.region_id)
    ]


def _add_post(acting_user: User, thread: Thread, body: str, files: list[CheckedFile]) -> Post:
    post = Post.objects.create(
        thread=thread, author=acting_user, body=require_text(body, "body", _("Write something."))
    )
    save_attachments(acting_user, files, post=post)
    mentioned = mentioned_users(post.body, thread, acting_user)
    if mentioned:
        post.mentions.set(mentioned)
        with translation.override(settings.LANGUAGE_CODE):
            notify_in_app(
                mentioned,
                subject=_("%(user)s mentioned you in “%(title)s”")
                % {"user": acting_user.get_username(), "title": thread.title},
                body=post.body[:500],
                link=absolute("coordination:thread_detail", thread.pk) + f"#post-{post.pk}",
                category="mention",
                related=thread,
            )
    Thread.objects.filter(pk=thread.pk).update(
        last_post_at=post.created_at, post_count=F("post_count") + 1
    )
    return post


@transaction.atomic
def start_thread(
    *,
    acting_user: User,
    region: Region | None,
    topic: str,
    title: str,
    body: str,
    files: list[CheckedFile] | None = None,
) -> Thread:
    """A new thread in a unit the user takes part in (`region` None: the national unit)."""
    if not can_join_unit_row(acting_user, region.code if region is not None else None):
        raise PermissionRefused(_("You are not part of this unit."))
    if topic not in Topic.values:
        raise ActionError(_("Choose a topic."), field="topic")
    thread = Thread.objects.create(
        unit=unit_of(region),
        region=region,
        topic=topic,
        title=require_text(title, "title", _("Write a title.")),
        author=acting_user,
    )
    post = _add_post(acting_user, thread, body, files or [])
    record_event(
        actor=acting_user,
        verb="discussion.start_thread",
        target=thread,
        region_code=thread.region_id or "",
        data={"topic": topic, "post": post.pk, "mentions": post.mentions.count()},
    )
    return thread


@transaction.atomic
def reply(
    *, acting_user: User, thread: Thread, body: str, files: list[CheckedFile] | None = None
) -> Post:
    if not can_join_unit_row(acting_user, thread.region_id):
        raise PermissionRefused()
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.is_locked and not coordinates(acting_user, thread.region_id):
        raise Conflict(_("This thread is locked."), code="locked")
    if thread.is_hidden:
        raise Conflict(_("This thread is hidden."), code="hidden")
    post = _add_post(acting_user, thread, body, files or [])
    record_event(
        actor=acting_user,
        verb="discussion.reply",
        target=post,
        region_code=thread.region_id or "",
        data={"thread": thread.pk, "mentions": post.mentions.count()},
    )
    return post


@transaction.atomic
def moderate_thread(*, acting_user: User, thread: Thread, action: str) -> Thread:
    if not coordinates(acting_user, thread.region_id):
        raise PermissionRefused()
    if action not in MODERATION:
        raise ActionError(_("Unknown moderation action."), field="action")
    name, value = MODERATION[action]
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    before = getattr(thread, name)
    setattr(thread, name, value)
    thread.save(update_fields=[name])
    record_event(
        actor=acting_user,
        verb=f"discussion.{action}",
        target=thread,
        region_code=thread.region_id or "",
        changes={name: [before, value]} if before != value else {},
    )
    return thread


@transaction.atomic
def hide_post(*, acting_user: User, post: Post, hidden: bool) -> Post:
    if not coordinates(acting_user, post.thread.region_id):
        raise PermissionRefused()
    before = post.is_hidden
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden"])
    record_event(
        actor=acting_user,
        verb="discussion.hide_post" if hidden else "discussion.unhide_post",
        target=post,
        region_code=post.thread.region_id or "",
        changes={"is_hidden": [before, hidden]} if before != hidden else {},
    )
    return post


@transaction.atomic
def set_digest(*, acting_user: User, daily: bool) -> DigestSubscription:
    if not can_participate(acting_user):
        raise PermissionRefused()
    subscription, _created = DigestSubscription.objects.get_or_create(user=acting_user)
    before = subscription.daily if not _created else None
    subscription.daily = daily
    subscription.save(update_fields=["daily"])
    record_event(
        actor=acting_user,
        verb="discussion.digest_on" if daily else "discussion.digest_off",
        target=subscription,
        changes={"daily": [before, daily]},
    )
    return subscription


def _digest_text(threads: list[Thread], counts: dict[int, int]) -> str:
    lines = [_("New in the discussion of your units:"), ""]
    for thread in threads:
        lines.append(
            _("- %(title)s (%(topic)s): %(n)d new post(s) %(link)s")
            % {
                "title": thread.title,
                "topic": thread.get_topic_display(),
                "n": counts[thread.pk],
                "link": absolute("coordination:thread_detail", thread.pk),
            }
        )
    return "\n".join(lines)


@transaction.atomic
def send_daily_digests(*, now: dt.datetime | None = None) -> int:
    """One message per subscribed account with the threads that got posts since its last
    digest (at most one a day); returns the number of digests queued."""
    now = now or timezone.now()
    due = (
        DigestSubscription.objects.select_for_update(of=("self",))
        .filter(daily=True, user__is_active=True)
        .select_related("user", "user__region")
    )
    sent = 0
    items: list[Outgoing] = []
    for subscription in due:
        since = subscription.last_sent_at or now - dt.timedelta(days=1)
        if now - since < dt.timedelta(hours=20):
            continue
        user = subscription.user
        posts = Post.objects.filter(
            created_at__gt=since,
            created_at__lte=now,
            is_hidden=False,
            thread__is_hidden=False,
            thread__in=Thread.objects.visible_to(user),
        ).exclude(author=user)
        counts: dict[int, int] = defaultdict(int)
        for thread_id in posts.values_list("thread_id", flat=True):
            counts[thread_id] += 1
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at"])
        if not counts:
            continue
        threads = list(Thread.objects.filter(pk__in=list(counts)).order_by("-last_post_at"))
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("sipsm discussion digest, %(day)s") % {
                "day": timezone.localdate(now).strftime("%d-%m-%Y")
            }
            body = _digest_text(threads, counts)
        link = absolute("coordination:thread_list")
        channel = Channel.EMAIL if user.email else Channel.IN_APP
        items.append(
            Outgoing(
                channel=channel,
                to=user.email if channel == Channel.EMAIL else "",
                user_id=user.pk if channel == Channel.IN_APP else None,
                subject=subject,
                body=body,
                link=link,
                category="digest",
            )
        )
        sent += 1
    if items:
        queue(items)
    record_event(actor=None, verb="discussion.send_digests", data={"sent": sent})
    return sent
