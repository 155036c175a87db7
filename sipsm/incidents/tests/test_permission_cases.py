"""Runs this app's permission cases that the project matrix does not list yet (once
sipsm/core/tests/permission_cases.py merges them, nothing is left here to run)."""

from __future__ import annotations

from typing import Any

import pytest

from sipsm.core.tests import test_permission_matrix as matrix
from sipsm.core.tests.permission_cases import CASES as PROJECT_CASES
from sipsm.incidents.tests.permission_cases import CASES

pytestmark = pytest.mark.django_db
PENDING = [case for case in CASES if not any(case is known for known in PROJECT_CASES)]


@pytest.mark.parametrize("case", PENDING, ids=[c.id for c in PENDING])
def test_the_case_answers_each_persona_as_it_says(case: Any, settings: Any, tmp_path: Any) -> None:
    matrix.test_it_answers_each_persona_as_the_matrix_says(case, settings, tmp_path)
