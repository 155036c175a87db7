"""Fixtures of the people tests."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.people.models import Person
from sipsm.people.tests.support import make_person


@pytest.fixture
def child(world: Any) -> Person:
    """Andi Saputra, born 9 June 2014, registered in village_a by its PSM."""
    return make_person(world)
