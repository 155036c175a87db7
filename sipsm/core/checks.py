"""System checks that validate sipsm's own configuration at start-up (ids sipsm.E00x)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def settings_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from sipsm.identity.crypto import KeyringError, parse_keyring

    problems: list[CheckMessage] = []
    try:
        keyring = parse_keyring(settings.SIPSM_FIELD_KEYS)
    except KeyringError as exc:
        problems.append(
            Error(
                f"SIPSM_FIELD_KEYS is invalid: {exc}",
                hint="Use 'id:base64key[,id2:base64key2]' with 32-byte keys; the first encrypts.",
                id="sipsm.E001",
            )
        )
    else:
        index_key = settings.SIPSM_BLIND_INDEX_KEY
        if any(index_key.endswith(raw) or raw.endswith(index_key) for raw in keyring.raw_keys()):
            problems.append(
                Error(
                    "SIPSM_BLIND_INDEX_KEY must differ from every encryption key.",
                    id="sipsm.E002",
                )
            )
    if len(settings.SIPSM_BLIND_INDEX_KEY) < 32:
        problems.append(
            Error("SIPSM_BLIND_INDEX_KEY must be at least 32 characters.", id="sipsm.E003")
        )
    if not settings.DEBUG and str(settings.TASKS["default"]["BACKEND"]).endswith(
        "ImmediateBackend"
    ):
        problems.append(
            Warning(
                "TASKS_BACKEND=immediate runs notifications inside web requests.",
                hint="Use TASKS_BACKEND=database and run `sipsm db_worker` in production.",
                id="sipsm.W001",
            )
        )
    return problems
