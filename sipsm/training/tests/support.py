"""Objects for the training tests, made through the real actions."""

from __future__ import annotations

import datetime as dt

from sipsm.coordination.tests.support import link_member
from sipsm.registry.models import Member
from sipsm.testing import World, region
from sipsm.training.actions import catalogue as catalogue_actions
from sipsm.training.actions import enrolment as enrolment_actions
from sipsm.training.models import Course, Enrolment, TrainingSession


def course(code: str = "pertolongan-pertama") -> Course:
    """A course of the catalogue that migration 0002 ships."""
    return Course.objects.get(code=code)


def session(w: World, *, code: str = "pertolongan-pertama", quota: int = 20) -> TrainingSession:
    return catalogue_actions.schedule_session(
        acting_user=w.regency,
        course=course(code),
        data=catalogue_actions.SessionData(
            starts_on=dt.date(2025, 7, 1),
            ends_on=dt.date(2025, 7, 3),
            quota=quota,
            place="Aula Dinas Sosial Kabupaten Gorontalo",
            trainers="PMI Kabupaten Gorontalo",
            region=region("75.01"),
        ),
    )


def enrolment(w: World, *, stage: str = "enrolled", **kwargs: object) -> Enrolment:
    """member_a (persona "village") in a fresh session; `stage`: enrolled, checked_in, passed."""
    member: Member = link_member(w)
    made = enrolment_actions.enrol(
        acting_user=w.village, session=session(w, **kwargs), member=member
    )  # type: ignore[arg-type]
    if stage in {"checked_in", "passed"}:
        made = enrolment_actions.check_in(acting_user=w.regency, enrolment=made)
    if stage == "passed":
        made = enrolment_actions.assess(acting_user=w.regency, enrolment=made, score=85)
    return made
