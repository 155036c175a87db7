"""API authentication: hashed bearer tokens for machines, the session for the browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from sipsm.accounts.models import ApiToken, User, hash_token


def _mfa_satisfied(user: User) -> bool:
    if not user.requires_mfa:
        return True
    from allauth.mfa.utils import is_mfa_enabled

    return bool(is_mfa_enabled(user))


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.usable()
            .select_related("user", "user__region")
            .filter(token_hash=hash_token(token))
            .first()
        )
        if found is None or not found.user.is_active or not _mfa_satisfied(found.user):
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


class SessionAuth(NinjaSessionAuth):
    """The browser session; the MFA middleware has already refused unenrolled coordinators."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


def api_user(request: HttpRequest) -> User:
    """The authenticated user of an API call, whichever way it authenticated."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
