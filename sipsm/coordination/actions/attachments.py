"""Attaching files to what already exists (the API's uploads; the pages attach files while
creating or changing the row, with the same checks: sipsm.coordination.uploads).

Who may attach: to an announcement or a meeting, the coordinators of its unit; to a post,
its author while the thread is open; to an article, whoever may change it; to a progress
update of an action item, its author while they may still report on the item.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sipsm.accounts.models import User
from sipsm.coordination.actions.common import save_attachments
from sipsm.coordination.actions.meetings import can_update_item
from sipsm.coordination.models import (
    ActionUpdate,
    Announcement,
    Article,
    Attachment,
    Meeting,
    Post,
)
from sipsm.coordination.permissions import can_edit_article, can_join_unit_row, coordinates
from sipsm.coordination.uploads import MAX_FILES, CheckedFile
from sipsm.core.audit import record_event
from sipsm.core.errors import ActionError, Conflict, PermissionRefused

Owner = Announcement | Post | Article | Meeting | ActionUpdate

_FIELD = {
    Announcement: "announcement",
    Post: "post",
    Article: "article",
    Meeting: "meeting",
    ActionUpdate: "action_update",
}


def _check_may_attach(user: User, owner: Owner) -> str:
    """The owner's region code ("" for national rows), or PermissionRefused/Conflict."""
    if isinstance(owner, Announcement | Meeting):
        if not coordinates(user, owner.region_id):
            raise PermissionRefused()
        return owner.region_id or ""
    if isinstance(owner, Post):
        thread = owner.thread
        if owner.author_id != user.pk or not can_join_unit_row(user, thread.region_id):
            raise PermissionRefused()
        if thread.is_hidden or owner.is_hidden:
            raise Conflict(_("This thread is hidden."), code="hidden")
        if thread.is_locked and not coordinates(user, thread.region_id):
            raise Conflict(_("This thread is locked."), code="locked")
        return thread.region_id or ""
    if isinstance(owner, Article):
        if not can_edit_article(user, owner):
            raise PermissionRefused()
        return owner.owner_region_id or ""
    if owner.author_id != user.pk or not can_update_item(user, owner.item):
        raise PermissionRefused()
    return owner.item.region_id or ""


@transaction.atomic
def attach_files(*, acting_user: User, owner: Owner, files: list[CheckedFile]) -> list[Attachment]:
    """Add checked files to a row; at most MAX_FILES on it in all."""
    region_code = _check_may_attach(acting_user, owner)
    if not files:
        raise ActionError(_("Choose at least one file."), field="files")
    field = _FIELD[type(owner)]
    type(owner).objects.select_for_update().filter(pk=owner.pk).first()
    already = Attachment.objects.filter(**{field: owner}).count()
    if already + len(files) > MAX_FILES:
        raise ActionError(_("Attach at most %(n)d files.") % {"n": MAX_FILES}, field="files")
    save_attachments(acting_user, files, **{field: owner})
    added = list(Attachment.objects.filter(**{field: owner}).order_by("id")[already:])
    record_event(
        actor=acting_user,
        verb=f"{owner._meta.model_name}.attach",
        target=owner,
        region_code=region_code,
        data={"attachments": [a.pk for a in added]},
    )
    return added
