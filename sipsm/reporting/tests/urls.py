"""The project's URLs plus the reporting routes and API router, for as long as the project's
own urls.py and api.py do not include them (once they do, this adds nothing)."""

from django.urls import URLResolver, include, path

from sipsm.api import api
from sipsm.reporting.api import router as reporting_router

if all(router is not reporting_router for _prefix, router in api._routers):
    api.add_router("/", reporting_router, tags=["reporting"])

from sipsm.urls import urlpatterns as project_patterns  # noqa: E402

_included = any(
    isinstance(entry, URLResolver)
    and getattr(entry.urlconf_name, "__name__", entry.urlconf_name) == "sipsm.reporting.urls"
    for entry in project_patterns
)
urlpatterns = list(project_patterns)
if not _included:
    urlpatterns.insert(1, path("", include("sipsm.reporting.urls")))
