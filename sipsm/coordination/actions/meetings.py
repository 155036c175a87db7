"""Meetings of units, attendance, decisions, and action items followed up to done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.actions.common import (
    absolute,
    notify_in_app,
    region_for,
    require_text,
    save_attachments,
    unit_of,
)
from sipsm.coordination.models import (
    ActionItem,
    ActionUpdate,
    Decision,
    Meeting,
    MeetingAttendance,
)
from sipsm.coordination.permissions import coordinates
from sipsm.coordination.uploads import CheckedFile
from sipsm.core.audit import changes_between, record_event, snapshot
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.registry.models import Member

_MEETING_FIELDS = [
    "kind",
    "title",
    "starts_at",
    "place",
    "online_url",
    "agenda",
    "minutes",
    "status",
]


@dataclass
class MeetingData:
    kind: str
    title: str
    starts_at: dt.datetime
    place: str = ""
    online_url: str = ""
    agenda: str = ""
    minutes: str = ""
    status: str = Meeting.Status.PLANNED
    files: list[CheckedFile] = field(default_factory=list)


def _apply(meeting: Meeting, data: MeetingData) -> None:
    if data.kind not in Meeting.Kind.values:
        raise ActionError(_("Choose the kind of meeting."), field="kind")
    if data.status not in Meeting.Status.values:
        raise ActionError(_("Choose a status."), field="status")
    meeting.kind = data.kind
    meeting.title = require_text(data.title, "title", _("Write a title."))
    meeting.starts_at = data.starts_at
    meeting.place = data.place.strip()
    meeting.online_url = data.online_url.strip()
    meeting.agenda = data.agenda.strip()
    meeting.minutes = data.minutes.strip()
    meeting.status = data.status


def _require_coordinator(acting_user: User, region_code: str | None) -> None:
    if not coordinates(acting_user, region_code):
        raise PermissionRefused()


@transaction.atomic
def create_meeting(*, acting_user: User, region: Region | None, data: MeetingData) -> Meeting:
    unit_region = region_for(acting_user, region)
    code = unit_region.code if unit_region is not None else None
    _require_coordinator(acting_user, code)
    meeting = Meeting(unit=unit_of(unit_region), region=unit_region, created_by=acting_user)
    _apply(meeting, data)
    meeting.save()
    attached = save_attachments(acting_user, data.files, meeting=meeting)
    record_event(
        actor=acting_user,
        verb="meeting.create",
        target=meeting,
        region_code=code or "",
        data={"kind": meeting.kind, "attachments": attached},
    )
    return meeting


@transaction.atomic
def update_meeting(*, acting_user: User, meeting: Meeting, data: MeetingData) -> Meeting:
    _require_coordinator(acting_user, meeting.region_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = snapshot(meeting, _MEETING_FIELDS)
    _apply(meeting, data)
    meeting.save()
    attached = save_attachments(acting_user, data.files, meeting=meeting)
    changes = changes_between(meeting, before, snapshot(meeting, _MEETING_FIELDS))
    record_event(
        actor=acting_user,
        verb="meeting.update",
        target=meeting,
        region_code=meeting.region_id or "",
        changes={k: "changed" if k in {"agenda", "minutes"} else v for k, v in changes.items()},
        data={"attachments": attached},
    )
    return meeting


@transaction.atomic
def record_attendance(
    *,
    acting_user: User,
    meeting: Meeting,
    name: str = "",
    affiliation: str = "",
    kta_number: str = "",
    present: bool = True,
) -> MeetingAttendance:
    _require_coordinator(acting_user, meeting.region_id)
    member = None
    if kta_number.strip():
        # Only members inside the coordinator's area are found: a KTA number from elsewhere
        # gets the same answer as an unknown one (its holder's name is not given away).
        member = Member.objects.filter(kta_number=kta_number.strip()).first()
        if member is None or not acting_user.covers(member.home_village_id):
            raise ActionError(_("No member has this KTA number."), field="kta_number")
        name = name.strip() or member.full_name
    attendance = MeetingAttendance.objects.create(
        meeting=meeting,
        name=require_text(name, "name", _("Write the attendee's name or KTA number.")),
        affiliation=affiliation.strip(),
        member=member,
        present=present,
    )
    record_event(
        actor=acting_user,
        verb="meeting.attendance",
        target=meeting,
        region_code=meeting.region_id or "",
        data={"attendance": attendance.pk, "member": member.pk if member else None},
    )
    return attendance


@transaction.atomic
def add_decision(*, acting_user: User, meeting: Meeting, kind: str, text: str) -> Decision:
    _require_coordinator(acting_user, meeting.region_id)
    if kind not in Decision.Kind.values:
        raise ActionError(_("Choose decision or recommendation."), field="kind")
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = meeting.decisions.aggregate(n=Max("number"))["n"] or 0
    decision = Decision.objects.create(
        meeting=meeting,
        number=last + 1,
        kind=kind,
        text=require_text(text, "text", _("Write the decision.")),
    )
    record_event(
        actor=acting_user,
        verb="meeting.add_decision",
        target=decision,
        region_code=meeting.region_id or "",
        data={"meeting": meeting.pk, "kind": kind},
    )
    return decision


def _may_own(owner: User, region_code: str | None) -> bool:
    """An owner works in the assigned unit's area (or above it)."""
    if not owner.is_active:
        return False
    if region_code is None or owner.scope_code is None:
        return True
    return codes.is_within(owner.scope_code, region_code) or codes.is_within(
        region_code, owner.scope_code
    )


