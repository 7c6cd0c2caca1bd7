"""Hanin & Rolnick 2019 (arXiv:1901.09021): in practice regions grow with neurons, not depth.

Random ReLU-family nets with a 1-D input: count their linear regions on [−3, 3] exactly
(actlib.lessons.depth.pwl), at initialisation and after training, for nets with the same number of
neurons arranged wide or deep. A construction can reach ∏(n_l + 1) regions (each layer
can split every region it receives at most n_l times) — 2^depth already with 2 units per
layer (Telgarsky's sawtooth); random and trained nets stay near the number of neurons.

Weights follow the chosen scheme (He by default, as the paper); biases N(0, σ_b²) with a
small σ_b (zero biases would put every breakpoint at x = 0: the net would be positively
homogeneous, f(cx) = c·f(x) for c > 0, and have two regions).
"""
from __future__ import annotations

import numpy as np

from actlib.lessons.depth import pwl, train

LO, HI = -3.0, 3.0
ARRANGEMENTS = ((48,), (16, 16, 16), (8, 8, 8, 8, 8, 8))      # 48 neurons each
BIAS_STD = 0.03


def bound(widths) -> int:
    """Regions a 1-D-input net can reach at most: ∏(n_l + 1)."""
    return int(np.prod([int(w) + 1 for w in widths], dtype=object))


def summary(counts) -> tuple[float, float]:
    """(mean, standard error of the mean) of region counts over trials."""
    counts = np.asarray(counts, float)
    return float(np.mean(counts)), float(np.std(counts) / np.sqrt(len(counts)))


def _one(layers, k: int) -> list:
    return [(W[k], b[k, 0]) for W, b in layers]


def count_regions(layers, activation: str, params: dict | None = None) -> np.ndarray:
    """Regions on [LO, HI] of every seed's net: (S,) ints."""
    S = layers[0][0].shape[0]
    return np.array([pwl.along_line(_one(layers, k), activation, params, LO, HI).regions
                     for k in range(S)])


def at_init(widths, trials: int = 50, activation: str = "relu", params: dict | None = None,
            scheme: str = "he", bias_std: float = BIAS_STD, seed: int = 0) -> np.ndarray:
    """Region counts of `trials` random nets (seeds seed … seed + trials − 1): (trials,)."""
    pwl.check_activation(activation)
    net = train.init_net(widths, 1, 1, scheme, range(seed, seed + trials), bias_std)
    return count_regions(net, activation, params)


def breakpoints(widths, activation: str = "relu", params: dict | None = None,
                scheme: str = "he", bias_std: float = BIAS_STD, seed: int = 0) -> pwl.Line:
    """One random net's breakpoints and outputs on [LO, HI] (for the picture)."""
    net = train.init_net(widths, 1, 1, scheme, [seed], bias_std)
    return pwl.along_line(_one(net, 0), activation, params, LO, HI)


def task(n: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """The training task: y = sin(2x) + 0.5·sin(5x) on n points of [LO, HI]."""
    x = np.linspace(LO, HI, n)
    return x, np.sin(2 * x) + 0.5 * np.sin(5 * x)


def before_after(arrangements, seeds=tuple(range(8)), activation: str = "relu",
                 params: dict | None = None, scheme: str = "he", bias_std: float = BIAS_STD,
                 epochs: int = 300, lr: float = 0.01, callback=None) -> dict:
    """Regions before and after training (Adam, full batch, MSE on `task()`), per arrangement.

    Returns {"before": [(S,)...], "after": [(S,)...], "loss": [(S,)...]} in arrangement order.
    """
    pwl.check_activation(activation)
    x, y = task()
    out = {"before": [], "after": [], "loss": []}
    total = len(arrangements) * int(epochs)
    for i, widths in enumerate(arrangements):
        net = train.init_net(widths, 1, 1, scheme, seeds, bias_std)
        out["before"].append(count_regions(net, activation, params))

        def progress(e, _n, base=i * int(epochs)):
            if callback is not None:
                callback(base + e, total)
        net, curve, _ = train.fit(net, x[:, None], y[:, None], activation, params,
                                  epochs=epochs, lr=lr, callback=progress)
        out["after"].append(count_regions(net, activation, params))
        out["loss"].append(curve[:, -1])
    return out
