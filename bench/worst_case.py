"""Each training page's most expensive run, as the page runs it (issue 14: no single run may
hold a training worker for more than ~10 s).

    .venv/bin/python -m bench.worst_case            # JSON on stdout, one line per run on stderr

Every corner runs once in a worker (actlib/offload.py) with ui.training's CPU limit; the
output gives wall seconds, the worker's CPU seconds (what the limit counts; wall time grows
with whatever else the machine runs) and whether it finished or was stopped at the limit.
"""
from __future__ import annotations

import json
import os
import sys
import time

from deploy.processes import cpu_seconds, rss_mb


# Each training page's most expensive corner of its controls (views/*.py ranges): the ReLU
# page's every maximum at batch 1 and at full batch (its largest arrays); a gate
# success-rate run (SEEDS_PER_RUN seeds, 16 hidden units, 5000 epochs, Mish, the costliest
# activation there); the perceptron's 1000 seeds × 5000 epochs × 6 gates. Each is run as
# the page runs it: ui.training's CPU limit.
def worst_corners() -> dict:
    from actlib.nets import approx, gates, perceptron
    from actlib.nets.datasets import GATE_INPUTS, GATES
    from ui.training import SEEDS_PER_RUN
    widest = (32,) * 8
    return {
        "relu: 64 seeds x 1000 epochs, batch 1, 8x32 | 8x32, gelu": (
            approx.fit_parallel_vs_serial, True, dict(
                seeds=tuple(range(64)), epochs=1000, batch_size=1, activation="gelu",
                parallel=widest, serial=widest)),
        "relu: 64 seeds, full batch (2001), 8x32 | 8x32, gelu (the longest numpy calls)": (
            approx.fit_parallel_vs_serial, True, dict(
                seeds=tuple(range(64)), epochs=1000, batch_size=approx.N_POINTS,
                activation="gelu", parallel=widest, serial=widest)),
        "relu sweep: 4 seeds x 20 epochs x 10 nets, batch 1, 8x32": (
            approx.lr_sweep, True, dict(seeds=(0, 1, 2, 3), widths=widest, epochs=20,
                                        batch_size=1)),
        "relu: the course's run (8 seeds x 100 epochs, batch 32, 6 | 2-2-2)": (
            approx.fit_parallel_vs_serial, True, dict(seeds=tuple(range(8)))),
        f"gates: one success-rate run ({SEEDS_PER_RUN} seeds x 5000 epochs, 16 mish units)": (
            gates.success_rate, False, dict(gate="XOR", setup="hidden", hidden=16,
                                            activation="mish", epochs=5000,
                                            seeds=range(SEEDS_PER_RUN))),
        "perceptron: 1000 seeds x 5000 epochs x 6 gates": (
            perceptron.gate_success, False, dict(
                X=GATE_INPUTS, tables={k: GATES[k][1] for k in GATES}, epochs=5000,
                seeds=range(1000))),
    }


def worst_case() -> dict:
    """Each corner once in a worker, as the page runs it: wall seconds, the worker's CPU
    seconds, whether it finished or hit the CPU limit, and the worker's RSS afterwards
    (what a worker keeps after big runs)."""
    from actlib import offload
    from ui.training import RUN_CPU_LIMIT_S
    offload.run_in_worker(os.getpid)                  # a started worker: no start-up below
    out = {"a started worker": {"worker_rss_mb_after": round(
        rss_mb(offload.snapshot()["pids"][0]), 1)}}
    for name, (fn, progress, kwargs) in worst_corners().items():
        [pid] = offload.snapshot()["pids"][:1]
        cpu0, t0 = cpu_seconds(pid), time.perf_counter()
        try:
            offload.run_in_worker(fn, on_progress=(lambda e, n: None) if progress else None,
                                  cpu_limit=RUN_CPU_LIMIT_S, **kwargs)
            outcome = "finished"
        except offload.TooLong:
            outcome = f"stopped at the {RUN_CPU_LIMIT_S:g} s CPU limit"
        out[name] = {"wall_s": round(time.perf_counter() - t0, 2),
                     "worker_cpu_s": round(cpu_seconds(pid) - cpu0, 2), "outcome": outcome,
                     "worker_rss_mb_after": round(rss_mb(pid), 1)}
        print(f"{name}: {out[name]}", file=sys.stderr)
    return {"cpu_limit_s": RUN_CPU_LIMIT_S, "load_average": os.getloadavg()[0], "runs": out}


if __name__ == "__main__":
    print(json.dumps(worst_case(), indent=1))
