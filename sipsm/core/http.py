"""Typed request objects: what middleware has attached by the time a view runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from sipsm.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


class PublicRequest(HttpRequest):
    htmx: HtmxDetails
