"""sipsm's URLs plus the aid pages and API, for sipsm.aid.tests.settings.

django-ninja refuses routers added after sipsm's API built its URLs, so the aid router is
served here by a second API under the same /api/v1/ prefix, with the same authentication
and error handlers (once wired in, sipsm/api.py adds the router to the one API).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from sipsm import urls as base
from sipsm.accounts.api_auth import SessionAuth, TokenAuth
from sipsm.aid.api import router as aid_router
from sipsm.core.errors import ActionError

aid_api = NinjaAPI(
    title="sipsm aid API (tests)",
    version="1-aid-tests",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="aid_api",
    docs_url=None,
    openapi_url=None,
)
aid_api.add_router("/", aid_router, tags=["aid"])


@aid_api.exception_handler(ActionError)
def action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    return aid_api.create_response(
        request,
        {"detail": str(exc.message), "code": exc.code, "field": exc.field},
        status=exc.status,
    )


@aid_api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return aid_api.create_response(request, {"detail": "Not Found"}, status=404)


@aid_api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return aid_api.create_response(request, {"detail": "Unauthorized"}, status=401)


aid_urls, aid_app, aid_namespace = aid_api.urls
urlpatterns = [
    *base.urlpatterns,
    path("", include("sipsm.aid.urls")),
    path("api/v1/", (base._public(list(aid_urls)), aid_app, aid_namespace)),
]
