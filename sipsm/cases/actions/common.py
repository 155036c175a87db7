"""Checks and small steps shared by the case actions."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.cases.models import STAGE_ORDER, Case, CaseSequence
from sipsm.cases.permissions import can_work_on
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused


def clean_text(value: str, limit: int = 5000) -> str:
    return (value or "").strip()[:limit]


def locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("person", "village").get(pk=case.pk)


def require_work(acting_user: User, case: Case) -> None:
    if not can_work_on(acting_user, case):
        raise PermissionRefused()


def require_not_closed(case: Case) -> None:
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("This case is closed."), code="closed")


def require_open(case: Case) -> None:
    require_not_closed(case)
    if case.status != Case.Status.OPEN:
        raise Conflict(_("This case is waiting for a closure decision."), code="closing")


def advance(case: Case, stage: str) -> bool:
    """Move the case forward to `stage` (never back); True when it moved."""
    if STAGE_ORDER.index(stage) <= STAGE_ORDER.index(case.stage):
        return False
    case.stage = stage
    case.updated_at = timezone.now()
    case.save(update_fields=["stage", "updated_at"])
    return True


def touch(case: Case) -> None:
    case.updated_at = timezone.now()
    case.save(update_fields=["updated_at"])


def event(acting_user: User | None, verb: str, case: Case, **data: Any) -> None:
    """An audit event about a case (details that are narratives stay out of it)."""
    record_event(actor=acting_user, verb=verb, target=case, region_code=case.village_id, data=data)


def next_case_number(village_code: str) -> str:
    regency = village_code[:5]
    year = timezone.localdate().year
    sequence, _created = CaseSequence.objects.get_or_create(regency_code=regency, year=year)
    sequence = CaseSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"KS-{regency.replace('.', '')}-{year}-{sequence.last:05d}"


def require_not_future(day: Any, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ActionError(_("The date is in the future."), field=field)
