"""The training catalogue and the sessions of each course."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.actions.common import region_for, require_text, unit_of
from sipsm.core.audit import changes_between, initial_values, record_event, snapshot
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.regions.models import Region
from sipsm.registry.models import Skill
from sipsm.training.models import Course, TrainingSession
from sipsm.training.permissions import can_manage_catalogue, can_run_session

_COURSE_FIELDS = [
    "code",
    "title",
    "category",
    "description",
    "grants_bimtek_dasar",
    "hours",
    "pass_mark",
    "is_active",
]
_SESSION_FIELDS = ["starts_on", "ends_on", "place", "online", "online_url", "trainers", "quota"]


@dataclass
class CourseData:
    code: str
    title: str
    category: str
    description: str = ""
    skills: list[Skill] = field(default_factory=list)
    grants_bimtek_dasar: bool = False
    hours: int = 8
    pass_mark: int = 70
    is_active: bool = True


def _apply_course(course: Course, data: CourseData) -> None:
    if data.category not in Course.Category.values:
        raise ActionError(_("Choose a category."), field="category")
    if not 0 <= data.pass_mark <= 100:
        raise ActionError(_("The pass mark is from 0 to 100."), field="pass_mark")
    course.code = require_text(data.code, "code", _("Give the course a code."))
    course.title = require_text(data.title, "title", _("Write a title."))
    course.category = data.category
    course.description = data.description.strip()
    course.grants_bimtek_dasar = data.grants_bimtek_dasar
    course.hours = data.hours
    course.pass_mark = data.pass_mark
    course.is_active = data.is_active


@transaction.atomic
def create_course(*, acting_user: User | None, data: CourseData) -> Course:
    """`acting_user=None` is the system (the catalogue's first courses)."""
    if acting_user is not None and not can_manage_catalogue(acting_user):
        raise PermissionRefused()
    if Course.objects.filter(code=data.code).exists():
        raise ActionError(_("Another course has this code."), field="code")
    course = Course()
    _apply_course(course, data)
    course.save()
    course.skills.set(data.skills)
    record_event(
        actor=acting_user,
        verb="course.create",
        target=course,
        changes=initial_values(course, _COURSE_FIELDS),
        data={"skills": [s.code for s in data.skills]},
    )
    return course


@transaction.atomic
def update_course(*, acting_user: User, course: Course, data: CourseData) -> Course:
    if not can_manage_catalogue(acting_user):
        raise PermissionRefused()
    if Course.objects.filter(code=data.code).exclude(pk=course.pk).exists():
        raise ActionError(_("Another course has this code."), field="code")
    course = Course.objects.select_for_update().get(pk=course.pk)
    before = snapshot(course, _COURSE_FIELDS)
    skills_before = sorted(course.skills.values_list("code", flat=True))
    _apply_course(course, data)
    course.save()
    course.skills.set(data.skills)
    changes = changes_between(course, before, snapshot(course, _COURSE_FIELDS))
    skills_after = sorted(s.code for s in data.skills)
    if skills_after != skills_before:
        changes["skills"] = [skills_before, skills_after]
    record_event(actor=acting_user, verb="course.update", target=course, changes=changes)
    return course


@dataclass
class SessionData:
    starts_on: dt.date
    ends_on: dt.date
    quota: int
    place: str = ""
    online: bool = False
    online_url: str = ""
    trainers: str = ""
    region: Region | None = None


def _apply_session(session: TrainingSession, data: SessionData) -> None:
    if data.ends_on < data.starts_on:
        raise ActionError(_("The session must end after it starts."), field="ends_on")
    if data.quota < 1:
        raise ActionError(_("Give at least one place."), field="quota")
    if not data.online and not data.place.strip():
        raise ActionError(_("Give the place, or mark the session as online."), field="place")
    session.starts_on = data.starts_on
    session.ends_on = data.ends_on
    session.quota = data.quota
    session.place = data.place.strip()
    session.online = data.online
    session.online_url = data.online_url.strip()
    session.trainers = data.trainers.strip()


@transaction.atomic
def schedule_session(*, acting_user: User, course: Course, data: SessionData) -> TrainingSession:
    region = region_for(acting_user, data.region)
    session = TrainingSession(
        course=course, unit=unit_of(region), region=region, created_by=acting_user
    )
    if not can_run_session(acting_user, session):
        raise PermissionRefused()
    if not course.is_active:
        raise ActionError(_("This course is no longer offered."), field="course")
    _apply_session(session, data)
    session.save()
    record_event(
        actor=acting_user,
        verb="training_session.create",
        target=session,
        region_code=session.region_id or "",
        changes=initial_values(session, _SESSION_FIELDS),
        data={"course": course.code},
    )
    return session


@transaction.atomic
def set_session_status(
    *, acting_user: User, session: TrainingSession, status: str
) -> TrainingSession:
    if not can_run_session(acting_user, session):
        raise PermissionRefused()
    if status not in TrainingSession.Status.values:
        raise ActionError(_("Choose a status."), field="status")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    before = session.status
    session.status = status
    session.save(update_fields=["status"])
    record_event(
        actor=acting_user,
        verb="training_session.status",
        target=session,
        region_code=session.region_id or "",
        changes={"status": [before, status]},
    )
    return session
