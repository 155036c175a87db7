"""The consultation desk: ask, take or assign, answer, follow up, rate, publish anonymised."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS
from sipsm.coordination import anonymise
from sipsm.coordination.actions.common import absolute, notify_in_app, require_text
from sipsm.coordination.actions.knowledge import ArticleData, add_article
from sipsm.coordination.models import Article, Consultant, Consultation, ConsultationMessage
from sipsm.coordination.models.discussion import Topic
from sipsm.coordination.permissions import (
    PARTICIPANTS,
    can_answer,
    can_assign,
    can_follow_up,
    can_participate,
    can_publish,
    can_rate,
    can_register_consultants,
    can_take,
    is_supervisor,
)
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.regions import codes
from sipsm.regions.models import Region

ANSWER_DAYS = 3


@dataclass
class Question:
    route: str
    topic: str
    subject: str
    question: str
    case_reference: str = ""
    client_details: str = ""
    share_identities: bool = False


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _event(acting_user: User, verb: str, consultation: Consultation, **data: object) -> None:
    record_event(
        actor=acting_user,
        verb=f"consultation.{verb}",
        target=consultation,
        region_code=consultation.region_id,
        data=dict(data),
    )


def _tell(users: list[User | int], consultation: Consultation, subject: str) -> None:
    """Notices never carry the question's text: only its number and a link."""
    notify_in_app(
        users,
        subject=subject,
        body=subject,
        link=absolute("coordination:consultation_detail", consultation.pk),
        category="consultation",
        related=consultation,
    )


def supervisors_of(region_code: str) -> list[User]:
    """Coordinator accounts of the district and regency above the village."""
    nearby = [c for c in codes.ancestors(region_code) if c.count(".") >= 1]
    return list(User.objects.filter(is_active=True, role__in=COORDINATORS, region_id__in=nearby))


def consultants_for(region_code: str) -> list[Consultant]:
    return [c for c in Consultant.objects.active().select_related("user") if c.serves(region_code)]


@transaction.atomic
def ask(*, acting_user: User, question: Question) -> Consultation:
    if not can_participate(acting_user) or acting_user.region_id is None:
        raise PermissionRefused(_("Only an account bound to an area can ask."))
    if question.route not in Consultation.Route.values:
        raise ActionError(_("Choose whom to ask."), field="route")
    if question.topic not in Topic.values:
        raise ActionError(_("Choose a topic."), field="topic")
    now = timezone.now()
    consultation = Consultation.objects.create(
        asker=acting_user,
        region_id=acting_user.region_id,
        route=question.route,
        topic=question.topic,
        subject=require_text(question.subject, "subject", _("Write a subject.")),
        question=require_text(question.question, "question", _("Write your question.")),
        case_reference=question.case_reference.strip(),
        client_details=question.client_details.strip(),
        share_identities=question.share_identities,
        deadline=now + dt.timedelta(days=ANSWER_DAYS),
        created_at=now,
    )
    if question.route == Consultation.Route.SUPERVISOR:
        recipients: list[User | int] = list(supervisors_of(consultation.region_id))
    else:
        recipients = [c.user for c in consultants_for(consultation.region_id)]
    with translation.override(settings.LANGUAGE_CODE):
        _tell(recipients, consultation, _("New consultation #%(n)d") % {"n": consultation.pk})
    _event(
        acting_user,
        "ask",
        consultation,
        route=consultation.route,
        topic=consultation.topic,
        linked_case=bool(consultation.case_reference),
        shared=consultation.share_identities,
    )
    return consultation


def _assign(consultation: Consultation, user: User) -> None:
    consultation.assigned_to = user
    consultation.assigned_at = timezone.now()
    consultation.status = Consultation.Status.ASSIGNED
    consultation.save(update_fields=["assigned_to", "assigned_at", "status"])


@transaction.atomic
def take(*, acting_user: User, consultation: Consultation) -> Consultation:
    consultation = _locked(consultation)
    if not can_take(acting_user, consultation):
        if consultation.assigned_to_id is not None:
            raise Conflict(_("Someone else has taken this consultation."), code="taken")
        raise PermissionRefused()
    _assign(consultation, acting_user)
    with translation.override(settings.LANGUAGE_CODE):
        _tell(
            [consultation.asker_id],
            consultation,
            _("Your consultation #%(n)d has been taken up") % {"n": consultation.pk},
        )
    _event(acting_user, "take", consultation)
    return consultation


