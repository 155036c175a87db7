"""Defining programs and their periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.aid.models import Period, Program
from sipsm.aid.permissions import can_manage_programs
from sipsm.core.audit import initial_values, record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused

PROGRAM_FIELDS = ["code", "name", "scheme", "kind", "channel", "cadence", "amount", "description"]


@dataclass(frozen=True)
class ProgramData:
    code: str
    name: str
    scheme: str
    kind: str
    channel: str
    cadence: str
    amount: int
    description: str = ""


@transaction.atomic
def create_program(*, acting_user: User | None, data: ProgramData) -> Program:
    if acting_user is not None and not can_manage_programs(acting_user):
        raise PermissionRefused()
    if Program.objects.filter(code=data.code).exists():
        raise Conflict(_("A program with this code exists."), code="exists")
    program = Program.objects.create(
        code=data.code,
        name=data.name.strip(),
        scheme=data.scheme,
        kind=data.kind,
        channel=data.channel,
        cadence=data.cadence,
        amount=data.amount,
        description=data.description.strip(),
        created_by=acting_user,
    )
    record_event(
        actor=acting_user,
        verb="aid.program.create",
        target=program,
        changes=initial_values(program, PROGRAM_FIELDS),
    )
    return program


@transaction.atomic
def create_period(
    *,
    acting_user: User | None,
    program: Program,
    label: str,
    starts_on: dt.date,
    ends_on: dt.date,
    amount: int | None = None,
) -> Period:
    if acting_user is not None and not can_manage_programs(acting_user):
        raise PermissionRefused()
    if ends_on < starts_on:
        raise ActionError(_("The period ends before it starts."), field="ends_on")
    if Period.objects.filter(program=program, starts_on=starts_on).exists():
        raise Conflict(_("This program already has a period starting that day."), code="exists")
    period = Period.objects.create(
        program=program,
        label=label.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        amount=program.amount if amount is None else amount,
        created_by=acting_user,
    )
    record_event(
        actor=acting_user,
        verb="aid.period.create",
        target=period,
        changes=initial_values(period, ["label", "starts_on", "ends_on", "amount"]),
        data={"program": program.pk},
    )
    return period


@transaction.atomic
def close_period(*, acting_user: User, period: Period) -> Period:
    if not can_manage_programs(acting_user):
        raise PermissionRefused()
    if period.status == Period.Status.CLOSED:
        raise Conflict(_("The period is already closed."), code="closed")
    period.status = Period.Status.CLOSED
    period.save(update_fields=["status"])
    record_event(
        actor=acting_user,
        verb="aid.period.close",
        target=period,
        changes={"status": [Period.Status.OPEN.value, Period.Status.CLOSED.value]},
        data={"at": timezone.now()},
    )
    return period
