"""The project's URLs plus the notification app's (until sipsm/urls.py includes them)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from sipsm.urls import urlpatterns as project_urls

urlpatterns: list[URLPattern | URLResolver] = list(project_urls)
if not any(getattr(p, "namespace", None) == "notifications" for p in project_urls):
    urlpatterns.append(path("", include("sipsm.notifications.urls")))
