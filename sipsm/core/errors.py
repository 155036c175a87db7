"""Errors raised by actions. Interfaces turn them into form errors, messages or HTTP answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise


class ActionError(Exception):
    """The action cannot be done as asked; the message is for the user."""

    status = 400

    def __init__(self, message: str | Promise, *, code: str = "invalid", field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field


class PermissionRefused(ActionError, PermissionDenied):
    """The acting user may see the object but may not do this to it (HTTP 403)."""

    status = 403

    def __init__(self, message: str | Promise = "", *, code: str = "forbidden") -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__(message or _("You are not allowed to do this."), code=code)


class Conflict(ActionError):
    """The object is not in a state that allows this action (e.g. already verified)."""

    status = 409
