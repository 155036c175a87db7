"""Inequality of a share (e.g. PSM coverage) across regions: Gini coefficient and Theil index.

Both are 0 when every region has the same value. The Gini coefficient is at most 1 - 1/n (one
region has everything); the Theil T index at most ln(n). Each region weighs the same (a
region, not a person, is the unit: the question is whether some regions are left behind).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def gini(values: Sequence[float]) -> float | None:
    """Mean absolute difference between all pairs, over twice the mean (None: no data, or
    every value is zero)."""
    n = len(values)
    total = sum(values)
    if n == 0 or total <= 0:
        return None
    ordered = sorted(values)
    # Sum over i of (2i - n - 1) * x_i with 1-based ranks: the sorted form of the pair sum.
    weighted = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(ordered))
    return weighted / (n * total)


def theil(values: Sequence[float]) -> float | None:
    """Theil T: mean of (x/mean) * ln(x/mean), with 0 * ln 0 = 0."""
    n = len(values)
    total = sum(values)
    if n == 0 or total <= 0:
        return None
    mean = total / n
    return sum((x / mean) * math.log(x / mean) for x in values if x > 0) / n
