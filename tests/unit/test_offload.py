"""actlib.offload: a training run in a worker process gives the same answer as in-process,
reports its progress back and re-raises its errors; and it survives a class: a killed worker
is replaced, a run nobody waits for frees its worker, one owner has at most one run, queued
runs are served in arrival order, and a run's CPU time is bounded.

Bounds such as "within 20 s" below are not timings: each is far below what the run it
guards against would take (minutes), so only the behaviour decides the outcome.
"""
import os
import signal
import threading
import time

import numpy as np
import pytest

from actlib.nets import approx, gates

from actlib import offload
from actlib.offload import run_in_worker
from ui.i18n import LANGS, catalogue

from tests.workers import worker_pids

FAST = dict(seeds=(0, 1), epochs=8, lr=0.005, batch_size=32, noise=10.0)
SLOW = dict(seeds=tuple(range(64)), epochs=1000)            # minutes on one core
SLOW_SILENT = dict(gate="XOR", setup="hidden", hidden=16, epochs=5000, seeds=range(1000))
# The ReLU page's longest epochs: full batch, 64 seeds, 8 layers of 32 GELU units in both
# nets. One epoch lasts several times LONG_EPOCH_BOUND_S (bench.worst_case runs this corner),
# so a cancel seen only at the end of an epoch (in the progress callback) cannot pass.
LONG_EPOCH = dict(seeds=tuple(range(64)), epochs=1000, batch_size=approx.N_POINTS,
                  activation="gelu", parallel=(32,) * 8, serial=(32,) * 8)
LONG_EPOCH_BOUND_S = 3.0


class GaveUp(Exception):
    pass


def give_up_after(seconds: float):
    """A stop_check that ends the wait after `seconds` (a caller that stops waiting)."""
    end = time.monotonic() + seconds
    def check():
        if time.monotonic() > end:
            raise GaveUp
    return check


def give_up_when(event: threading.Event):
    def check():
        if event.is_set():
            raise GaveUp
    return check


def wait_until(condition, seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.02)


def idle() -> bool:
    state = offload.snapshot()
    return not state["running"] and not state["queued"]


def in_thread(fn, *args, **kwargs) -> dict:
    """Run fn in a thread; the returned dict gets 'result' or 'error' when it ends."""
    out = {}
    def run():
        try:
            out["result"] = fn(*args, **kwargs)
        except BaseException as exc:
            out["error"] = exc
    out["thread"] = threading.Thread(target=run, daemon=True)
    out["thread"].start()
    return out


def test_same_result_as_in_process_and_progress_reaches_the_caller():
    reports = []
    fit = run_in_worker(approx.fit_parallel_vs_serial,
                        on_progress=lambda e, n: reports.append((e, n)), **FAST)
    here = approx.fit_parallel_vs_serial(**FAST)
    for arch in ("parallel", "serial"):
        np.testing.assert_array_equal(fit[arch].mse, here[arch].mse)
        np.testing.assert_array_equal(fit[arch].predictions, here[arch].predictions)
    assert all(n == FAST["epochs"] and 0 < e <= n for e, n in reports)
    assert reports == sorted(reports)


def test_without_progress_no_callback_is_passed():
    rate = run_in_worker(gates.success_rate, gate="AND", setup="linear", epochs=200,
                         seeds=range(4))
    assert rate == gates.fit_gate("AND", "linear", epochs=200, seeds=range(4)).success_rate


def test_errors_come_back_as_themselves_and_the_worker_is_free_again():
    with pytest.raises(ValueError, match="hidden layer"):
        run_in_worker(approx.fit_parallel_vs_serial, on_progress=lambda e, n: None,
                      seeds=(0,), parallel=(0,))
    run_in_worker(approx.fit_parallel_vs_serial, on_progress=lambda e, n: None, **FAST)
    assert idle()


def test_a_killed_worker_fails_its_run_with_a_typed_error_and_the_next_run_works():
    started = threading.Event()
    run = in_thread(run_in_worker, approx.fit_parallel_vs_serial,
                    on_progress=lambda e, n: started.set(), **SLOW)
    assert started.wait(60)                              # training, not starting up
    victims = worker_pids()
    for pid in victims:
        os.kill(pid, signal.SIGKILL)                     # as the OOM killer would
    run["thread"].join(30)
    assert isinstance(run.get("error"), offload.WorkerDied)
    for lang in LANGS:                                   # the page can say it in every language
        assert catalogue(lang)[run["error"].key]
    pid = run_in_worker(os.getpid)                       # the next call works
    assert pid not in victims and pid in worker_pids()


def test_a_caller_that_stops_waiting_frees_the_worker():
    """As Streamlit does on a rerun or a closed tab: the progress callback raises."""
    pids = worker_pids() or [run_in_worker(os.getpid)]
    leave = threading.Event()

    def progress(epoch, epochs):
        if leave.is_set():
            raise GaveUp
    run = in_thread(run_in_worker, approx.fit_parallel_vs_serial, on_progress=progress, **SLOW)
    time.sleep(1.0)                                      # well into its minutes of work
    leave.set()
    run["thread"].join(30)
    assert isinstance(run.get("error"), GaveUp)
    # A second call finishes in about its own time, not after the first's minutes, on the
    # same worker: the run was stopped, not its process killed.
    second = in_thread(run_in_worker, os.getpid)
    second["thread"].join(20)
    assert second.get("result") in pids
    wait_until(idle, 5)


