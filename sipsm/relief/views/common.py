"""Shared bits of the relief pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from sipsm.core.errors import ActionError
from sipsm.core.http import AuthenticatedRequest
from sipsm.incidents.models import Incident
from sipsm.incidents.permissions import can_manage_incident
from sipsm.relief.permissions import (
    can_enter_data,
    can_issue_alerts,
    can_manage_shelters,
    can_see_people,
)

PAGE_SIZE = 50


def rights(request: AuthenticatedRequest, incident: Incident) -> dict[str, Any]:
    user = request.user
    return {
        "incident": incident,
        "can_enter": can_enter_data(user, incident),
        "can_see_people": can_see_people(user, incident),
        "can_manage_shelters": can_manage_shelters(user, incident),
        "can_issue_alerts": can_issue_alerts(user, incident),
        "can_manage": can_manage_incident(user, incident),
    }


def form_error(form: forms.Form, exc: ActionError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def back(request: AuthenticatedRequest, exc: ActionError, to: str, **kwargs: Any) -> HttpResponse:
    messages.error(request, str(exc.message))
    return HttpResponseRedirect(reverse(to, kwargs=kwargs))