@transaction.atomic
def add_action_item(
    *,
    acting_user: User,
    decision: Decision,
    region: Region | None,
    title: str,
    due_date: dt.date,
    owner: User | None = None,
) -> ActionItem:
    """Follow a decision up: an action for a unit at or below the meeting's unit."""
    meeting = decision.meeting
    _require_coordinator(acting_user, meeting.region_id)
    code = region.code if region is not None else None
    if meeting.region_id is not None and (
        code is None or not codes.is_within(code, meeting.region_id)
    ):
        raise ActionError(_("Assign the action to this unit or a unit below it."), field="unit")
    if owner is not None and not _may_own(owner, code):
        raise ActionError(_("The owner does not work in the assigned unit."), field="owner")
    item = ActionItem.objects.create(
        decision=decision,
        unit=unit_of(region),
        region=region,
        title=require_text(title, "title", _("Write the action.")),
        owner=owner,
        due_date=due_date,
        created_by=acting_user,
    )
    if owner is not None and owner.pk != acting_user.pk:
        with translation.override(settings.LANGUAGE_CODE):
            notify_in_app(
                [owner],
                subject=_("New action item for you, due %(due)s")
                % {"due": due_date.strftime("%d-%m-%Y")},
                body=item.title,
                link=absolute("coordination:action_item_detail", item.pk),
                category="action_item",
                related=item,
            )
    record_event(
        actor=acting_user,
        verb="action_item.create",
        target=item,
        region_code=code or "",
        data={"decision": decision.pk, "owner": owner.pk if owner else None, "due": due_date},
    )
    return item


def can_update_item(user: User, item: ActionItem) -> bool:
    if not user.is_active:
        return False
    if item.owner_id == user.pk:
        return True
    return coordinates(user, item.region_id) or coordinates(user, item.decision.meeting.region_id)


@transaction.atomic
def add_progress(
    *,
    acting_user: User,
    item: ActionItem,
    note: str,
    progress: int,
    status: str,
    files: list[CheckedFile] | None = None,
) -> ActionUpdate:
    if not can_update_item(acting_user, item):
        raise PermissionRefused()
    if not 0 <= progress <= 100:
        raise ActionError(_("Progress is a percentage from 0 to 100."), field="progress")
    if status not in ActionItem.Status.values:
        raise ActionError(_("Choose a status."), field="status")
    if status == ActionItem.Status.DONE:
        progress = 100
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    update = ActionUpdate.objects.create(
        item=item,
        author=acting_user,
        note=require_text(note, "note", _("Describe the progress.")),
        progress=progress,
        status=status,
    )
    evidence = save_attachments(acting_user, files or [], action_update=update)
    changes: dict[str, object] = {}
    if item.status != status:
        changes["status"] = [item.status, status]
    if item.progress != progress:
        changes["progress"] = [item.progress, progress]
    item.status = status
    item.progress = progress
    item.completed_at = timezone.now() if status == ActionItem.Status.DONE else None
    item.save(update_fields=["status", "progress", "completed_at"])
    record_event(
        actor=acting_user,
        verb="action_item.progress",
        target=item,
        region_code=item.region_id or "",
        changes=changes,
        data={"update": update.pk, "evidence": evidence},
    )
    return update
