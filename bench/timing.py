"""Timing for the benchmarks: the median of a few runs after a warm-up (this machine is shared
and noisy; the median is the figure to report)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(run: Callable[[], object], repeats: int = 3) -> float:
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(runs: dict[str, Callable[[], object]], repeats: int = 5) -> dict[str, float]:
    """Median seconds of each run, the runs taken in turn (A B A B ...) after one warm-up each, so
    that a load on the shared machine falls on all of them alike: their ratio is the figure."""
    for run in runs.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}
