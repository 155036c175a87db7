"""Permission matrix cases of this app (see sipsm/core/tests/permission_cases.py)."""

from __future__ import annotations

from sipsm.core.tests.matrix import Case

CASES: list[Case] = []
