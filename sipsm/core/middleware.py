"""Cross-cutting request handling: client IP for the audit trail, no-store on API answers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sipsm.core.requestlocal import reset_current_ip, set_current_ip


def client_ip(request: HttpRequest) -> str | None:
    """The client address; a forwarded header is trusted only behind a configured proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_current_ip(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_current_ip(token)


class ApiNoStoreMiddleware:
    """Personal data must not sit in shared caches: API and signed-in pages are no-store."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
