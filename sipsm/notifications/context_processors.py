"""`inbox_unread` in every template: the signed-in user's unread in-app messages (one
indexed COUNT; nothing for anonymous visitors)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sipsm.accounts.models import User


def inbox(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    from sipsm.notifications.views import unread_count

    return {"inbox_unread": unread_count(user)}
