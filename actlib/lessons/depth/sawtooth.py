"""Telgarsky 2016 (arXiv:1509.08101): depth buys pieces.

The tent map T(x) = 2x on [0, ½], 2(1 − x) on [½, 1] is a ReLU layer of two units:
T(x) = 2·relu(x) − 4·relu(x − ½) on [0, 1]. Composed k times it is a sawtooth with 2^(k−1)
teeth and 2^k linear pieces — a ReLU net of k hidden layers of 2 units (3k + 1 weights and
biases, 2k neurons). A net with one hidden layer of w ReLU units is linear between at most
w kinks, so it has at most w + 1 pieces: it needs 2^k − 1 units for the same function.
"""
from __future__ import annotations

import numpy as np

from actlib.activations import REGISTRY
from actlib.lessons.depth import pwl, train

RELU = REGISTRY["relu"].fn

MAX_K = 8
N_POINTS = 256                 # training samples on [0, 1] (4 or more per piece up to k = 6)


def deep_net(k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """T∘…∘T (k times) as layers [(W, b), ...]: k hidden layers of 2 ReLU units, linear out.

    Layer 1 computes (relu(x), relu(x − ½)); each later layer reads T = 2h₁ − 4h₂ of the
    layer before and computes (relu(T), relu(T − ½)); the output is 2h₁ − 4h₂.
    """
    if not 1 <= int(k) <= MAX_K:
        raise ValueError(f"k must be 1…{MAX_K} (got {k}).")
    half = np.array([0.0, -0.5])
    read_t = np.array([[2.0], [-4.0]])                # T from (h₁, h₂)
    layers = [(np.array([[1.0, 1.0]]), half)]
    layers += [(read_t @ np.array([[1.0, 1.0]]), half) for _ in range(int(k) - 1)]
    return layers + [(read_t, np.zeros(1))]


def shallow_exact(k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The same sawtooth with one hidden layer of 2^k − 1 units: a hinge at each interior
    breakpoint j/2^k, weighted by the change of slope there (±2·2^k), plus the first slope."""
    n = 2 ** int(k)
    knots = np.arange(0, n) / n                    # 0 and the 2^k − 1 interior kinks
    slope = float(n)                               # the sawtooth's slopes are ±2^k
    change = np.where(np.arange(n) % 2 == 0, 2 * slope, -2 * slope)
    change[0] = slope                              # the first hinge sets the first slope
    W1, b1 = np.ones((1, n)), -knots
    return [(W1, b1), (change[:, None], np.zeros(1))]


def count(layers) -> pwl.Line:
    """Breakpoints and outputs of `layers` on [0, 1], exactly (actlib.lessons.depth.pwl)."""
    return pwl.along_line(layers, "relu", lo=0.0, hi=1.0)


def target(k: int, x: np.ndarray) -> np.ndarray:
    """The sawtooth's values, by running the deep net (no second formula)."""
    return pwl.evaluate(deep_net(k), x)


def _random_hinges(w: int, x: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    """w hinges relu(±(x − u)) at uniform random kinks u ∈ [0, 1]; output weights and bias
    by least squares (the best output layer for those kinks, exactly)."""
    sign, knot = rng.choice([-1.0, 1.0], w), rng.uniform(0.0, 1.0, w)
    hidden = RELU(sign * (x[:, None] - knot))
    coef, *_ = np.linalg.lstsq(np.c_[hidden, np.ones_like(x)], y, rcond=None)
    return sign, -sign * knot, coef[:-1], coef[-1]


def _rmse(pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    err = np.sqrt(np.mean((pred - y) ** 2, axis=-1))
    return np.where(np.isfinite(err), err, np.inf)


def sweep_grid(k: int) -> np.ndarray:
    """The widths the page sweeps: 1 … 4·2^k, about evenly on a log scale."""
    return np.unique(np.geomspace(1, 2 ** (int(k) + 2), 14).astype(int))


def sweep_widths(k: int, widths, seeds=(0, 1, 2)) -> np.ndarray:
    """Best-of-seeds RMSE of random-kink shallow nets with the exact best output layer, for
    each width: how the error falls with w without any gradient descent. (widths,)"""
    x = np.linspace(0.0, 1.0, N_POINTS)
    y = target(k, x)
    out = []
    for w in widths:
        errs = []
        for s in seeds:
            sign, b, c, c0 = _random_hinges(int(w), x, y, np.random.default_rng(s))
            errs.append(_rmse(RELU(np.outer(x, sign) + b) @ c + c0, y))
        out.append(min(errs))
    return np.array(out)


def fit_shallow(k: int, width: int = 8, seeds=(0, 1, 2), epochs: int = 500, lr: float = 0.002,
                callback=None) -> dict:
    """One hidden layer of `width` ReLU units fitted to the k-fold sawtooth (MSE on 256 points
    of [0, 1]): kinks at random points, the output layer solved by least squares, then every
    weight trained by Adam (full batch). A fair start: no unit begins outside the data.

    Returns {"x", "y", "start_rmse" (seeds,), "rmse" (seeds,), "best" (N,) prediction of
    the best seed, "pieces" of that net (exact), "std_y"}.
    """
    x = np.linspace(0.0, 1.0, N_POINTS)
    y = target(k, x)
    w, S = int(width), len(seeds)
    W1, b1 = np.empty((S, 1, w)), np.empty((S, 1, w))
    W2, b2 = np.empty((S, w, 1)), np.empty((S, 1, 1))
    for i, s in enumerate(seeds):
        W1[i, 0], b1[i, 0], W2[i, :, 0], b2[i, 0, 0] = _random_hinges(w, x, y, np.random.default_rng(s))
    net = [(W1, b1), (W2, b2)]
    start = _rmse(train.forward(net, x[:, None], "relu")[-1][1][:, :, 0], y)
    net, _, _ = train.fit(net, x[:, None], y[:, None], "relu", epochs=epochs, lr=lr,
                          callback=callback)
    pred = train.forward(net, x[:, None], "relu")[-1][1][:, :, 0]
    err = _rmse(pred, y)
    j = int(np.argmin(err))
    pieces = pwl.along_line([(W[j], b[j, 0]) for W, b in net], "relu", lo=0.0, hi=1.0).pieces
    return {"x": x, "y": y, "start_rmse": start, "rmse": err, "best": pred[j],
            "pieces": pieces, "std_y": float(np.std(y))}
