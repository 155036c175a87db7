"""Relief tests need `sipsm.relief` in INSTALLED_APPS: run them with
`--ds=sipsm.relief.tests.settings` until the app is added to sipsm/settings.py (before that,
a plain run of the whole suite skips this folder instead of failing to import the models)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings

if "sipsm.relief" not in django_settings.INSTALLED_APPS:
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture
def incident(world: Any) -> Any:
    from sipsm.relief.tests.support import make_incident

    return make_incident(world)


@pytest.fixture(autouse=True)
def _relief_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "sipsm.relief.tests.urls"
