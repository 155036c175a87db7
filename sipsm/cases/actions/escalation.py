"""Overdue tasks escalate to a supervisor.

A task is overdue when it is still open after its due day. Each overdue task is escalated
once: to the case's named supervisor, or else to the coordinators nearest to the case's
village (the TKSK of the district, else the regency, else the province coordinators, else
the national administrators), never to the person the task is waiting on. The first of them
is recorded on the task (`escalated_to`), all of them get an in-app message, and the task
shows on their "today" list. Run by `sipsm escalate_overdue_tasks` or the background task
`sipsm.cases.tasks.escalate_overdue`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.cases.models import Case, CaseTask
from sipsm.core.audit import record_event
from sipsm.notifications.models import Channel
from sipsm.notifications.outbox import Outgoing, queue

CHAIN = [
    (Role.DISTRICT_COORDINATOR, 8),
    (Role.REGENCY_COORDINATOR, 5),
    (Role.PROVINCE_COORDINATOR, 2),
]


def supervisors_for(case: Case, *, besides: int | None = None) -> list[User]:
    """The users an overdue task of `case` goes to (nearest level first, see module doc)."""
    active = User.objects.filter(is_active=True).order_by("username")
    if besides is not None:
        active = active.exclude(pk=besides)
    if case.supervisor_id is not None and case.supervisor_id != besides:
        named = active.filter(pk=case.supervisor_id).first()
        if named is not None:
            return [named]
    for role, length in CHAIN:
        found = list(active.filter(role=role, region_id=case.village_id[:length]))
        if found:
            return found
    return list(active.filter(role=Role.NATIONAL_ADMIN))


@transaction.atomic
def escalate_overdue_tasks(*, today: dt.date | None = None) -> int:
    """Escalate every open task due before `today` that was not escalated yet."""
    today = today or timezone.localdate()
    overdue = (
        CaseTask.objects.select_for_update(skip_locked=True)
        .select_related("case")
        .filter(
            status=CaseTask.Status.OPEN,
            due_on__lt=today,
            escalated_at__isnull=True,
        )
        .exclude(case__status=Case.Status.CLOSED)
        .order_by("due_on", "id")
    )
    count = 0
    now = timezone.now()
    for task in overdue[:1000]:
        case = task.case
        supervisors = supervisors_for(case, besides=task.responsible_id)
        task.escalated_at = now
        task.escalated_to = supervisors[0] if supervisors else None
        task.save(update_fields=["escalated_at", "escalated_to"])
        link = reverse("cases:detail", kwargs={"case_id": case.pk})
        queue(
            Outgoing(
                channel=Channel.IN_APP,
                user_id=user.pk,
                subject=_("Overdue task on case %(number)s") % {"number": case.number},
                body=_("A task due on %(date)s on case %(number)s is not done yet.")
                % {"date": task.due_on.isoformat(), "number": case.number},
                link=link,
                category="case_escalation",
                related=case,
            )
            for user in supervisors
        )
        record_event(
            actor=None,
            verb="case.task.escalate",
            target=case,
            region_code=case.village_id,
            data={
                "task": task.pk,
                "due_on": task.due_on,
                "responsible": task.responsible_id,
                "to": [u.pk for u in supervisors],
            },
        )
        count += 1
    return count
