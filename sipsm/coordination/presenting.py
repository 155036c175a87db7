"""What a given user is shown of a consultation: identities only to those who may see them.

Views and the API render a `ConsultationView`, never the raw row, so a consultant cannot get
the asker's name, the case number or "who it is about" unless the asker shared them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination import anonymise
from sipsm.coordination.actions.consultation import Question
from sipsm.coordination.models import Consultation, ConsultationMessage
from sipsm.coordination.permissions import sees_identities


@dataclass(frozen=True)
class MessageView:
    kind: str
    kind_label: str
    author: str
    body: str
    created_at: dt.datetime


@dataclass(frozen=True)
class ConsultationView:
    id: int
    route: str
    route_label: str
    topic: str
    topic_label: str
    status: str
    status_label: str
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
    rating_note: str
    published_article_id: int | None
    messages: list[MessageView]


def _asker_label(consultation: Consultation, visible: bool) -> str:
    if visible:
        member = getattr(consultation.asker, "member", None)
        name = member.full_name if member is not None else consultation.asker.get_username()
        return str(name)
    regency = consultation.region.chain.split(", ")[-2:]
    return _("A PSM in %(area)s") % {"area": ", ".join(regency)}


def messages_prefetch() -> Prefetch[str, QuerySet[ConsultationMessage], str]:
    """For lists: every row's messages (and their authors) in one query."""
    return Prefetch(
        "messages",
        queryset=ConsultationMessage.objects.select_related("author").order_by("created_at", "id"),
    )


def _messages(consultation: Consultation) -> list[ConsultationMessage]:
    prefetched = getattr(consultation, "_prefetched_objects_cache", {})
    if "messages" in prefetched:
        return list(consultation.messages.all())
    return list(consultation.messages.select_related("author").order_by("created_at", "id"))


def _cleaner(
    consultation: Consultation, visible: bool, places: anonymise.PlaceNames | None
) -> Callable[[str], str]:
    if visible:
        return lambda text: text
    return anonymise.redactor_for(consultation, places)


def present(
    consultation: Consultation,
    user: User,
    *,
    with_messages: bool = True,
    places: anonymise.PlaceNames | None = None,
) -> ConsultationView:
    """`places`: the place names of many rows read at once (lists); read here otherwise.
    Messages come from `messages_prefetch()` when the row was fetched with it."""
    visible = sees_identities(user, consultation)
    clean = _cleaner(consultation, visible, places)
    asker = _asker_label(consultation, visible)
    messages: list[MessageView] = []
    if with_messages:
        for message in _messages(consultation):
            by_asker = message.author_id == consultation.asker_id
            messages.append(
                MessageView(
                    kind=message.kind,
                    kind_label=str(message.get_kind_display()),
                    author=asker if by_asker else message.author.get_username(),
                    body=clean(message.body),
                    created_at=message.created_at,
                )
            )
    return ConsultationView(
        id=consultation.pk,
        route=consultation.route,
        route_label=str(consultation.get_route_display()),
        topic=consultation.topic,
        topic_label=str(consultation.get_topic_display()),
        status=consultation.status,
        status_label=str(consultation.get_status_display()),
        subject=clean(consultation.subject),
        question=clean(consultation.question),
        asker=asker,
        region_code=consultation.region_id if visible else consultation.region_id[:5],
        case_reference=consultation.case_reference if visible else None,
        client_details=consultation.client_details if visible else None,
        identities_visible=visible,
        assigned_to=(consultation.assigned_to.get_username() if consultation.assigned_to else None),
        deadline=consultation.deadline,
        is_overdue=consultation.is_overdue,
        created_at=consultation.created_at,
        answered_at=consultation.answered_at,
        rating=consultation.rating,
        rating_note=consultation.rating_note,
        published_article_id=consultation.published_article_id,
        messages=messages,
    )


@dataclass(frozen=True)
class PreviewView:
    """What a consultant will see of a question not yet sent (shown to the asker first)."""

    subject: str
    question: str
    asker: str
    case_reference: str | None
    client_details: str | None
    identities_visible: bool


def unsent(user: User, question: Question) -> Consultation:
    """The consultation a question would become (not saved), to preview it."""
    return Consultation(
        asker=user,
        region=user.region,
        route=question.route,
        topic=question.topic,
        subject=question.subject.strip(),
        question=question.question.strip(),
        case_reference=question.case_reference.strip(),
        client_details=question.client_details.strip(),
        share_identities=question.share_identities,
    )


def preview(consultation: Consultation) -> PreviewView:
    """The consultant's view of an unsaved consultation: a supervisor sees everything, but a
    consultant (asked directly, or assigned by a supervisor) only what was shared."""
    visible = consultation.share_identities
    clean = _cleaner(consultation, visible, None)
    return PreviewView(
        subject=clean(consultation.subject),
        question=clean(consultation.question),
        asker=_asker_label(consultation, visible),
        case_reference=consultation.case_reference if visible else None,
        client_details=consultation.client_details if visible else None,
        identities_visible=visible,
    )


__all__ = [
    "ConsultationMessage",
    "ConsultationView",
    "MessageView",
    "PreviewView",
    "messages_prefetch",
    "present",
    "preview",
    "unsent",
]
