"""Cancel latency (issue 14): a run nobody waits for any more ends and frees its worker.

    .venv/bin/python -m bench cancel                 # the two cases below, beside the target
    .venv/bin/python -m bench.cancel                 # every try as JSON (stderr: one per try)

For each training page's most expensive corner (bench/worst_case.py) and the Depth page's
runs, a run is started in a worker (as the page starts it: progress callback or none), left
to train for a moment, and then abandoned in the two ways a page abandons it:
- "left": the caller stops waiting (its stop_check raises, as Streamlit's rerun or a closed
  tab makes ui.training's check raise); measured from the moment the stop is requested to
  the moment the pool reports the worker free (offload.snapshot()["busy_pids"] empty);
- "replaced": the same owner starts a new small run (os.getpid) in its place; measured from
  that call to its answer, i.e. a second run that waits for nothing but its own work.
Both include the caller's polling (offload.POLL_S) and the worker's reaction. The machine's
load average is reported beside the figures: on a shared machine it stretches every step.
"""
from __future__ import annotations

import functools
import importlib
import json
import os
import random
import statistics
import sys
import threading
import time

from bench.timing import Case

TARGET_S = 0.2               # issue 14: a run nobody waits for ends within ~0.2 s
TRIES = 3                    # per corner and way of leaving


class _Left(Exception):
    """The caller stopped waiting (a rerun, a closed tab)."""


def corners() -> dict:
    """bench/worst_case.py's corners plus the Depth page's runs: name → (fn, progress, kwargs)."""
    from actlib.lessons.depth import born_dead, regions, signal
    from bench.worst_case import worst_corners
    out = dict(worst_corners())
    out["depth: born-dead table, 4000 trials"] = (
        born_dead.table, True, dict(trials=4000, scheme="he", activation="relu"))
    out["depth: region counts before/after training, yours 10 x 64"] = (
        regions.before_after, True, dict(arrangements=tuple(regions.ARRANGEMENTS) + ((64,) * 10,),
                                         seeds=tuple(range(8)), activation="relu",
                                         scheme="he", bias_std=regions.BIAS_STD, epochs=300))
    out["depth: deep training, 30 layers of 64"] = (signal.train_deep, True, dict(epochs=8))
    return out


def _import(name: str) -> None:
    importlib.import_module(name)


def _busy() -> bool:
    from actlib import offload
    return bool(offload.snapshot()["busy_pids"])


def _wait_until(condition, seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError("the pool did not reach the expected state")
        time.sleep(0.002)


def one_try(fn, progress: bool, kwargs: dict, how: str,
            rng: random.Random) -> float | None:
    """Seconds from abandoning a running `fn(**kwargs)` to the worker free ("left") or to a
    small run of the same owner answered ("replaced"); None if it finished first."""
    from actlib import offload
    leave = threading.Event()

    def stop_check():
        if leave.is_set():
            raise _Left

    def first():
        try:
            offload.run_in_worker(fn, on_progress=(lambda e, n: None) if progress else None,
                                  owner="student", stop_check=stop_check, **kwargs)
        except (_Left, offload.TrainingStopped):
            pass
    thread = threading.Thread(target=first, daemon=True)
    _wait_until(lambda: not _busy())
    thread.start()
    _wait_until(lambda: "student" in offload.snapshot()["running"])
    time.sleep(rng.uniform(0.1, 0.6))                # somewhere inside its work
    if not _busy():                                  # a quick corner: nothing to cancel
        thread.join(30)
        return None
    t0 = time.perf_counter()
    if how == "left":
        leave.set()
        _wait_until(lambda: not _busy(), 30)
    else:
        offload.run_in_worker(os.getpid, owner="student")
    seconds = time.perf_counter() - t0
    thread.join(30)
    return seconds


@functools.lru_cache(maxsize=1)
def measure() -> dict:
    """Every corner TRIES times each way: the tries, their median and maximum, the load."""
    from actlib import offload
    rng, load0 = random.Random(14), os.getloadavg()[0]
    tries = {}
    for name, (fn, progress, kwargs) in corners().items():
        # a started worker that has imported fn's module: the first run of a fresh worker
        # imports it with signals blocked, which is start-up, not cancelling
        offload.run_in_worker(_import, name=fn.__module__)
        for how in ("left", "replaced"):
            got = [one_try(fn, progress, kwargs, how, rng) for _ in range(TRIES)]
            got = [round(s, 4) for s in got if s is not None]    # (finished: not counted)
            tries[f"{name} [{how}]"] = got
            print(f"{name} [{how}]: {got}", file=sys.stderr)
    every = [s for got in tries.values() for s in got]
    return {"target_s": TARGET_S, "median_s": statistics.median(every), "max_s": max(every),
            "load_average": [load0, os.getloadavg()[0]], "workers": offload.workers(),
            "tries_s": tries}


CASES = [
    Case("cancel latency, median over the worst corners", lambda: measure()["median_s"],
         TARGET_S, note="abandoned run → worker free, or → a new small run answered"),
    Case("cancel latency, maximum over the worst corners", lambda: measure()["max_s"],
         TARGET_S, note="a loaded machine stretches the tail; see load_average in -m bench.cancel"),
]


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1))
