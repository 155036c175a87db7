"""What the coordination actions share: units, attachments, links and in-app notices."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.models import Attachment
from sipsm.coordination.uploads import CheckedFile
from sipsm.core.errors import ActionError, PermissionRefused
from sipsm.notifications.models import Channel
from sipsm.notifications.outbox import Outgoing, queue
from sipsm.regions.models import Region
from sipsm.registry.actions.units import ensure_unit
from sipsm.registry.models import Unit


def unit_of(region: Region | None) -> Unit:
    """The IPSM unit of a region (created, with the units above it, when missing)."""
    return ensure_unit(acting_user=None, region=region)


def region_for(acting_user: User, region: Region | None) -> Region | None:
    """The unit region an action speaks for: the one chosen, or the user's own area.

    A coordinator speaks for their unit and any unit below it; nobody else chooses.
    """
    if region is None:
        return acting_user.region if acting_user.scope_code is not None else None
    if not acting_user.covers(region.code):
        raise PermissionRefused(_("The unit is outside your area."))
    return region


def absolute(view_name: str, *args: object) -> str:
    return settings.SIPSM_BASE_URL + reverse(view_name, args=args)


def save_attachments(acting_user: User, files: Iterable[CheckedFile], **owner: object) -> int:
    count = 0
    for checked in files:
        Attachment.objects.create(
            file=checked.content,
            filename=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=acting_user,
            **owner,
        )
        count += 1
    return count


def notify_in_app(
    users: Iterable[User | int],
    *,
    subject: str,
    body: str,
    link: str,
    category: str,
    related: object = None,
    email: bool = False,
) -> int:
    """In-app notices (and e-mail, when asked and known) through the notification outbox."""
    items: list[Outgoing] = []
    seen: set[int] = set()
    for user in users:
        user_id = user if isinstance(user, int) else user.pk
        if user_id in seen:
            continue
        seen.add(user_id)
        items.append(
            Outgoing(
                channel=Channel.IN_APP,
                body=body,
                subject=subject,
                link=link,
                category=category,
                user_id=user_id,
                related=related,  # type: ignore[arg-type]
            )
        )
        address = user.email if email and isinstance(user, User) else ""
        if address and Channel.EMAIL in settings.SIPSM_NOTIFY_CHANNELS:
            items.append(
                Outgoing(
                    channel=Channel.EMAIL,
                    to=address,
                    body=body,
                    subject=subject,
                    link=link,
                    category=category,
                    related=related,  # type: ignore[arg-type]
                )
            )
    if items:
        queue(items)
    return len(seen)


def require_text(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ActionError(message, field=field)
    return text
