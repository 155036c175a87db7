"""Last-mile distribution: assigning PSMs to villages, opening and closing rounds, and the
ticks of the village checklist (one small request each, or several families at once)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.accounts.roles import Role
from sipsm.aid import permissions as perms
from sipsm.aid.models import Assignment, KpmEntry, Mark, Period, Problem, Round, Tick
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused
from sipsm.core.images import clean_photo
from sipsm.regions.models import Region


@transaction.atomic
def assign_psm(*, acting_user: User, village: Region, psm: User) -> Assignment:
    if not perms.can_assign(acting_user, village.code):
        raise PermissionRefused()
    if village.level != Region.Level.VILLAGE:
        raise ActionError(_("Choose a village (desa/kelurahan)."), field="village")
    if psm.role != Role.VILLAGE_PSM or not psm.is_active:
        raise ActionError(_("Only an active village PSM can be assigned."), field="psm")
    if not acting_user.covers(psm.region_id):
        raise ActionError(_("This PSM is outside your area."), field="psm")
    if Assignment.objects.active().filter(village=village, psm=psm).exists():
        raise Conflict(_("This PSM is already assigned to the village."), code="exists")
    assignment = Assignment.objects.create(village=village, psm=psm, assigned_by=acting_user)
    record_event(
        actor=acting_user,
        verb="aid.assignment.create",
        target=assignment,
        region_code=village.code,
        data={"psm": psm.pk},
    )
    return assignment


@transaction.atomic
def end_assignment(*, acting_user: User, assignment: Assignment) -> Assignment:
    if not perms.can_assign(acting_user, assignment.village_id):
        raise PermissionRefused()
    if assignment.ended_at is not None:
        raise Conflict(_("The assignment has already ended."), code="ended")
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["ended_at"])
    record_event(
        actor=acting_user,
        verb="aid.assignment.end",
        target=assignment,
        region_code=assignment.village_id,
    )
    return assignment


@transaction.atomic
def open_rounds(*, acting_user: User, period: Period, region: Region) -> list[Round]:
    """A round in every village of `region` that has families on the period's list (and no
    round yet)."""
    if not perms.can_manage_rounds(acting_user, region.code):
        raise PermissionRefused()
    if period.status != Period.Status.OPEN:
        raise Conflict(_("The period is closed."), code="closed")
    prefix = region.code
    villages = (
        KpmEntry.objects.filter(period=period)
        .filter(Q(village__code=prefix) | Q(village__code__startswith=prefix + "."))
        .values_list("village_id", flat=True)
        .distinct()
    )
    existing = set(Round.objects.filter(period=period).values_list("village_id", flat=True))
    created = [
        Round(period=period, village_id=code, opened_by=acting_user)
        for code in sorted(set(villages))
        if code not in existing and (code == prefix or code.startswith(prefix + "."))
    ]
    Round.objects.bulk_create(created)
    record_event(
        actor=acting_user,
        verb="aid.round.open",
        target=period,
        region_code=region.code,
        data={"villages": [r.village_id for r in created]},
    )
    return created


@transaction.atomic
def close_round(*, acting_user: User, round_: Round) -> Round:
    if not perms.can_manage_rounds(acting_user, round_.village_id):
        raise PermissionRefused()
    if not round_.is_open:
        raise Conflict(_("The round is already closed."), code="closed")
    round_.status = Round.Status.CLOSED
    round_.closed_at = timezone.now()
    round_.closed_by = acting_user
    round_.save(update_fields=["status", "closed_at", "closed_by"])
    record_event(
        actor=acting_user,
        verb="aid.round.close",
        target=round_,
        region_code=round_.village_id,
    )
    return round_


@dataclass(frozen=True)
class TickData:
    mark: str
    reason: str = ""
    problem: str = ""
    note: str = ""
    undo: bool = False


def _check(data: TickData) -> None:
    if data.mark not in Mark.values:
        raise ActionError(_("Unknown mark."), field="mark")
    if data.mark == Mark.NOT_RECEIVED and not data.undo and not data.reason.strip():
        raise ActionError(_("Say why it was not received."), field="reason")
    if data.mark == Mark.PROBLEM and not data.undo and data.problem not in Problem.values:
        raise ActionError(_("Choose the problem."), field="problem")


def _apply(tick: Tick, data: TickData, now: object) -> list[str]:
    stamp = None if data.undo else now
    if data.mark == Mark.CARD:
        tick.card_at = stamp  # type: ignore[assignment]
        return ["card_at"]
    if data.mark == Mark.CREDITED:
        tick.credited_at = stamp  # type: ignore[assignment]
        return ["credited_at"]
    if data.mark == Mark.RECEIVED:
        tick.received_at = stamp  # type: ignore[assignment]
        fields = ["received_at"]
        if stamp is not None and tick.not_received_at is not None:
            tick.not_received_at, tick.not_received_reason = None, ""
            fields += ["not_received_at", "not_received_reason"]
        return fields
    if data.mark == Mark.NOT_RECEIVED:
        tick.not_received_at = stamp  # type: ignore[assignment]
        tick.not_received_reason = "" if data.undo else data.reason.strip()[:200]
        return ["not_received_at", "not_received_reason"]
    tick.problem = "" if data.undo else data.problem
    tick.problem_at = stamp  # type: ignore[assignment]
    return ["problem", "problem_at"]


@transaction.atomic
def mark_family(
    *,
    acting_user: User,
    round_: Round,
    entry: KpmEntry,
    data: TickData,
    photo: UploadedFile | None = None,
) -> Tick:
    """Record one mark for one family (a tap on the checklist)."""
    if not perms.can_tick(acting_user, round_.village_id):
        raise PermissionRefused()
    if entry.period_id != round_.period_id or entry.village_id != round_.village_id:
        raise ActionError(_("The family is not on this round's list."), field="entry")
    if not round_.is_open:
        raise Conflict(_("The round is closed."), code="closed")
    _check(data)
    cleaned = clean_photo(photo) if photo is not None else None
    now = timezone.now()
    tick = Tick.objects.select_for_update().filter(round=round_, entry=entry).first()
    if tick is None:
        try:
            with transaction.atomic():
                tick = Tick.objects.create(round=round_, entry=entry, marked_by=acting_user)
        except IntegrityError:
            tick = Tick.objects.select_for_update().get(round=round_, entry=entry)
    fields = _apply(tick, data, now)
    if data.note.strip():
        tick.note = data.note.strip()[:200]
        fields.append("note")
    if cleaned is not None:
        tick.photo.save(cleaned.name or "foto.jpg", cleaned, save=False)
        fields.append("photo")
    tick.marked_by = acting_user
    tick.marked_at = now
    tick.save(update_fields=[*fields, "marked_by", "marked_at"])
    record_event(
        actor=acting_user,
        verb="aid.tick",
        target=tick,
        region_code=round_.village_id,
        data={
            "entry": entry.pk,
            "mark": data.mark,
            "problem": data.problem,
            "undo": data.undo,
            "photo": cleaned is not None,
        },
    )
    return tick


@transaction.atomic
def mark_families(
    *, acting_user: User, round_: Round, entries: list[KpmEntry], data: TickData
) -> int:
    """The same mark for several families at once (bulk marking)."""
    if not entries:
        raise ActionError(_("Choose at least one family."), field="entries")
    for entry in entries:
        mark_family(acting_user=acting_user, round_=round_, entry=entry, data=data)
    return len(entries)
