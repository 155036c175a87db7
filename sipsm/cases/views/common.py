"""Shared bits of the case pages.

Every route under /kasus/<id>/ answers an anonymous caller with the same 404 as a forbidden
or missing case (and logs the attempt), instead of redirecting to the login page, so that a
case id reveals nothing: those views are marked `case_route`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from sipsm.accounts.models import User
from sipsm.accounts.roles import COORDINATORS
from sipsm.cases.models import Case
from sipsm.core.errors import ActionError
from sipsm.regions import codes

View = TypeVar("View", bound=Callable[..., Any])
PAGE_SIZE = 25
SEARCH_LIMIT = 50


def case_route(view: View) -> View:
    """The view runs for anonymous callers too; it must obtain the case via access_case."""
    return login_not_required(view)


def user_of(request: HttpRequest) -> Any:
    """The user of a case route: a User, or an AnonymousUser that access_case refuses."""
    return request.user


def form_error(form: forms.Form, exc: ActionError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def to_case(request: HttpRequest, case: Case, anchor: str = "") -> HttpResponse:
    url = reverse("cases:detail", kwargs={"case_id": case.pk})
    return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))


def failed(request: HttpRequest, case: Case, exc: ActionError, anchor: str = "") -> HttpResponse:
    messages.error(request, str(exc.message))
    return to_case(request, case, anchor)


def invalid(request: HttpRequest, case: Case, form: forms.Form, anchor: str = "") -> HttpResponse:
    problems = [
        f"{form.fields[n].label if n in form.fields else ''}: {' '.join(str(m) for m in e)}"
        for n, e in form.errors.items()
    ]
    messages.error(request, "; ".join(p.lstrip(": ") for p in problems))
    return to_case(request, case, anchor)


def case_team(case: Case) -> QuerySet[User]:
    """Users who may be responsible for a task: the worker, the named supervisor and the
    coordinators whose region covers the village."""
    return User.objects.filter(
        Q(pk=case.worker_id)
        | Q(pk=case.supervisor_id)
        | Q(role__in=COORDINATORS, region_id__in=codes.ancestors(case.village_id))
        | Q(role="national_admin"),
        is_active=True,
    ).order_by("username")
