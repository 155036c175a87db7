"""The client address of the request being served, for audit events written by actions.

Actions take explicit arguments for everything that matters; the IP address is only context
for the audit trail, so it travels in a context variable set by middleware.
"""

from __future__ import annotations

import contextvars

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)


def current_ip() -> str | None:
    return _client_ip.get()


def set_current_ip(ip: str | None) -> contextvars.Token[str | None]:
    return _client_ip.set(ip)


def reset_current_ip(token: contextvars.Token[str | None]) -> None:
    _client_ip.reset(token)
