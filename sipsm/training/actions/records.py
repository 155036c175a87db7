"""What completing a course changes in the member register: skills and Bimtek dasar date.

This is the training app's own action on registry.Member rows (the registry's actions do not
know about courses); it writes its own audit event, on the member.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sipsm.accounts.models import User
from sipsm.core.audit import record_event
from sipsm.registry.models import Member
from sipsm.training.models import Course


@transaction.atomic
def apply_training_to_member(
    *,
    acting_user: User | None,
    member: Member,
    course: Course,
    completed_on: dt.date,
    organiser: str,
) -> Member:
    """Add the course's skills to the member; record the Bimtek dasar date when the course
    counts as Bimtek dasar and the member has none yet (the first one is kept)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = sorted(member.skills.values_list("code", flat=True))
    granted = list(course.skills.all())
    member.skills.add(*granted)
    after = sorted(set(before) | {s.code for s in granted})
    changes: dict[str, object] = {}
    if after != before:
        changes["skills"] = [before, after]
    fields: list[str] = []
    if course.grants_bimtek_dasar and member.bimtek_dasar_date is None:
        changes["bimtek_dasar_date"] = [None, completed_on.isoformat()]
        member.bimtek_dasar_date = completed_on
        member.bimtek_dasar_organizer = organiser[:150]
        fields += ["bimtek_dasar_date", "bimtek_dasar_organizer"]
    if fields:
        member.updated_at = timezone.now()
        member.save(update_fields=[*fields, "updated_at"])
    record_event(
        actor=acting_user,
        verb="member.training_completed",
        target=member,
        region_code=member.home_village_id,
        changes=changes,
        data={"course": course.code},
    )
    return member