def may_handle(user: User, consultation: Consultation) -> bool:
    """Whom a consultation can be assigned to."""
    if not user.is_active or user.pk == consultation.asker_id:
        return False
    if is_supervisor(user, consultation):
        return True
    profile = Consultant.objects.active().filter(user=user).first()
    return profile is not None and profile.serves(consultation.region_id)


@transaction.atomic
def assign(
    *,
    acting_user: User,
    consultation: Consultation,
    assignee: User,
    deadline: dt.datetime | None = None,
) -> Consultation:
    consultation = _locked(consultation)
    if not can_assign(acting_user, consultation):
        raise PermissionRefused()
    if not may_handle(assignee, consultation):
        raise ActionError(
            _("This account cannot answer consultations from this area."), field="assignee"
        )
    if deadline is not None:
        if deadline <= timezone.now():
            raise ActionError(_("The deadline must be in the future."), field="deadline")
        consultation.deadline = deadline
        consultation.save(update_fields=["deadline"])
    _assign(consultation, assignee)
    with translation.override(settings.LANGUAGE_CODE):
        _tell(
            [assignee],
            consultation,
            _("Consultation #%(n)d was assigned to you") % {"n": consultation.pk},
        )
    _event(acting_user, "assign", consultation, assignee=assignee.pk)
    return consultation


@transaction.atomic
def answer(*, acting_user: User, consultation: Consultation, body: str) -> ConsultationMessage:
    consultation = _locked(consultation)
    if not can_answer(acting_user, consultation):
        raise PermissionRefused()
    message = ConsultationMessage.objects.create(
        consultation=consultation,
        author=acting_user,
        kind=ConsultationMessage.Kind.ANSWER,
        body=require_text(body, "body", _("Write the answer.")),
    )
    consultation.status = Consultation.Status.ANSWERED
    consultation.answered_at = message.created_at
    consultation.save(update_fields=["status", "answered_at"])
    with translation.override(settings.LANGUAGE_CODE):
        _tell(
            [consultation.asker_id],
            consultation,
            _("Your consultation #%(n)d has been answered") % {"n": consultation.pk},
        )
    _event(acting_user, "answer", consultation, late=message.created_at > consultation.deadline)
    return message


@transaction.atomic
def follow_up(*, acting_user: User, consultation: Consultation, body: str) -> ConsultationMessage:
    consultation = _locked(consultation)
    if not can_follow_up(acting_user, consultation):
        raise PermissionRefused()
    message = ConsultationMessage.objects.create(
        consultation=consultation,
        author=acting_user,
        kind=ConsultationMessage.Kind.FOLLOW_UP,
        body=require_text(body, "body", _("Write your question.")),
    )
    consultation.status = Consultation.Status.ASSIGNED
    consultation.deadline = message.created_at + dt.timedelta(days=ANSWER_DAYS)
    consultation.save(update_fields=["status", "deadline"])
    if consultation.assigned_to_id is not None:
        with translation.override(settings.LANGUAGE_CODE):
            _tell(
                [consultation.assigned_to_id],
                consultation,
                _("A follow-up question on consultation #%(n)d") % {"n": consultation.pk},
            )
    _event(acting_user, "follow_up", consultation)
    return message


@transaction.atomic
def rate(
    *, acting_user: User, consultation: Consultation, rating: int, note: str = ""
) -> Consultation:
    consultation = _locked(consultation)
    if not can_rate(acting_user, consultation):
        raise PermissionRefused()
    if not 1 <= rating <= 5:
        raise ActionError(_("Give 1 to 5 stars."), field="rating")
    before = consultation.rating
    consultation.rating = rating
    consultation.rating_note = note.strip()[:500]
    consultation.status = Consultation.Status.CLOSED
    consultation.closed_at = consultation.closed_at or timezone.now()
    consultation.save(update_fields=["rating", "rating_note", "status", "closed_at"])
    record_event(
        actor=acting_user,
        verb="consultation.rate",
        target=consultation,
        region_code=consultation.region_id,
        changes={"rating": [before, rating]},
    )
    return consultation


