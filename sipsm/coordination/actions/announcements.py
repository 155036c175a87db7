"""Publishing announcements down the unit tree, read receipts, urgent fan-out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.actions.common import (
    absolute,
    region_for,
    require_text,
    save_attachments,
    unit_of,
)
from sipsm.coordination.models import Announcement, AnnouncementRead, Priority
from sipsm.coordination.models.scoping import in_audience
from sipsm.coordination.permissions import READERS, coordinates
from sipsm.coordination.uploads import CheckedFile
from sipsm.core.audit import record_event
from sipsm.core.errors import PermissionRefused
from sipsm.notifications.models import Channel
from sipsm.notifications.outbox import Outgoing, messages_for_member, queue_many
from sipsm.regions.models import Region
from sipsm.registry.models import Member


@dataclass
class AnnouncementData:
    title: str
    body: str
    priority: str = Priority.NORMAL
    region: Region | None = None
    expires_on: dt.date | None = None
    files: list[CheckedFile] = field(default_factory=list)


def audience_accounts(region_code: str | None) -> list[User]:
    """Active accounts inside the unit's area (everyone, for a national unit)."""
    users = User.objects.filter(is_active=True, role__in=READERS)
    if region_code is not None:
        users = users.filter(
            Q(region_id=region_code) | Q(region__code__startswith=region_code + ".")
        )
    return list(users.only("id", "email", "region_id", "role"))


def _urgent_fan_out(announcement: Announcement, accounts: list[User]) -> int:
    """Every active member in the area on every channel, plus in-app for other accounts."""
    link = absolute("coordination:announcement_detail", announcement.pk)
    members = Member.objects.active()
    if announcement.region_id is not None:
        members = members.filter(
            Q(home_village__code__startswith=announcement.region_id + ".")
            | Q(home_village_id=announcement.region_id)
        )
    outgoing: list[Outgoing] = []
    reached: set[int] = set()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("URGENT: %(title)s") % {"title": announcement.title}
        short = f"{subject} {link}"[:300]
        for row in members.values("pk", "phone", "email", "user_id").iterator(chunk_size=2000):
            if row["user_id"] is not None:
                reached.add(row["user_id"])
            outgoing.extend(
                messages_for_member(
                    member_id=row["pk"],
                    phone=row["phone"],
                    email=row["email"],
                    user_id=row["user_id"],
                    subject=subject,
                    body=announcement.body,
                    short_body=short,
                    link=link,
                    category="announcement",
                    related=announcement,
                )
            )
        outgoing.extend(
            Outgoing(
                channel=Channel.IN_APP,
                body=announcement.body,
                subject=subject,
                link=link,
                category="announcement",
                user_id=user.pk,
                related=announcement,
            )
            for user in accounts
            if user.pk not in reached
        )
    return queue_many(outgoing)


@transaction.atomic
def publish_announcement(*, acting_user: User, data: AnnouncementData) -> Announcement:
    region = region_for(acting_user, data.region)
    region_code = region.code if region is not None else None
    if not coordinates(acting_user, region_code):
        raise PermissionRefused()
    unit = unit_of(region)
    accounts = audience_accounts(region_code)
    announcement = Announcement.objects.create(
        unit=unit,
        region=region,
        title=require_text(data.title, "title", _("Write a title.")),
        body=require_text(data.body, "body", _("Write the announcement.")),
        priority=data.priority,
        author=acting_user,
        expires_on=data.expires_on,
        audience_size=len(accounts),
    )
    attached = save_attachments(acting_user, data.files, announcement=announcement)
    messages = 0
    if announcement.priority == Priority.URGENT:
        messages = _urgent_fan_out(announcement, accounts)
    record_event(
        actor=acting_user,
        verb="announcement.publish",
        target=announcement,
        region_code=region_code or "",
        data={
            "unit": unit.pk,
            "priority": announcement.priority,
            "audience": len(accounts),
            "attachments": attached,
            "messages": messages,
        },
    )
    return announcement


@transaction.atomic
def mark_announcement_read(*, acting_user: User, announcement: Announcement) -> bool:
    """The read receipt (once); True when this is the first reading."""
    if not in_audience(acting_user, announcement.region_id):
        raise PermissionRefused()
    _receipt, created = AnnouncementRead.objects.get_or_create(
        announcement=announcement, user=acting_user, defaults={"read_at": timezone.now()}
    )
    if created:
        record_event(
            actor=acting_user,
            verb="access.announcement_read",
            target=announcement,
            region_code=announcement.region_id or "",
        )
    return created
