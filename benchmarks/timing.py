"""Small timing helpers: wall-clock seconds with perf_counter, and summary statistics."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    p95: float
    mean: float
    total: float

    def as_data(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "median_s": self.median,
            "p95_s": self.p95,
            "mean_s": self.mean,
            "total_s": self.total,
        }


def summarize(samples: Sequence[float]) -> Summary:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))
    return Summary(
        n=len(ordered),
        median=statistics.median(ordered),
        p95=ordered[rank],
        mean=statistics.fmean(ordered),
        total=sum(ordered),
    )


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result
