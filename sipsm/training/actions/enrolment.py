"""Enrolment with a waiting list, QR check-in, assessment, certificates.

Passing a course (checked in, score at or above the pass mark) issues the certificate and
updates the member's skills and Bimtek dasar date (actions.records).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.actions.common import absolute
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.notifications.outbox import messages_for_member, queue
from sipsm.regions import codes
from sipsm.registry.models import Member
from sipsm.training.actions.records import apply_training_to_member
from sipsm.training.models import Enrolment, TrainingSession
from sipsm.training.permissions import can_run_session, can_see_session, own_member


def _event(acting_user: User | None, verb: str, enrolment: Enrolment, **data: object) -> None:
    record_event(
        actor=acting_user,
        verb=f"enrolment.{verb}",
        target=enrolment,
        region_code=enrolment.member.home_village_id,
        data={"session": enrolment.session_id, **data},
    )


def _tell_member(
    member: Member,
    enrolment: Enrolment,
    subject: str,
    link: str,
    channels: list[str] | None = None,
) -> None:
    queue(
        messages_for_member(
            member_id=member.pk,
            phone=member.phone,
            email=member.email,
            user_id=member.user_id,
            subject=subject,
            body=subject,
            short_body=f"{subject} {link}"[:300],
            link=link,
            category="training",
            related=enrolment,
            channels=channels,
        )
    )


def _taken(session: TrainingSession) -> int:
    return session.enrolments.filter(status=Enrolment.Status.ENROLLED).count()


@transaction.atomic
def enrol(*, acting_user: User, session: TrainingSession, member: Member) -> Enrolment:
    """Enrol a member: a place if one is free, else the waiting list."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    mine = own_member(acting_user)
    if mine is not None and mine.pk == member.pk:
        if not can_see_session(acting_user, session):
            raise PermissionRefused()
    elif not can_run_session(acting_user, session) or not acting_user.covers(
        member.home_village_id
    ):
        raise PermissionRefused()
    if session.status != TrainingSession.Status.OPEN:
        raise Conflict(_("Enrolment for this session is closed."), code="closed")
    if member.status != Member.Status.ACTIVE:
        raise ActionError(_("Only active members can enrol."), field="member")
    if session.region_id is not None and not codes.is_within(
        member.home_village_id, session.region_id
    ):
        raise ActionError(_("The member is outside the organising unit's area."), field="member")
    existing = Enrolment.objects.filter(session=session, member=member).exclude(
        status=Enrolment.Status.CANCELLED
    )
    if existing.exists():
        raise Conflict(_("Already enrolled in this session."), code="duplicate")
    status = (
        Enrolment.Status.ENROLLED
        if _taken(session) < session.quota
        else Enrolment.Status.WAITLISTED
    )
    enrolment = Enrolment.objects.create(
        session=session, member=member, status=status, enrolled_by=acting_user
    )
    _event(acting_user, "create", enrolment, status=status)
    return enrolment


@transaction.atomic
def cancel(*, acting_user: User, enrolment: Enrolment) -> Enrolment:
    """Give the place up; the first on the waiting list gets it (and is told)."""
    session = TrainingSession.objects.select_for_update().get(pk=enrolment.session_id)
    mine = own_member(acting_user)
    is_own = mine is not None and mine.pk == enrolment.member_id
    if not is_own and not can_run_session(acting_user, session):
        raise PermissionRefused()
    enrolment = Enrolment.objects.select_for_update().select_related("member").get(pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.CANCELLED:
        raise Conflict(_("Already cancelled."), code="cancelled")
    if enrolment.checked_in_at is not None:
        raise Conflict(_("The participant has already checked in."), code="checked_in")
    had_place = enrolment.status == Enrolment.Status.ENROLLED
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.save(update_fields=["status"])
    promoted = None
    if had_place:
        promoted = (
            Enrolment.objects.select_for_update()
            .select_related("member")
            .filter(session=session, status=Enrolment.Status.WAITLISTED)
            .order_by("enrolled_at", "id")
            .first()
        )
        if promoted is not None:
            promoted.status = Enrolment.Status.ENROLLED
            promoted.save(update_fields=["status"])
            _event(acting_user, "promote", promoted)
            with translation.override(settings.LANGUAGE_CODE):
                _tell_member(
                    promoted.member,
                    promoted,
                    _("A place is free for you: %(course)s") % {"course": session.course.title},
                    absolute("training:my_trainings"),
                )
    _event(acting_user, "cancel", enrolment, promoted=promoted.pk if promoted else None)
    return enrolment


@transaction.atomic
def check_in(*, acting_user: User, enrolment: Enrolment) -> Enrolment:
    """The organiser scanned the participant's QR ticket (or ticks them in by hand)."""
    session = enrolment.session
    if not can_run_session(acting_user, session):
        raise PermissionRefused()
    enrolment = Enrolment.objects.select_for_update().select_related("member").get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise Conflict(_("Only enrolled participants can check in."), code="not_enrolled")
    if session.status == TrainingSession.Status.CANCELLED:
        raise Conflict(_("This session was cancelled."), code="cancelled")
    if enrolment.checked_in_at is not None:
        return enrolment
    enrolment.checked_in_at = timezone.now()
    enrolment.save(update_fields=["checked_in_at"])
    _event(acting_user, "check_in", enrolment)
    return enrolment


def _certificate_number(enrolment: Enrolment) -> str:
    code = enrolment.session.course.code.upper()[:16].rstrip("-")
    return f"IPSM/{code}/{enrolment.session.ends_on:%Y}/{enrolment.pk:06d}"


@transaction.atomic
def assess(*, acting_user: User, enrolment: Enrolment, score: int) -> Enrolment:
    """Record the score. A participant who attended and reaches the pass mark passes: the
    certificate is issued and the member's skills and Bimtek dasar date are updated."""
    session = enrolment.session
    if not can_run_session(acting_user, session):
        raise PermissionRefused()
    if not 0 <= score <= 100:
        raise ActionError(_("The score is from 0 to 100."), field="score")
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("member", "session__course", "session__unit")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise Conflict(_("Only enrolled participants are assessed."), code="not_enrolled")
    if enrolment.checked_in_at is None:
        raise Conflict(_("The participant has not checked in."), code="absent")
    if enrolment.certificate_number:
        raise Conflict(_("A certificate has already been issued."), code="certified")
    course = enrolment.session.course
    passed = score >= course.pass_mark
    enrolment.score = score
    enrolment.passed = passed
    enrolment.assessed_at = timezone.now()
    fields = ["score", "passed", "assessed_at"]
    if passed:
        enrolment.certificate_token = secrets.token_urlsafe(16)
        enrolment.certificate_number = _certificate_number(enrolment)
        enrolment.certified_at = enrolment.assessed_at
        fields += ["certificate_token", "certificate_number", "certified_at"]
    enrolment.save(update_fields=fields)
    _event(acting_user, "assess", enrolment, score=score, passed=passed)
    if passed:
        apply_training_to_member(
            acting_user=acting_user,
            member=enrolment.member,
            course=course,
            completed_on=enrolment.session.ends_on,
            organiser=enrolment.session.unit.name,
        )
        with translation.override(settings.LANGUAGE_CODE):
            _tell_member(
                enrolment.member,
                enrolment,
                _("You passed %(course)s; your certificate is ready") % {"course": course.title},
                absolute("training:my_trainings"),
                channels=["in_app", "email"],
            )
    return enrolment
