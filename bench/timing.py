"""What a case module is made of: `Case` and `best_time`.

A case module (any bench/*.py with a top-level `CASES` list) builds `Case(name, run,
target, unit, higher_is_better, note)` objects; `run()` returns the measured figure in
`unit` (seconds for timings, so a target reads "≤ 0.002"); `higher_is_better` flips the
comparison for ratios like speed-ups.

`best_time` measures wall time by default (what a user waits for). A figure about a
server's CPU takes `clock=time.process_time`: this process's CPU seconds over all its
threads, without the time spent waiting for a core, so it does not grow with the load of
a shared machine the way wall time does.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Case:
    name: str
    run: Callable[[], float]
    target: float
    unit: str = "s"
    higher_is_better: bool = False
    note: str = ""


def best_time(fn: Callable[[], object], repeat: int = 7, number: int | None = None,
              clock: Callable[[], float] = time.perf_counter) -> float:
    """Best-of-`repeat` seconds per call by `clock`; `number` calls per repeat (auto: ≥ 20 ms
    a repeat)."""
    fn()                                          # warm caches and imports
    if number is None:
        number, t0 = 1, clock()
        fn()
        once = clock() - t0
        number = max(1, int(0.02 / max(once, 1e-9)))
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        for _ in range(number):
            fn()
        best = min(best, (clock() - t0) / number)
    return best
