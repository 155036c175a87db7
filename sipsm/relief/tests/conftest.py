"""Fixtures of the relief tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def incident(world: Any) -> Any:
    from sipsm.relief.tests.support import make_incident

    return make_incident(world)
