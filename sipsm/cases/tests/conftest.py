"""Fixtures of the casework tests."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.cases.models import Case
from sipsm.cases.tests.support import make_case


@pytest.fixture
def case(world: Any) -> Case:
    """A street child found in village_a by the PSM psm.a, its worker."""
    return make_case(world)
