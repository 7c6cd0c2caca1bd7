"""Run a long computation in a worker process and follow its progress from here.

    from actlib.nets import approx
    from actlib.offload import run_in_worker
    fit = run_in_worker(approx.fit_parallel_vs_serial, seeds=(0, 1), on_progress=print)

`fn(**kwargs, callback=report)` runs in one of `workers()` processes (every core but one);
`report(epoch, epochs)` in the worker reaches `on_progress(epoch, epochs)` in the caller's
thread within ~POLL_S. Without on_progress it is `fn(**kwargs)`, and its own callback stays
None. The result (or the exception) comes back pickled.

Why: a web server runs every session in one process under one GIL, and training a small
network is seconds of small numpy calls that hold it. In a worker process a training run
competes for a core, which the operating system shares fairly, not for the GIL.

What a class needs besides (docs/operations.md, "A whole class at once"):
- **Runs end when nobody waits.** When the caller stops waiting (its thread is interrupted,
  or `stop_check()` raises, as Streamlit's rerun/stop does), the run is cancelled: a queued
  run is dropped; a running one is interrupted by a SIGUSR1 between two numpy calls (and
  sees a cancel flag in `report`); a worker that has not stopped KILL_AFTER_S later is
  killed and replaced. The worker is then free for the next run.
- **Fair sharing.** Runs wait in one queue in arrival order; `on_queue(ahead)` tells a
  queued caller how many runs are before it. A caller may name an `owner` (a session): a
  new run of the same owner replaces the old one, so one student has at most one run.
- **Bounded work.** `cpu_limit` stops a run after that many seconds of the worker's CPU
  time (a SIGPROF from setitimer): TooLong. CPU time, not wall time, so whether a setting
  fits does not depend on how busy the machine is.
- **The pool heals.** A worker that dies (kill -9, the OOM killer) is replaced; the run that
  was on it raises WorkerDied, whose `key` names a translated message; the next run works.

One dispatcher thread owns the workers' pipes: it hands queued runs to idle workers and
reads their answers. Workers are started with "spawn": the server has threads, and forking a
threaded process can copy a held lock. Progress and the cancel flag travel through a small
shared array per worker, (epoch, epochs, number of the run to cancel).
"""
from __future__ import annotations

import atexit
import itertools
import multiprocessing
import os
import signal
import threading
import time
import traceback
from multiprocessing.connection import wait as wait_any
from typing import Callable, Hashable

POLL_S = 0.05                # how often a waiting caller reports progress and checks stop
KILL_AFTER_S = 5.0           # a cancelled run that has not stopped by then: kill its worker


class TrainingStopped(RuntimeError):
    """A run that ended without a result; `key` names its translated message (locales/)."""
    key = "training.stopped"


class WorkerDied(TrainingStopped):
    """The worker process running this call ended abruptly (killed, out of memory)."""
    key = "training.worker_died"

    def __init__(self, message: str = "the training process stopped unexpectedly"):
        super().__init__(message)


class TooLong(TrainingStopped):
    """The run used up its CPU-time limit (`cpu_limit` seconds) and was stopped."""
    key = "training.too_long"

    def __init__(self, limit: float = 0.0):
        super().__init__(f"stopped after {limit:g} s of CPU time")
        self.limit = limit


class Replaced(TrainingStopped):
    """A newer run of the same owner took this one's place."""
    key = "training.replaced"

    def __init__(self, message: str = "replaced by a newer run of the same owner"):
        super().__init__(message)


def workers() -> int:
    """Worker processes: ACTLAB_WORKERS if set, else every core but one; at least one."""
    wanted = os.environ.get("ACTLAB_WORKERS", "")
    return max(1, int(wanted) if wanted.isdigit() else (os.cpu_count() or 2) - 1)


# ---- in the worker process ----------------------------------------------------------------
class _Stop(BaseException):
    """Raised inside a cancelled run (BaseException: a run's `except Exception` keeps it)."""


class _OutOfTime(_Stop):
    """Raised inside a run that used up its CPU-time limit."""


_shared = None               # this worker's (epoch, epochs, run to cancel)
_running = 0                 # number of the run in progress here, 0 between runs


def _report(epoch: int, epochs: int) -> None:
    _shared[0], _shared[1] = epoch, epochs
    if _shared[2] == _running:
        raise _Stop


def _on_cancel_signal(signum, frame) -> None:
    if _running and _shared[2] == _running:
        raise _Stop


def _on_cpu_limit(signum, frame) -> None:
    if _running:
        raise _OutOfTime


_SIGNALS = {signal.SIGUSR1, signal.SIGPROF}    # cancel; CPU-time limit reached


def _run_one(number: int, fn: Callable, kwargs: dict, with_progress: bool,
             cpu_limit: float | None) -> tuple:
    global _running
    if _shared[2] == number:       # cancelled while this worker was starting up
        return "cancelled", number, None
    _running = number
    try:
        try:
            if cpu_limit:          # ITIMER_PROF counts this process's CPU time, all threads
                signal.setitimer(signal.ITIMER_PROF, cpu_limit)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
            return "ok", number, (fn(**kwargs, callback=_report) if with_progress
                                  else fn(**kwargs))
        finally:                   # no cancel signal between runs
            signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
            signal.setitimer(signal.ITIMER_PROF, 0)
            _running = 0
    except _OutOfTime:
        return "too_long", number, cpu_limit
    except _Stop:
        return "cancelled", number, None
    except Exception as exc:
        return "error", number, exc


def _serve(conn, shared) -> None:
    """A worker's life: take a run from the pipe, answer with its outcome, repeat."""
    global _shared
    _shared = shared
    signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    signal.signal(signal.SIGUSR1, _on_cancel_signal)
    signal.signal(signal.SIGPROF, _on_cpu_limit)
    signal.signal(signal.SIGINT, signal.SIG_IGN)          # Ctrl-C is for the server
    try:
        conn.send(("ready", 0, None))                     # from now on SIGUSR1 is handled
    except OSError:                                       # the server is gone already
        return
    while True:
        try:
            number, fn, kwargs, with_progress, cpu_limit = conn.recv()
        except (EOFError, OSError):                       # the server went away
            return
        answer = _run_one(number, fn, kwargs, with_progress, cpu_limit)
        try:
            conn.send(answer)
        except Exception as exc:                          # an unpicklable result or error
            conn.send(("error", number, RuntimeError(f"{type(exc).__name__}: {exc}")))


# ---- in the server process ----------------------------------------------------------------
class _Job:
    """One call: what to run, who owns it, and (once done) its outcome (kind, value)."""

    def __init__(self, number: int, fn: Callable, kwargs: dict, with_progress: bool,
                 owner: Hashable | None, cpu_limit: float | None):
        self.number, self.fn, self.kwargs = number, fn, kwargs
        self.with_progress, self.owner, self.cpu_limit = with_progress, owner, cpu_limit
        self.worker: _Worker | None = None
        self.outcome: tuple[str, object] | None = None
        self.done = threading.Event()

    def finish(self, kind: str, value=None) -> None:
        if not self.done.is_set():
            self.outcome = (kind, value)
            self.fn = self.kwargs = None             # release the arguments now
            self.done.set()


class _Worker:
    def __init__(self, context):
        self.shared = context.Array("d", 3, lock=False)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.shared),
                                       daemon=True, name="actlab-training")
        self.process.start()
        child.close()
        self.job: _Job | None = None
        self.kill_at: float | None = None            # set when its job was cancelled
        self.ready = False                           # SIGUSR1 would kill it before

    def stop(self) -> None:
        """End this worker for good (it is dead already, or will not stop)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


_lock = threading.Lock()
_context = multiprocessing.get_context("spawn")
_workers: list[_Worker] = []
_queue: list[_Job] = []      # waiting runs, in arrival order
_numbers = itertools.count(1)
_wake_read, _wake_write = None, None
_dispatcher: threading.Thread | None = None
_exiting = False


def _start() -> None:
    global _dispatcher, _wake_read, _wake_write
    with _lock:
        if _dispatcher is None:
            _wake_read, _wake_write = _context.Pipe(duplex=False)
            _workers.extend(_Worker(_context) for _ in range(workers()))
            atexit.register(_at_exit)       # runs before multiprocessing's own exit hook
            _dispatcher = threading.Thread(target=_dispatch_forever, daemon=True,
                                           name="actlab-offload")
            _dispatcher.start()


def _wake() -> None:
    _wake_write.send_bytes(b"!")


def _dispatch_forever() -> None:
    while True:
        try:
            _dispatch_once()
        except Exception:                            # keep serving; say what went wrong
            traceback.print_exc()
            time.sleep(POLL_S)


def _dispatch_once() -> None:
    """Hand out runs, kill workers that would not stop, then read what the workers said."""
    with _lock:
        _hand_out()
        now = time.monotonic()
        for w in [w for w in _workers if w.kill_at is not None and now > w.kill_at]:
            _replace(w)                              # a cancelled run that would not stop
        watched = {w.conn: w for w in _workers}
        watched.update({w.process.sentinel: w for w in _workers})
    for ready in wait_any([_wake_read, *watched], timeout=POLL_S):
        if ready is _wake_read:
            while _wake_read.poll():
                _wake_read.recv_bytes()
            continue
        with _lock:
            w = watched[ready]
            if w not in _workers:                    # replaced already (pipe and sentinel)
                continue
            if ready is w.conn:
                _receive(w)
            else:
                _replace(w)


def _hand_out() -> None:
    """Idle workers take the oldest queued runs (under _lock)."""
    for w in _workers:
        if w.job is not None or not _queue:
            continue
        job = _queue.pop(0)
        w.shared[0] = w.shared[1] = w.shared[2] = 0.0
        w.job, w.kill_at, job.worker = job, None, w
        try:
            w.conn.send((job.number, job.fn, job.kwargs, job.with_progress, job.cpu_limit))
        except (OSError, EOFError):                  # died idle: its sentinel is ready
            w.job, job.worker = None, None
            _queue.insert(0, job)
        except Exception as exc:                     # arguments that do not pickle
            w.job = None
            job.finish("error", exc)


def _receive(w: _Worker) -> None:
    try:
        kind, number, value = w.conn.recv()
    except (EOFError, OSError):
        _replace(w)
        return
    except Exception as exc:                          # an answer that does not unpickle
        kind, number, value = "error", getattr(w.job, "number", 0), exc
    if kind == "ready":
        w.ready = True
        if w.job is not None and w.job.done.is_set():    # cancelled while it started up
            _stop_run(w)
    elif w.job is not None and w.job.number == number:
        w.job.finish(kind, value)
        w.job, w.kill_at = None, None


def _replace(w: _Worker) -> None:
    """A new worker in w's place; w's run (if its caller still waits) ends as WorkerDied."""
    if w.job is not None:
        w.job.finish("died")
    w.stop()
    if not _exiting:                        # at exit multiprocessing ends every worker
        _workers[_workers.index(w)] = _Worker(_context)
    else:
        _workers.remove(w)


def _at_exit() -> None:
    global _exiting
    _exiting = True


def _cancel(job: _Job, kind: str = "cancelled") -> None:
    """End `job` for its caller now; free its worker soon (under _lock)."""
    if job.done.is_set():
        return
    w = job.worker
    job.finish(kind)
    if w is None:
        _queue.remove(job)
    elif w.job is job and w.kill_at is None:
        w.shared[2] = job.number                     # report() sees it at the next epoch
        if w.ready:                                  # (else it sees it before it starts)
            _stop_run(w)


def _stop_run(w: _Worker) -> None:
    """Interrupt w's cancelled run, which may report no progress; kill w if it will not stop."""
    w.kill_at = time.monotonic() + KILL_AFTER_S
    try:
        os.kill(w.process.pid, signal.SIGUSR1)
    except ProcessLookupError:                       # its sentinel tells the dispatcher
        pass


