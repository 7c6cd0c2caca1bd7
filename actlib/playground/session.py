"""One Playground run from plain settings, and the frame loop's unit of work.

    trainer = build("circle", 500, 0.0, 0.5, seed=0, features=("x1", "x2"),
                    layers=(Layer(4, "tanh"), Layer(2, "tanh")))
    run_frame(trainer, Hyper(), budget=0.02, most=10)     # a few epochs, then draw
"""
from __future__ import annotations

import time

from actlib.playground import datasets as D
from actlib.playground import features as Fe
from actlib.playground import net
from actlib.playground.train import Hyper, Trainer


def build(dataset: str, points: int, noise: float, train_share: float, seed: int,
          features, layers, output: str = "tanh_mse", init: str = "tf",
          data: D.Data | None = None) -> Trainer:
    """A fresh run: the data set (or `data`, e.g. an upload), its features, a new network."""
    data = data if data is not None else D.make(dataset, points, noise, train_share, seed)
    n_out = data.n_classes if output == "softmax_ce" else 1
    spec = net.NetSpec(len(features), tuple(layers), output, n_out, init)
    trainer = Trainer(spec, Fe.transform(data.train_x, features), data.train_y,
                      Fe.transform(data.test_x, features), data.test_y, data.kind, seed)
    trainer.data, trainer.features = data, tuple(features)
    return trainer


def run_frame(trainer: Trainer, hyper: Hyper, budget: float, most: int) -> int:
    """Epochs until `budget` seconds have passed or `most` ran (at least one): frames stay
    short on a busy server and a small net still moves quickly. Returns how many ran.

    The result after N epochs does not depend on how they were grouped into frames
    (each epoch's order comes from the seed and the epoch number)."""
    start, ran = time.perf_counter(), 0
    while ran < most and trainer.diverged is None:
        trainer.run_epoch(hyper)
        ran += 1
        if time.perf_counter() - start >= budget:
            break
    return ran
