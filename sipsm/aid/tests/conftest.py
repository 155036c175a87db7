"""Fixtures of the aid tests: a Program Sembako period, the world's PSM assigned to village_a."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.aid.tests.support import AidWorld, build_aid_world
from sipsm.testing import World


@pytest.fixture
def aid(world: World) -> AidWorld:
    return build_aid_world(world)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks
