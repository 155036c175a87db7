"""`announcements_unread` in every template: the signed-in user's unread announcements (one
COUNT; nothing for anonymous visitors). Add it to TEMPLATES' context processors to show the
counter in the menu (coordination/announcements/_counter.html)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sipsm.accounts.models import User


def announcements(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    from sipsm.coordination.views.announcements import unread_announcements

    return {"announcements_unread": unread_announcements(user)}