def _submit(fn: Callable, kwargs: dict, with_progress: bool, owner: Hashable | None,
            cpu_limit: float | None) -> _Job:
    _start()
    with _lock:
        if owner is not None:
            for old in [j for j in _queue + [w.job for w in _workers] if j is not None]:
                if old.owner == owner:
                    _cancel(old, "replaced")
        job = _Job(next(_numbers), fn, kwargs, with_progress, owner, cpu_limit)
        _queue.append(job)
    _wake()
    return job


def _ahead(job: _Job) -> int | None:
    """Runs queued before `job`; None once it has a worker."""
    with _lock:
        return _queue.index(job) if job in _queue else None


def run_in_worker(fn: Callable, /, *, on_progress: Callable[[int, int], None] | None = None,
                  owner: Hashable | None = None,
                  on_queue: Callable[[int | None], None] | None = None,
                  stop_check: Callable[[], None] | None = None,
                  cpu_limit: float | None = None, **kwargs):
    """fn(**kwargs, callback=…) in a worker process (no callback when on_progress is None); its
    result, or its exception re-raised. `fn` must be importable by name (a module-level
    function), its arguments and result picklable.

    Optional, keyword-only: `owner` (a new run of the same owner replaces this one, which
    then raises Replaced); `on_queue(ahead)` every POLL_S, ahead = runs queued before this
    one, None once a worker runs it; `stop_check()` every POLL_S: whatever it raises
    cancels the run and propagates; `cpu_limit` seconds of the worker's CPU time, after which
    the run stops and raises TooLong. Raises WorkerDied when the worker running it died.
    """
    job = _submit(fn, kwargs, on_progress is not None, owner, cpu_limit)
    try:
        while not job.done.wait(POLL_S):
            if stop_check is not None:
                stop_check()
            w = job.worker
            if on_queue is not None:
                on_queue(None if w is not None else _ahead(job))
            if w is None:
                continue
            # read once: the dispatcher zeroes the worker's numbers when the run ends,
            # possibly between a check and a second read (a soak saw epochs = 0 reach the
            # progress bar: ZeroDivisionError)
            epoch, epochs = int(w.shared[0]), int(w.shared[1])
            if on_progress is not None and w.job is job and epochs > 0:
                on_progress(min(epoch, epochs), epochs)
    finally:
        if not job.done.is_set():                    # the caller stopped waiting
            with _lock:
                _cancel(job)
            _wake()
    kind, value = job.outcome
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    if kind == "too_long":
        raise TooLong(value)
    raise {"died": WorkerDied, "replaced": Replaced}.get(kind, TrainingStopped)()


def snapshot() -> dict:
    """What the pool is doing: worker PIDs, owners of running and of queued runs."""
    with _lock:
        return {"pids": [w.process.pid for w in _workers],
                "running": [w.job.owner for w in _workers if w.job is not None],
                "busy_pids": [w.process.pid for w in _workers if w.job is not None],
                "queued": [j.owner for j in _queue]}
