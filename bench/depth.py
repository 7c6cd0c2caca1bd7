"""The Depth page: each section's default view computes in ≤ 1 s (issue 17).

Each case runs what the page computes for its default settings (views/depth.py), in this
process: the page runs the heavy ones in a worker, which takes the same CPU time.
"""
from __future__ import annotations

from bench.timing import Case, best_time
from actlib.lessons.depth import born_dead, regions, sawtooth, signal


def sawtooth_default() -> float:
    """k = 4: the deep net's exact pieces, the width sweep and the shallow net of width 8."""
    def run():
        sawtooth.count(sawtooth.deep_net(4))
        sawtooth.sweep_widths(4, sawtooth.sweep_grid(4))
        sawtooth.fit_shallow(4, width=8)
    return best_time(run, repeat=2, number=1)


def regions_default() -> float:
    """50 random nets for each of 1×48, 3×16, 6×8 and the student's 6×8, counted exactly."""
    def run():
        for widths in tuple(regions.ARRANGEMENTS) + ((8,) * 6,):
            regions.at_init(widths, 50)
        regions.breakpoints((8,) * 6)
    return best_time(run, repeat=2, number=1)


def born_dead_default() -> float:
    """He, ReLU: 2000 nets × widths 2, 3, 4, 5, 10 × depths 1–40."""
    return best_time(lambda: born_dead.table(trials=2000), repeat=2, number=1)


def born_dead_cell() -> float:
    """One cell's worth under RAI (33 grid points, biases): 1000 nets, width 10, depth 40
    (all 40 depths come out of one pass)."""
    return best_time(lambda: born_dead.dead_by_depth(10, 40, 1000, scheme="rai"), repeat=2,
                     number=1)


def signal_default() -> float:
    """ReLU under Glorot, width 128, depth 20, 4 nets of batch 256: forward and backward."""
    return best_time(lambda: signal.propagate("relu", "glorot", 128, 20), repeat=2, number=1)


def deep_training() -> float:
    """The one-click run: a 30-layer ReLU net, Glorot and He, 8 epochs (worker, progress)."""
    return best_time(lambda: signal.train_deep(epochs=8), repeat=1, number=1)


CASES = [
    Case("depth: sawtooth section, default view (k = 4, w = 8)", sawtooth_default, 1.0, "s"),
    Case("depth: regions section, default view (4 × 50 nets at init)", regions_default, 1.0, "s"),
    Case("depth: born-dead section, default view (He, 2000 nets × 5 widths × 40 depths)",
         born_dead_default, 1.0, "s"),
    Case("depth: born-dead, 1000 RAI nets of width 10 to depth 40", born_dead_cell, 1.0, "s",
         note="the issue: 1000 nets per cell well under a second"),
    Case("depth: signal section, default view (ReLU, Glorot, 128 × 20)", signal_default, 1.0, "s"),
    Case("depth: 30-layer Glorot vs He training (button)", deep_training, 10.0, "s",
         note="behind a button, in a worker with progress; not a default view"),
]