def anonymised_text(consultation: Consultation) -> str:
    """The question and the answers with identities removed: the draft to publish."""
    parts = [consultation.question]
    for message in consultation.messages.order_by("created_at", "id"):
        label = _("Answer") if message.kind == ConsultationMessage.Kind.ANSWER else _("Follow-up")
        parts.append(f"{label}:\n{message.body}")
    return anonymise.redactor_for(consultation)("\n\n".join(parts))


@transaction.atomic
def publish(
    *,
    acting_user: User,
    consultation: Consultation,
    title: str,
    body: str,
    tags: list[str] | None = None,
) -> Article:
    """Publish an answered consultation to the knowledge base, which every account reads.

    The title and text given are redacted again with the same rules as the consultant's view
    (see sipsm.coordination.anonymise), so a name left in by mistake does not get out; a tag
    that would reveal something is dropped."""
    consultation = _locked(consultation)
    if not can_publish(acting_user, consultation):
        raise PermissionRefused()
    redact = anonymise.redactor_for(consultation)
    kept_tags = [t for t in (tags or []) if redact(t) == t] or [consultation.topic]
    article = add_article(
        acting_user=acting_user,
        data=ArticleData(
            kind=Article.Kind.CONSULTATION,
            title=redact(require_text(title, "title", _("Write a title."))),
            summary="",
            body=redact(require_text(body, "body", _("Write the text."))),
            tags=kept_tags,
            note=_("Published from consultation #%(n)d") % {"n": consultation.pk},
        ),
        owner_region=None,
    )
    consultation.published_article = article
    consultation.save(update_fields=["published_article"])
    _event(acting_user, "publish", consultation, article=article.pk)
    return article


@transaction.atomic
def register_consultant(
    *,
    acting_user: User,
    user: User,
    profession: str,
    credential: str = "",
    region: Region | None = None,
    topics: list[str] | None = None,
) -> Consultant:
    if not can_register_consultants(acting_user):
        raise PermissionRefused()
    if acting_user.scope_code is not None:
        if region is None or not acting_user.covers(region.code):
            raise PermissionRefused(_("The area served must lie inside your area."))
        if user.region_id is None or not acting_user.covers(user.region_id):
            raise ActionError(_("The account is outside your area."), field="username")
    if user.role not in PARTICIPANTS:
        # Partners only read (security-reliability.md D6): they take no part in consultations.
        raise ActionError(
            _("A government partner cannot be a consultant; register a coordinator or a PSM."),
            field="username",
        )
    if not user.is_active:
        raise ActionError(_("The account is not active."), field="username")
    consultant, created = Consultant.objects.update_or_create(
        user=user,
        defaults={
            "profession": require_text(profession, "profession", _("Write the profession.")),
            "credential": credential.strip(),
            "region": region,
            "topics": [t for t in (topics or []) if t in Topic.values],
            "is_active": True,
            "registered_by": acting_user,
        },
    )
    record_event(
        actor=acting_user,
        verb="consultant.register" if created else "consultant.update",
        target=consultant,
        region_code=region.code if region else "",
        data={"user": user.pk, "profession": consultant.profession},
    )
    return consultant


@transaction.atomic
def deactivate_consultant(*, acting_user: User, consultant: Consultant) -> Consultant:
    if not can_register_consultants(acting_user):
        raise PermissionRefused()
    if acting_user.scope_code is not None and (
        consultant.region_id is None or not acting_user.covers(consultant.region_id)
    ):
        raise PermissionRefused()
    consultant.is_active = False
    consultant.save(update_fields=["is_active"])
    record_event(
        actor=acting_user,
        verb="consultant.deactivate",
        target=consultant,
        region_code=consultant.region_id or "",
    )
    return consultant


def open_queue_filter(user: User) -> Q:
    """Consultations waiting in the queue of this user (supervisor or consultant)."""
    q = Q(assigned_to=user)
    if user.role in COORDINATORS:
        q |= Q(route=Consultation.Route.SUPERVISOR) & user.scope_q("region__code") & ~Q(asker=user)
    profile = Consultant.objects.active().filter(user=user).first()
    if profile is not None:
        area = (
            Q()
            if profile.region_id is None
            else Q(region__code__startswith=profile.region_id + ".")
            | Q(region_id=profile.region_id)
        )
        q |= Q(route=Consultation.Route.CONSULTANT, status=Consultation.Status.OPEN) & area
    return q
