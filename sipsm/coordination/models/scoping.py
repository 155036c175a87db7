"""Region filters shared by the coordination rows (each row carries its unit's region)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sipsm.regions import codes


def audience_q(user: Any, field: str = "region") -> Q:
    """Rows of units the user belongs to (their unit and every unit above it) or oversees
    (every unit below their scope). `field` holds the unit's region code (NULL: national)."""
    scope = getattr(user, "scope_code", None)
    if scope is None:
        return Q()
    return (
        Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__in": codes.ancestors(scope)})
        | Q(**{f"{field}__code__startswith": scope + "."})
    )


def in_audience(user: Any, region_code: str | None) -> bool:
    scope = getattr(user, "scope_code", None)
    if scope is None or region_code is None:
        return True
    return codes.is_within(scope, region_code) or codes.is_within(region_code, scope)
