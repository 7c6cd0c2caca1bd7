"""actlib.offload: a training run in a worker process gives the same answer as in-process,
reports its progress back, and re-raises its errors."""
import time

import numpy as np
import pytest

from actlib import approx, gates, offload
from actlib.offload import run_in_worker

FAST = dict(seeds=(0, 1), epochs=8, lr=0.005, batch_size=32, noise=10.0)


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


def test_errors_come_back_as_themselves_and_the_slot_is_returned():
    with pytest.raises(ValueError, match="hidden layer"):
        run_in_worker(approx.fit_parallel_vs_serial, on_progress=lambda e, n: None,
                      seeds=(0,), parallel=(0,))
    run_in_worker(approx.fit_parallel_vs_serial, on_progress=lambda e, n: None, **FAST)
    deadline = time.monotonic() + 5      # the slot comes back from the pool's own thread
    while len(offload._free) < offload.SLOTS and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(offload._free) == offload.SLOTS
