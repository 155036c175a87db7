"""Shared bits of the aid pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from sipsm.core.errors import ActionError

PAGE_SIZE = 25
CHECKLIST_PAGE_SIZE = 20


def form_error(form: forms.Form, exc: ActionError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def flash_invalid(request: HttpRequest, form: forms.Form) -> None:
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.append(
            f"{label}: {' '.join(str(e) for e in errors)}"
            if label
            else " ".join(str(e) for e in errors)
        )
    messages.error(request, "; ".join(problems))


def page_number(request: HttpRequest) -> str | None:
    return request.GET.get("page")
