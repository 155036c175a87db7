"""Strict helpers that read configuration from environment variables.

Every deploy-time value of sipsm comes from the environment (see the README table). A secret
may also be given as a file path in `<NAME>_FILE`, for Docker and Kubernetes secrets.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_secret(name: str) -> str:
    """Return `NAME`, or the contents of the file named by `NAME_FILE`, or ""."""
    path = os.environ.get(f"{name}_FILE", "").strip()
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "").strip()


def development_secrets(directory: Path) -> dict[str, str]:
    """Load (creating on first use) random secrets for a development checkout.

    Used only when DEBUG is on and a secret is not configured, so `make run` works on a fresh
    clone without ever shipping a fixed key in the repository.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "dev-secrets.json"
    if path.exists():
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    else:
        data = {}
    wanted: dict[str, Callable[[], str]] = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "SIPSM_FIELD_KEYS": lambda: "k1:" + secrets.token_urlsafe(32),
        "SIPSM_BLIND_INDEX_KEY": lambda: secrets.token_urlsafe(32),
    }
    changed = False
    for key, make in wanted.items():
        if key not in data:
            data[key] = make()
            changed = True
    if changed:
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        path.chmod(0o600)
    return data
