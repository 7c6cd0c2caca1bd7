"""Run a long computation in a worker process and follow its progress from here.

    from actlib import approx
    from actlib.offload import run_in_worker
    fit = run_in_worker(approx.fit_parallel_vs_serial, seeds=(0, 1), on_progress=print)

`fn(**kwargs, callback=report)` runs in one of at most `cpu_count − 1` worker processes (one
core stays with the caller); `report(epoch, epochs)` in the worker reaches
`on_progress(epoch, epochs)` in the caller's thread within ~0.1 s. Without on_progress (or
when every progress slot is taken) it is `fn(**kwargs)`, and its own callback stays None.
The result (or the exception) comes back pickled. Calls beyond the number of workers wait
their turn.

Why: a web server runs every session in one process under one GIL, and training a small
network is seconds of small numpy calls that hold it. Three students training at once took
the GIL from everyone moving a slider (README, "A whole class at once"). In a worker process
a training run competes for a core, which the operating system shares fairly, not for the GIL.

Progress travels through shared memory, not a queue: each call borrows one slot of a shared
array (epoch, epochs) that the worker writes and the caller reads. Workers are started with
"spawn": the server has threads, and forking a threaded process can copy a held lock.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as StillRunning
from typing import Callable

SLOTS = 256                  # calls that can report progress at once; more run without it
POLL_S = 0.1

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_progress = None             # multiprocessing.Array('d', 2 * SLOTS): (epoch, epochs) per slot
_free: list[int] = []
_slots = None                # the worker's view of _progress


def workers() -> int:
    """Worker processes: every core but one, at least one."""
    return max(1, (os.cpu_count() or 2) - 1)


def _start() -> ProcessPoolExecutor:
    global _pool, _progress, _free
    with _lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")
            _progress = context.Array("d", 2 * SLOTS, lock=False)
            _free = list(range(SLOTS))
            _pool = ProcessPoolExecutor(workers(), mp_context=context,
                                        initializer=_attach, initargs=(_progress,))
        return _pool


def _attach(progress) -> None:                      # in the worker, once
    global _slots
    _slots = progress


def _work(fn: Callable, slot: int | None, kwargs: dict):   # in the worker, per call
    if slot is None:                                # nobody follows this one's progress
        return fn(**kwargs)

    def report(epoch: int, epochs: int) -> None:
        _slots[2 * slot], _slots[2 * slot + 1] = epoch, epochs
    return fn(**kwargs, callback=report)


def _borrow() -> int | None:
    """A free progress slot, zeroed; None when all are taken (that call shows no progress)."""
    with _lock:
        slot = _free.pop() if _free else None
    if slot is not None:
        _progress[2 * slot] = _progress[2 * slot + 1] = 0.0
    return slot


def _give_back(slot: int | None) -> None:
    if slot is not None:
        with _lock:
            _free.append(slot)


def run_in_worker(fn: Callable, /, *, on_progress: Callable[[int, int], None] | None = None,
                  **kwargs):
    """fn(**kwargs, callback=…) in a worker process (no callback when on_progress is None); its
    result, or its exception re-raised. `fn` must be importable by name (a module-level
    function), its arguments and result picklable."""
    pool = _start()
    slot = None if on_progress is None else _borrow()
    try:
        future = pool.submit(_work, fn, slot, kwargs)
    except BaseException:
        _give_back(slot)
        raise
    # The slot is free again when the worker is done with it, not when this caller stops
    # waiting (a rerun can interrupt it): else the next call could read a stale report.
    future.add_done_callback(lambda _: _give_back(slot))
    try:
        while True:
            try:
                return future.result(timeout=POLL_S)
            except StillRunning:
                epochs = int(_progress[2 * slot + 1]) if slot is not None else 0
                if epochs > 0:
                    on_progress(int(_progress[2 * slot]), epochs)
    finally:
        future.cancel()                    # if the caller gave up before it started
