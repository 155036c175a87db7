"""The only way views and the API obtain courses, sessions and enrolments.

Each function returns the row or raises Http404 (missing or not visible); acting on a row the
user can see but may not change gives 403 in the action.
"""

from __future__ import annotations

from django.http import Http404

from sipsm.accounts.models import User
from sipsm.training.models import Course, Enrolment, TrainingSession
from sipsm.training.permissions import (
    can_run_session,
    can_see_catalogue,
    can_see_session,
    own_member,
)


def access_course(user: User, course_id: int) -> Course:
    if not can_see_catalogue(user):
        raise Http404
    course = Course.objects.filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def access_session(user: User, session_id: int) -> TrainingSession:
    session = TrainingSession.objects.select_related("course", "unit").filter(pk=session_id).first()
    if session is None:
        raise Http404
    if not can_see_session(user, session):
        raise Http404
    return session


def _is_own(user: User, enrolment: Enrolment) -> bool:
    mine = own_member(user)
    return mine is not None and mine.pk == enrolment.member_id


def access_enrolment(user: User, enrolment_id: int) -> Enrolment:
    """The participant's own enrolment, or one in a session the user runs."""
    enrolment = (
        Enrolment.objects.select_related("session__course", "session__unit", "member")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise Http404
    if not _is_own(user, enrolment) and not can_run_session(user, enrolment.session):
        raise Http404
    return enrolment


def access_ticket(user: User, token: str) -> Enrolment:
    """A scanned QR ticket, for the organisers of its session only."""
    enrolment = (
        Enrolment.objects.select_related("session__course", "session__unit", "member")
        .filter(ticket_token=token)
        .first()
    )
    if enrolment is None:
        raise Http404
    if not can_run_session(user, enrolment.session):
        raise Http404
    return enrolment


def access_certificate(user: User, enrolment_id: int) -> Enrolment:
    """A certificate: for the participant, and for coordinators who can see the member."""
    enrolment = (
        Enrolment.objects.select_related("session__course", "session__unit", "member")
        .filter(pk=enrolment_id, certificate_token__isnull=False)
        .first()
    )
    if enrolment is None:
        raise Http404
    if _is_own(user, enrolment):
        return enrolment
    from sipsm.registry.access import access_member

    access_member(user, enrolment.member_id)
    if user.role == "village_psm":
        raise Http404
    return enrolment
