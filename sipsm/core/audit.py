"""Writing audit events. Every action calls `record_event`; nothing else writes the table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from sipsm.core.models import AuditEvent
from sipsm.core.requestlocal import current_ip

if TYPE_CHECKING:
    from sipsm.accounts.models import User


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool | dict):
        return value
    return str(value)


def _is_secret(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "is_secret", False))


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Capture the current values of `fields` for `changes_between`.

    Secret fields are captured as their (decrypted) Python value only to tell whether they
    changed; `changes_between` never writes those values into the audit trail.
    """
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = getattr(instance, attname)
    return result


def changes_between(
    instance: models.Model, before: dict[str, Any], after: dict[str, Any]
) -> dict[str, Any]:
    """Field-level diff for the audit log; secret fields show only that they changed."""
    diff: dict[str, Any] = {}
    for name, old in before.items():
        new = after.get(name)
        if old == new:
            continue
        field = instance._meta.get_field(name)
        if _is_secret(field):  # type: ignore[arg-type]
            diff[name] = "changed"
        else:
            diff[name] = [_plain(old), _plain(new)]
    return diff


def initial_values(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Audit payload for a newly created object."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, getattr(field, "attname", name))
        if value in (None, "", []):
            continue
        values[name] = "set" if _is_secret(field) else [None, _plain(value)]  # type: ignore[arg-type]
    return values


def record_event(
    *,
    actor: User | None,
    verb: str,
    target: models.Model | None = None,
    region_code: str = "",
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.get_username() if actor is not None and actor.pk else ""),
        actor_role=(getattr(actor, "role", "") or "") if actor is not None else "",
        verb=verb,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:200] if target is not None else "",
        region_code=region_code,
        changes=changes or {},
        data={k: _plain(v) for k, v in (data or {}).items()},
        ip_address=current_ip(),
    )