def test_a_run_cancelled_mid_epoch_frees_its_worker_for_the_next_small_call():
    """A student reruns the page while the first, endless epoch trains: the next small call
    (os.getpid, no work) answers well before that epoch could have ended, on the same
    worker, and the abandoned run reported no epoch: it was stopped inside it."""
    pids = worker_pids() or [run_in_worker(os.getpid)]
    run_in_worker(os.getpid, stop_check=give_up_after(60))        # a worker that is free
    reports, leave = [], threading.Event()
    run = in_thread(run_in_worker, approx.fit_parallel_vs_serial,
                    on_progress=lambda e, n: reports.append(e), stop_check=give_up_when(leave),
                    **LONG_EPOCH)
    wait_until(lambda: offload.snapshot()["running"])
    time.sleep(1.0)                                      # inside the first epoch
    leave.set()
    t0 = time.monotonic()
    pid = run_in_worker(os.getpid, stop_check=give_up_after(60))
    took = time.monotonic() - t0
    run["thread"].join(10)
    assert isinstance(run.get("error"), GaveUp)
    assert not reports                                   # no epoch ended before the cancel
    assert took < LONG_EPOCH_BOUND_S
    assert pid in pids                                   # the run stopped; its worker lives
    wait_until(idle, 5)


def test_a_run_without_progress_reports_is_stopped_too():
    pids = worker_pids() or [run_in_worker(os.getpid)]
    leave = threading.Event()
    run = in_thread(run_in_worker, gates.success_rate, stop_check=give_up_when(leave),
                    **SLOW_SILENT)
    wait_until(lambda: offload.snapshot()["running"])
    time.sleep(0.5)
    leave.set()
    run["thread"].join(10)
    assert isinstance(run.get("error"), GaveUp)
    pid = run_in_worker(os.getpid, stop_check=give_up_after(20))
    assert pid in pids                                   # stopped by its signal, not killed
    wait_until(idle, 5)


def test_a_new_run_of_the_same_owner_replaces_the_old_one():
    first = in_thread(run_in_worker, approx.fit_parallel_vs_serial, owner="tab 1",
                      on_progress=lambda e, n: None, **SLOW)
    wait_until(lambda: "tab 1" in offload.snapshot()["running"])
    second = run_in_worker(approx.fit_parallel_vs_serial, owner="tab 1",
                           on_progress=lambda e, n: None, stop_check=give_up_after(60), **FAST)
    first["thread"].join(10)
    assert isinstance(first.get("error"), offload.Replaced)
    np.testing.assert_array_equal(second["parallel"].mse,
                                  approx.fit_parallel_vs_serial(**FAST)["parallel"].mse)
    wait_until(idle, 5)


def test_queued_runs_wait_in_arrival_order_and_know_how_many_are_ahead():
    n_workers = len(offload.snapshot()["pids"]) or offload.workers()
    leave = threading.Event()
    blockers = [in_thread(run_in_worker, approx.fit_parallel_vs_serial, owner=f"busy {i}",
                          on_progress=lambda e, n: None, stop_check=give_up_when(leave),
                          **SLOW) for i in range(n_workers)]
    wait_until(lambda: len(offload.snapshot()["running"]) == n_workers)
    seen = {name: [] for name in "abc"}
    waiting = []
    for name in "abc":
        waiting.append(in_thread(run_in_worker, os.getpid, owner=name,
                                 on_queue=seen[name].append, stop_check=give_up_after(60)))
        wait_until(lambda: name in offload.snapshot()["queued"])
    assert offload.snapshot()["queued"] == ["a", "b", "c"]
    wait_until(lambda: all(seen[k] for k in "abc"))
    assert (seen["a"][0], seen["b"][0], seen["c"][0]) == (0, 1, 2)
    leave.set()                                          # the long runs' callers leave
    for run in blockers + waiting:
        run["thread"].join(30)
    assert all("result" in run for run in waiting)
    for counts in seen.values():                         # ahead only ever shrinks
        ahead = [n for n in counts if n is not None]
        assert ahead == sorted(ahead, reverse=True)
    wait_until(idle, 5)


def test_a_run_over_its_cpu_limit_stops_with_a_typed_error():
    with pytest.raises(offload.TooLong) as stopped:
        run_in_worker(gates.success_rate, cpu_limit=0.5, **SLOW_SILENT)
    assert stopped.value.limit == 0.5 and catalogue("ko")[stopped.value.key]
    assert run_in_worker(gates.success_rate, gate="AND", setup="linear", epochs=200,
                         seeds=range(4), cpu_limit=30) == 0.75


def test_a_success_rate_split_into_runs_equals_one_run_over_every_seed():
    from ui.training import SEEDS_PER_RUN, train_share
    setting = dict(gate="XOR", setup="hidden", hidden=3, activation="relu", epochs=300)
    seeds = range(2 * SEEDS_PER_RUN + 50)                 # three runs: 100, 100 and 50 seeds
    assert train_share(gates.success_rate, seeds=seeds, **setting) == \
        gates.success_rate(seeds=seeds, **setting)
