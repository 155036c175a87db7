"""`sipsm seed_demo` builds the demo once; a second run adds nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from sipsm.accounts.models import User
from sipsm.registry.models import Member

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith(("accounts", "registry", "incidents", "core"))
        or model._meta.app_label in {"coordination", "training", "notifications"}
    }


def test_it_seeds_once_and_prints_the_logins(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()

    again = StringIO()
    call_command("seed_demo", stdout=again)

    assert _counts() == first
    assert "Demo data already present; nothing added." in again.getvalue()
    assert "kab.gorontalo" in out.getvalue()
    assert Member.objects.count() == 200
    assert set(User.objects.filter(mfa_exempt=True).values_list("username", flat=True)) == {
        "admin",
        "prov.gorontalo",
        "kab.gorontalo",
        "tksk",
        "psm",
        "mitra.dinsos",
    }
