"""Production settings: `sipsm check --deploy` is clean, and missing secrets stop start-up."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIPSM_", "DJANGO_"))}
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SIPSM_FIELD_KEYS": f"k1:{key}",
            "SIPSM_BLIND_INDEX_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "sipsm.example.org",
            "DJANGO_SETTINGS_MODULE": "sipsm.settings",
        }
    )
    env.update(overrides)
    return env


def _sipsm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sipsm", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_passes_the_deploy_checklist_with_no_warnings() -> None:
    result = _sipsm("check", "--deploy", "--fail-level", "WARNING", env=_production_env())

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production() -> None:
    env = _production_env()
    del env["SECRET_KEY"]

    result = _sipsm("check", env=env)

    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_it_reads_secrets_from_files(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(secrets.token_urlsafe(50))
    env = _production_env()
    del env["SECRET_KEY"]
    env["SECRET_KEY_FILE"] = str(secret_file)

    result = _sipsm("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr


def test_it_rejects_a_malformed_field_key() -> None:
    result = _sipsm("check", env=_production_env(SIPSM_FIELD_KEYS="k1:tooshort"))

    assert result.returncode == 1
    assert "sipsm.E001" in result.stderr


def test_behind_a_proxy_the_login_throttle_counts_the_client_address() -> None:
    code = (
        "from django.conf import settings; "
        "print(getattr(settings, 'ALLAUTH_TRUSTED_PROXY_COUNT', 0))"
    )
    direct = _sipsm("shell", "--no-imports", "-c", code, env=_production_env())
    proxied = _sipsm(
        "shell", "--no-imports", "-c", code, env=_production_env(SIPSM_BEHIND_PROXY="true")
    )

    assert direct.stdout.strip() == "0", direct.stderr
    assert proxied.stdout.strip() == "1"
