"""Lu, Shin, Su & Karniadakis 2019 (arXiv:1903.06733): deep narrow ReLU nets are born dead.

A net is *born dead* when, at initialisation, it is a constant function on its input
domain: then every gradient with respect to the weights below the dead layer is zero and
training cannot start. Monte Carlo over `trials` random nets, vectorised over trials: all
of them are run at once on a grid of the domain, layer by layer, and the net of depth L is
dead when every unit of its L-th hidden layer takes one value over the whole grid.

Set-up (the paper's): input dimension 1, domain [−1, 1], widths N, depths L hidden layers,
biases 0, weights He N(0, 2/fan_in). With zero biases a ReLU net is positively homogeneous,
h(cx) = c·h(x) for c > 0, so the two ends x = ±1 decide exactly: only they are run.
With biases (RAI below) a net that is constant on the 33 grid points could in principle
vary between them, so the grid can only over-count dead nets; tests compare it with the
exact breakpoint count (actlib.lessons.depth.pwl).

Randomised asymmetric initialisation (RAI, the paper's remedy): for each neuron one entry
of its (weights, bias) vector, chosen uniformly, is drawn from Beta(2, 1) (positive); the
others from N(0, σ²). We take σ² = 1.5/fan_in so that E[‖(w, b)‖²] = 0.5 + 1.5 = 2, He's
second moment (the paper designs its σ from its theory; the lesson does not depend on it).
"""
from __future__ import annotations

import numpy as np

from actlib.activations import REGISTRY

DOMAIN = (-1.0, 1.0)
GRID = 33
WIDTHS = (2, 3, 4, 5, 10)
MAX_DEPTH = 40
INITS = ("he", "rai")
ACTIVATIONS = ("relu", "leaky_relu", "elu")
HOMOGENEOUS = ("relu", "leaky_relu", "prelu")   # f(cx) = c·f(x), c > 0: with zero biases ±1 decide
QUOTED = {2: {5: 0.64, 10: 0.91, 20: 0.995}}           # the paper's figures, width → depth → P


def _layer(scheme: str, fan_in: int, width: int, trials: int, rng: np.random.Generator):
    """(W (trials, fan_in, width), b (trials, 1, width)) for one layer of every trial."""
    if scheme == "he":
        return rng.normal(0.0, np.sqrt(2.0 / fan_in), (trials, fan_in, width)), None
    if scheme == "rai":
        V = rng.normal(0.0, np.sqrt(1.5 / fan_in), (trials, fan_in + 1, width))
        pick = rng.integers(0, fan_in + 1, (trials, width))
        t, u = np.meshgrid(np.arange(trials), np.arange(width), indexing="ij")
        V[t, pick, u] = rng.beta(2.0, 1.0, (trials, width))
        return V[:, :-1], V[:, -1:]
    raise ValueError(f"Unknown initialisation {scheme!r}; choose one of {', '.join(INITS)}.")


def dead_by_depth(width: int, max_depth: int = MAX_DEPTH, trials: int = 1000,
                  scheme: str = "he", activation: str = "relu", params: dict | None = None,
                  seed: int = 0) -> np.ndarray:
    """P(born dead) for depths 1 … max_depth, (max_depth,): the share of `trials` nets whose
    L-th hidden layer is constant on the domain grid. One pass: the depth-L net is the
    first L layers of the depth-max_depth one (a dead layer stays dead above)."""
    if activation not in REGISTRY:
        raise ValueError(f"Unknown activation {activation!r}.")
    act, params = REGISTRY[activation], dict(params or {})
    rng = np.random.default_rng(seed)
    points = 2 if scheme == "he" and activation in HOMOGENEOUS else GRID
    h = np.broadcast_to(np.linspace(*DOMAIN, points)[None, :, None], (trials, points, 1))
    fan_in, dead = 1, np.empty(max_depth)
    with np.errstate(all="ignore"):
        for depth in range(max_depth):
            W, b = _layer(scheme, fan_in, int(width), trials, rng)
            z = h @ W
            if b is not None:
                z += b
            h = act.fn(z, **params)
            dead[depth] = np.mean(np.all(h == h[:, :1], axis=(1, 2)))
            fan_in = int(width)
    return dead


def table(widths=WIDTHS, max_depth: int = MAX_DEPTH, trials: int = 1000, scheme: str = "he",
          activation: str = "relu", params: dict | None = None, seed: int = 0,
          callback=None) -> np.ndarray:
    """P(born dead), (len(widths), max_depth); width i uses seed + i."""
    rows = []
    for i, w in enumerate(widths):
        rows.append(dead_by_depth(w, max_depth, trials, scheme, activation, params, seed + i))
        if callback is not None:
            callback(i + 1, len(widths))
    return np.array(rows)


def standard_error(p: np.ndarray, trials: int) -> np.ndarray:
    """Monte Carlo standard error of a share p from `trials` independent nets: √(p(1−p)/n)."""
    return np.sqrt(np.asarray(p) * (1 - np.asarray(p)) / trials)
