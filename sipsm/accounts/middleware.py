"""Session limits (idle and absolute) and mandatory MFA for coordinators and admins."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from sipsm.accounts.roles import Role

LOGIN_AT = "sipsm_login_at"
SEEN_AT = "sipsm_seen_at"
# Requests the page makes by itself (htmx polling of the inbox, the incident board, ...) are not
# the user's activity: sipsm.js marks them, and they do not extend an idle session.
BACKGROUND_HEADER = "X-Sipsm-Background"
# Paths a coordinator without MFA may still reach: the MFA setup itself, logout, language.
MFA_SETUP_ALLOWED = ("/akun/", "/accounts/", "/i18n/", "/static/", "/healthz")


def _idle_limit(request: HttpRequest) -> int:
    role = getattr(request.user, "role", "")
    if role in {Role.VILLAGE_PSM}:
        return int(settings.SIPSM_SESSION_IDLE_SECONDS_PSM)
    return int(settings.SIPSM_SESSION_IDLE_SECONDS)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if login_at is None:
                session[LOGIN_AT] = now
                session[SEEN_AT] = now
            elif now - float(login_at) > settings.SESSION_COOKIE_AGE or now - float(
                seen_at or login_at
            ) > _idle_limit(request):
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "session expired"}, status=401)
                return redirect(f"{reverse('account_login')}?next={request.path}")
            elif now - float(seen_at or 0) > 60 and not request.headers.get(BACKGROUND_HEADER):
                session[SEEN_AT] = now
        return self.get_response(request)


class RequireMfaMiddleware:
    """Coordinators and admins must enrol a TOTP authenticator before using the system."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "requires_mfa", False)
            and not request.path.startswith(MFA_SETUP_ALLOWED)
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": "two-factor authentication must be set up first"},
                        status=403,
                    )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
