"""Reporting's tests run without aid figures unless a test plugs in a provider of its own
(`sipsm.reporting.aid`): what they assert must not depend on the aid app's state. The aid app
tests its provider itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sipsm.reporting.aid import _load


@pytest.fixture(autouse=True)
def no_aid_figures(settings: Any) -> Iterator[None]:
    settings.SIPSM_REPORTING_AID_PROVIDER = "sipsm.reporting.aid.NullAidProvider"
    _load.cache_clear()
    yield
    _load.cache_clear()
