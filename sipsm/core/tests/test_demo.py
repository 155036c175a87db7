"""`sipsm seed_demo` builds the demo once; a second run adds nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from sipsm.accounts.models import User
from sipsm.registry.models import Member

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith(("accounts", "registry", "incidents", "core"))
        or model._meta.app_label
        in {"coordination", "training", "notifications", "aid", "reporting"}
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


def test_it_seeds_an_aid_period_ticks_and_psm_activities(settings: Any, tmp_path: Any) -> None:
    from sipsm.aid.models import Complaint, KpmEntry, Tick
    from sipsm.reporting.models import Activity

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())

    assert KpmEntry.objects.count() == 36
    assert Tick.objects.count() == 8
    assert Complaint.objects.count() == 1
    assert Activity.objects.filter(recorded_by__username="psm").count() == 14


def test_it_refuses_to_seed_outside_demo_mode(settings: Any) -> None:
    settings.SIPSM_DEMO = False
    before = _counts()

    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo", stdout=StringIO())

    assert _counts() == before


def test_demo_accounts_need_a_second_factor_outside_demo_mode(settings: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    admin = User.objects.get(username="admin")
    assert admin.requires_mfa is False

    settings.SIPSM_DEMO = False

    assert admin.requires_mfa is True
