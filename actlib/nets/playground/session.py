"""One Playground run from plain settings, and the frame loop's unit of work.

    trainer = build("circle", 500, 0.0, 0.5, seed=0, features=("x1", "x2"),
                    layers=(Layer(4, "tanh"), Layer(2, "tanh")))
    run_frame(trainer, Hyper(), budget=0.02, most=10)     # a few epochs, then draw
"""
from __future__ import annotations

import dataclasses
import time

from actlib.activations import REGISTRY
from actlib.nets.playground import datasets as D
from actlib.nets.playground import features as Fe
from actlib.nets.playground import net
from actlib.nets.playground.train import Hyper, Trainer


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


# ---- side by side: a second network, one setting different, trained in lockstep
COMPARES = ("none", "act", "init", "lr", "opt")     # what the second network changes


def variant(layers, init: str, hyper: Hyper, kind: str, value):
    """The second network's (layers, init, hyper): the first's with one setting replaced.
    "act": `value` (a registry key) in every hidden layer, with its default parameters;
    "init": an initialisation of net.INITS; "lr": a learning rate; "opt": an optimiser."""
    layers = tuple(layers)
    if kind == "act":
        params = tuple((p.name, p.default) for p in REGISTRY[value].params)
        layers = tuple(net.Layer(layer.units, value, params) for layer in layers)
    elif kind == "init":
        init = value
    elif kind == "lr":
        hyper = dataclasses.replace(hyper, lr=float(value))
    elif kind == "opt":
        hyper = dataclasses.replace(hyper, optimiser=value)
    elif kind != "none":
        raise ValueError(f"Unknown comparison {kind!r}.")
    return layers, init, hyper


def run_pair(first: Trainer, second: Trainer, hyper: Hyper, hyper2: Hyper, budget: float,
             most: int) -> int:
    """One frame of both networks in lockstep: run_frame's count of epochs for the first,
    then exactly as many for the second (so their epochs stay equal). Once the first has
    diverged, the second alone sets the count. Returns how many epochs ran."""
    if first.diverged is None:
        ran = run_frame(first, hyper, budget, most)
        for _ in range(ran):
            second.run_epoch(hyper2)
        return ran
    return run_frame(second, hyper2, budget, most) if second.diverged is None else 0
