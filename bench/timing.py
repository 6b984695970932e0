"""Shared timing helper for the benchmarks: medians, because these machines are noisy."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeat: int, *, warmup: bool = True) -> float:
    """Median wall time of `repeat` calls in milliseconds (after one unmeasured call)."""
    if warmup:
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)
