"""The only way views and the API obtain coordination rows.

Each function returns the row or raises Http404, both when it does not exist and when the
user may not see it, so an id never tells whether a row exists. Changing needs a further
check in the action (403).
"""

from __future__ import annotations

from django.http import Http404

from sipsm.accounts.models import User
from sipsm.coordination.models import (
    ActionItem,
    Announcement,
    Article,
    Attachment,
    Consultant,
    Consultation,
    Decision,
    Meeting,
    Post,
    Thread,
)
from sipsm.coordination.permissions import (
    can_join_unit_row,
    can_read,
    can_register_consultants,
    can_see_consultation,
    can_see_unit_row,
    coordinates,
)


def access_announcement(user: User, announcement_id: int) -> Announcement:
    announcement = (
        Announcement.objects.select_related("unit", "author").filter(pk=announcement_id).first()
    )
    if announcement is None:
        raise Http404
    if not can_see_unit_row(user, announcement.region_id):
        raise Http404
    return announcement


def access_thread(user: User, thread_id: int) -> Thread:
    thread = Thread.objects.select_related("unit", "author").filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    if not can_join_unit_row(user, thread.region_id):
        raise Http404
    if thread.is_hidden and not coordinates(user, thread.region_id):
        raise Http404
    return thread


def access_post(user: User, post_id: int) -> Post:
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None:
        raise Http404
    access_thread(user, post.thread_id)
    return post


def access_consultation(user: User, consultation_id: int) -> Consultation:
    consultation = (
        Consultation.objects.select_related("asker", "asker__member", "assigned_to", "region")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None:
        raise Http404
    if not can_see_consultation(user, consultation):
        raise Http404
    return consultation


def access_consultant(user: User, consultant_id: int) -> Consultant:
    consultant = Consultant.objects.select_related("user").filter(pk=consultant_id).first()
    if consultant is None:
        raise Http404
    if not can_register_consultants(user):
        raise Http404
    if user.scope_code is not None and (
        consultant.region_id is None or not user.covers(consultant.region_id)
    ):
        raise Http404
    return consultant


def access_article(user: User, article_id: int) -> Article:
    if not can_read(user):
        raise Http404
    article = Article.objects.select_related("author").filter(pk=article_id).first()
    if article is None:
        raise Http404
    return article


def access_meeting(user: User, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("unit").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    if not can_see_unit_row(user, meeting.region_id):
        raise Http404
    return meeting


def access_decision(user: User, decision_id: int) -> Decision:
    decision = Decision.objects.select_related("meeting").filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    access_meeting(user, decision.meeting_id)
    return decision


def access_action_item(user: User, item_id: int) -> ActionItem:
    item = (
        ActionItem.objects.select_related("decision__meeting", "unit", "owner")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404
    if item.owner_id == user.pk and user.is_active:
        return item
    if not can_see_unit_row(user, item.region_id):
        raise Http404
    return item


def access_attachment(user: User, attachment_id: int) -> Attachment:
    """An attachment is readable by whoever can read what it is attached to."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    if attachment.announcement_id is not None:
        access_announcement(user, attachment.announcement_id)
    elif attachment.post_id is not None:
        post = access_post(user, attachment.post_id)
        if post.is_hidden and not coordinates(user, post.thread.region_id):
            raise Http404
    elif attachment.article_id is not None:
        access_article(user, attachment.article_id)
    elif attachment.meeting_id is not None:
        access_meeting(user, attachment.meeting_id)
    elif attachment.action_update_id is not None:
        update_item = ActionItem.objects.filter(updates=attachment.action_update_id).first()
        if update_item is None:
            raise Http404
        access_action_item(user, update_item.pk)
    else:
        raise Http404
    return attachment
