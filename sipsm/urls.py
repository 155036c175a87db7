from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from sipsm.api import api


def _public(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """The API authenticates every call itself (token or session); the login redirect of
    LoginRequiredMiddleware would turn a 401 into an HTML page, so skip it there."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _public(entry.url_patterns)
        else:
            entry.callback = login_not_required(entry.callback)
    return patterns


api_urls, app_name, namespace = api.urls
urlpatterns = [
    path("", include("sipsm.core.urls")),
    path("wilayah/", include("sipsm.regions.urls")),
    path("", include("sipsm.registry.urls")),
    path("", include("sipsm.incidents.urls")),
    path("", include("sipsm.notifications.urls")),
    path("", include("sipsm.relief.urls")),
    path("", include("sipsm.people.urls")),
    path("", include("sipsm.cases.urls")),
    path("", include("sipsm.coordination.urls")),
    path("", include("sipsm.training.urls")),
    path("", include("sipsm.aid.urls")),
    path("", include("sipsm.reporting.urls")),
    path("profil/", include("sipsm.accounts.urls")),
    path("akun/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", (_public(list(api_urls)), app_name, namespace)),
    path("admin/", admin.site.urls),
]
