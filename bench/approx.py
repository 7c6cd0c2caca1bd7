"""The ReLU approximation experiment and the mlp core it runs on.

The course's experiment: both 19-parameter nets (6 parallel ReLUs; 2-2-2 serial) × 8 seeds,
100 epochs, batch 32, 2001 points, trained in one batched actlib.nets.mlp run.
"""
from __future__ import annotations

from actlib.nets import approx, mlp
from bench.timing import Case, best_time

SEEDS = tuple(range(8))


def course_time() -> float:
    return best_time(lambda: approx.fit_parallel_vs_serial(seeds=SEEDS), repeat=3, number=1)


def lr_sweep_time() -> float:
    return best_time(lambda: approx.lr_sweep(seeds=range(4)), repeat=2, number=1)


def grad_serial_full_data() -> float:
    X, y, _ = approx.course_data()
    p = mlp.init(approx.net_spec((2, 2, 2)), 1, SEEDS)
    return best_time(lambda: mlp.loss_and_grad(p, X, y))


def yarotsky_table_time() -> float:
    return best_time(lambda: approx.yarotsky_table(), repeat=3)


CASES = [
    Case("course x²: parallel + serial × 8 seeds, 100 epochs, batch 32", course_time, 1.0, "s"),
    Case("lr sweep: 5 rates × ReLU/Leaky × 4 seeds, 20 epochs (page load)", lr_sweep_time,
         2.0, "s"),
    Case("mlp.loss_and_grad: serial net, 8 seeds, 2001 points", grad_serial_full_data, 5e-3,
         "s", note="one forward + backward over (8, 2001)"),
    Case("Yarotsky table m = 1..6", yarotsky_table_time, 0.05, "s"),
]
