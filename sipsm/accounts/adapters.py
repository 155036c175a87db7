"""django-allauth hooks: no public sign-up; logins and failed logins go to the audit trail."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from sipsm.accounts.models import User
from sipsm.core.audit import record_event


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)
        if isinstance(user, User):
            record_event(actor=user, verb="auth.login", target=user)

    def logout(self, request: HttpRequest) -> None:
        user = request.user
        if isinstance(user, User):
            record_event(actor=user, verb="auth.logout", target=user)
        super().logout(request)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        attempted = str(credentials.get("username") or credentials.get("email") or "")[:60]
        record_event(actor=None, verb="auth.login_failed", data={"login": attempted})
