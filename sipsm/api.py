"""The HTTP API at /api/v1/ (django-ninja): one router per domain, one auth for all."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from sipsm.accounts.api import router as accounts_router
from sipsm.accounts.api_auth import SessionAuth, TokenAuth
from sipsm.aid.api import router as aid_router
from sipsm.cases.api import router as cases_router
from sipsm.coordination.api import router as coordination_router
from sipsm.core.errors import ActionError
from sipsm.incidents.api import router as incidents_router
from sipsm.people.api import router as people_router
from sipsm.regions.api import router as regions_router
from sipsm.registry.api import router as registry_router
from sipsm.relief.api import router as relief_router
from sipsm.reporting.api import router as reporting_router
from sipsm.training.api import router as training_router


def _docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the docs page are public only where SIPSM_PUBLIC_API_DOCS is on (by
    default where DEBUG is); in production only signed-in users see them."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.SIPSM_PUBLIC_API_DOCS and not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="sipsm API",
    version="1",
    description=(
        "API of sipsm, the information and coordination system of IPSM. Authenticate with "
        "`Authorization: Bearer <token>` (tokens are issued on the profile page) or with the "
        "browser session. Every answer is limited to the caller's region scope."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_decorator=_docs_access,
)
api.add_router("/regions", regions_router, tags=["regions"])
api.add_router("/", registry_router, tags=["registry"])
api.add_router("/me", accounts_router, tags=["accounts"])
api.add_router("/", incidents_router, tags=["incidents"])
api.add_router("/", relief_router, tags=["relief"])
api.add_router("/", people_router, tags=["people"])
api.add_router("/", cases_router, tags=["cases"])
api.add_router("/", coordination_router, tags=["coordination"])
api.add_router("/", training_router, tags=["training"])
api.add_router("/", aid_router, tags=["aid"])
api.add_router("/", reporting_router, tags=["reporting"])


@api.exception_handler(ActionError)
def action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": str(exc.message), "code": exc.code, "field": exc.field},
        status=exc.status,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Unauthorized"}, status=401)
