"""The course's perceptron: a binary step on w·x + b, trained sample by sample.

    ŷ = 1 if w·x + b ≥ threshold else 0          (w·x summed left to right, then + b)
    for each epoch, for each row (x, y) of X in order:
        w += lr·(y − ŷ)·x
        b += lr·(y − ŷ)

Weights and bias start from N(0, 1): ``rng = np.random.default_rng(seed)``, then
``w = rng.standard_normal(n)`` and ``b = rng.standard_normal(1)`` (the course's
``randn(input_size)``, ``randn(1)`` order). After every epoch the accuracy on all of X is
recorded, as the course printed it; ``errors[e]`` counts the rows epoch e misclassified during
its pass, i.e. the number of updates it made.

Batched runs train every (gate, seed) pair at once: the parameters live in one array with the
batch on the last axis, and each of the 4·epochs sample steps is a handful of numpy ops on it.
Every operation is elementwise, so a seed trained alone and inside a batch gives bit-identical
numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class PerceptronHistory:
    """One training run (or a batch: every array gains leading axes, see train_*).

    weights   (epochs+1, n)  row 0 is the initial draw, row e the weights after epoch e
    bias      (epochs+1,)
    accuracy  (epochs,)      accuracy on X after epoch e+1 (fraction of rows right)
    errors    (epochs,)      rows misclassified during the pass of epoch e+1 (= updates made)
    """
    weights: np.ndarray
    bias: np.ndarray
    accuracy: np.ndarray
    errors: np.ndarray
    threshold: float
    lr: float


def initial_parameters(seeds: Sequence[int], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each seed's starting (w, b) from its own default_rng: w (S, n), b (S,)."""
    w = np.empty((len(seeds), n))
    b = np.empty(len(seeds))
    for k, seed in enumerate(seeds):
        rng = np.random.default_rng(int(seed))
        w[k] = rng.standard_normal(n)
        b[k] = rng.standard_normal(1)[0]
    return w, b


def _check(X, lr, threshold, epochs) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError("X must be a table of rows (samples) by columns (inputs).")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must contain only finite numbers.")
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError("The learning rate must be a positive number.")
    if not np.isfinite(threshold):
        raise ValueError("The threshold must be a finite number.")
    if int(epochs) != epochs or epochs < 1:
        raise ValueError("The number of epochs must be a whole number of at least 1.")
    return X


def _check_targets(X: np.ndarray, Y) -> np.ndarray:
    Y = np.atleast_2d(np.asarray(Y, dtype=np.float64))
    if Y.ndim != 2 or Y.shape[1] != X.shape[0]:
        raise ValueError("Every truth table needs one target per row of X.")
    if not np.all((Y == 0) | (Y == 1)):
        raise ValueError("The perceptron's step outputs 0 or 1, so every label must be 0 or 1.")
    return Y


def pre_activation(P, x) -> np.ndarray:
    """z = (x₁w₁ + x₂w₂ + …) + b for one input row x, summed left to right.

    P: sequence of n+1 arrays (weights, then bias) of any common shape."""
    z = P[0] * x[0]
    for j in range(1, len(x)):
        z = z + P[j] * x[j]
    return z + P[-1]


def count_correct(P, X, Y, threshold: float) -> np.ndarray:
    """How many rows of X each perceptron gets right: Σᵢ [step(zᵢ) == yᵢ].

    P: n+1 arrays (w₁ … wₙ, b) of shape (…, B); Y (m, B) of 0/1 labels. Same arithmetic
    as training, so a row counted right here is a row the next pass leaves alone.
    """
    labels = np.asarray(Y) == 1
    right = np.zeros(np.broadcast_shapes(P[0].shape, labels[0].shape), dtype=np.int32)
    for i, x in enumerate(X):
        right += (pre_activation(P, x) >= threshold) == labels[i]
    return right


def _epoch(P, X, Y, lr: float, threshold: float) -> np.ndarray:
    """One pass of the per-sample rule over the rows of X, for B perceptrons side by side.

    P (n+1, B): weights then bias, updated in place; Y (m, B). Returns S (m, B), each row's
    step lr·(y − ŷ), 0 where the row was already right."""
    n = P.shape[0] - 1
    S = np.empty(Y.shape)
    for i, x in enumerate(X):
        S[i] = lr * (Y[i] - (pre_activation(P, x) >= threshold))
        P[:n] += x[:, None] * S[i]
        P[n] += S[i]
    return S


def _train_history(X, Y, w0, b0, lr, threshold, epochs):
    """Train B perceptrons side by side from w0 (n, B), b0 (B,); X (m, n), Y (m, B).

    Returns (P_history (epochs+1, n+1, B), correct (epochs, B), errors (epochs, B))."""
    m, n = X.shape
    history = np.empty((epochs + 1, n + 1, Y.shape[1]))
    history[0, :n], history[0, n] = w0, b0
    steps = np.empty((epochs, m, Y.shape[1]))
    P = history[0].copy()
    for e in range(epochs):
        steps[e] = _epoch(P, X, Y, lr, threshold)
        history[e + 1] = P
    errors = np.count_nonzero(steps, axis=1)
    correct = count_correct(list(history[1:].transpose(1, 0, 2)), X, Y, threshold)
    return history, correct, errors


def _train_summary(X, Y, w0, b0, lr, threshold, epochs):
    """As _train_history, keeping no per-epoch arrays (1000 seeds × 6 gates × 5000 epochs
    would be ~1 GB of them): returns (last correct, best correct, first epoch all correct
    or 0), each (B,)."""
    m, n = X.shape
    P = np.empty((n + 1, Y.shape[1]))
    P[:n], P[n] = w0, b0
    best = np.zeros(Y.shape[1], dtype=np.int32)
    first = np.zeros(Y.shape[1], dtype=np.int32)
    for e in range(epochs):
        _epoch(P, X, Y, lr, threshold)
        correct = count_correct(list(P), X, Y, threshold)
        np.maximum(best, correct, out=best)
        first[(first == 0) & (correct == m)] = e + 1
    return correct, best, first


def train_perceptron_batch(X, Y, *, lr: float = 0.01, threshold: float = 0.0,
                           epochs: int = 1000, seeds: Sequence[int] = (0,)) -> PerceptronHistory:
    """Every target column set × every seed in one run.

    X (m, n); Y (G, m) — G truth tables on the same inputs (e.g. the six gates). Arrays get
    leading axes (G, S): weights (G, S, epochs+1, n), accuracy (G, S, epochs), …
    Seed k starts from the same (w, b) for every gate. For success rates over many seeds use
    gate_success, which keeps no per-epoch arrays.
    """
    X = _check(X, lr, threshold, epochs)
    Y = _check_targets(X, Y)
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("Give at least one seed.")
    epochs = int(epochs)
    G, S, (m, n) = Y.shape[0], len(seeds), X.shape
    w, b = initial_parameters(seeds, n)
    w0 = np.tile(w.T, (1, G))                          # batch index = g·S + s
    b0 = np.tile(b, G)
    targets = np.repeat(Y.T, S, axis=1)                # (m, G·S)
    history, correct, errors = _train_history(X, targets, w0, b0, float(lr), float(threshold),
                                              epochs)
    P = history.reshape(history.shape[0], n + 1, G, S).transpose(2, 3, 0, 1)
    return PerceptronHistory(
        weights=P[..., :n], bias=P[..., n],
        accuracy=(correct.reshape(epochs, G, S).transpose(1, 2, 0) / m),
        errors=errors.reshape(epochs, G, S).transpose(1, 2, 0),
        threshold=float(threshold), lr=float(lr))


def train_perceptron(X, y, *, lr: float = 0.01, threshold: float = 0.0, epochs: int = 1000,
                     seed: int = 0, seeds: Sequence[int] | None = None) -> PerceptronHistory:
    """Train the course's perceptron on (X, y).

    One seed: weights (epochs+1, n), bias (epochs+1,), accuracy (epochs,), errors (epochs,).
    seeds=[…]: every array gains a leading seed axis; row k equals the run with seed=seeds[k].
    """
    run = train_perceptron_batch(X, np.asarray(y)[None, :], lr=lr, threshold=threshold,
                                 epochs=epochs, seeds=[seed] if seeds is None else seeds)
    pick = (0, 0) if seeds is None else (0,)
    return PerceptronHistory(run.weights[pick], run.bias[pick], run.accuracy[pick],
                             run.errors[pick], run.threshold, run.lr)


def predict(w, b, X, threshold: float = 0.0) -> np.ndarray:
    """ŷ = [w·x + b ≥ threshold] for every row of X (int 0/1), the training arithmetic."""
    P = [np.asarray(w[j], dtype=np.float64) for j in range(len(w))] + [np.float64(b)]
    X = np.asarray(X, dtype=np.float64)
    z = X[:, 0] * P[0]                                     # same left-to-right sum, vectorised
    for j in range(1, len(w)):
        z = z + X[:, j] * P[j]
    return (z + P[-1] >= threshold).astype(np.int64)


def decision_line(w, b, threshold: float = 0.0, lo: float = -0.25, hi: float = 1.25):
    """The segment of w₁x₁ + w₂x₂ + b = threshold inside the square [lo, hi]².

    Returns ((x₁ start, x₁ end), (x₂ start, x₂ end)), or None when the line misses the
    square or w = 0 (then every point gets the same answer and there is no line).
    """
    w1, w2 = float(w[0]), float(w[1])
    c = float(threshold) - float(b)
    points = []
    if w2 != 0:                                   # crossings of the vertical sides x₁ = lo, hi
        points += [(x1, (c - w1 * x1) / w2) for x1 in (lo, hi)]
    if w1 != 0:                                   # crossings of the horizontal sides
        points += [((c - w2 * x2) / w1, x2) for x2 in (lo, hi)]
    eps = 1e-12 * (hi - lo)
    inside = sorted({(round(p, 12), round(q, 12)) for p, q in points
                     if lo - eps <= p <= hi + eps and lo - eps <= q <= hi + eps})
    if len(inside) < 2:
        return None
    (a1, a2), (b1, b2) = inside[0], inside[-1]
    return (a1, b1), (a2, b2)


REPLAY_STEPS = (1, 2, 5, 10, 20, 50, 100)   # epochs per frame the replay offers
REPLAY_FRAME_SECONDS = 0.25     # at most 4 frames a second: each frame redraws four charts


def replay_step(epoch: int, step: int, last: int) -> int:
    """The epoch `step` epochs on from `epoch` (negative: back), kept inside 0 … last."""
    return int(min(max(epoch + step, 0), last))


@dataclass(frozen=True)
class GateSuccess:
    """How a perceptron fares on each truth table over many seeds.

    solved        (G,) fraction of seeds with accuracy 1.0 after the last epoch
    median_epoch  (G,) median first epoch with accuracy 1.0 among solved seeds (nan: none)
    best_accuracy (G,) highest accuracy any seed reached after any epoch
    final_accuracy (G, S)
    """
    names: tuple[str, ...]
    solved: np.ndarray
    median_epoch: np.ndarray
    best_accuracy: np.ndarray
    final_accuracy: np.ndarray
    seeds: int
    epochs: int


def gate_success(X, tables: dict, *, lr: float = 0.01, threshold: float = 0.0,
                 epochs: int = 1000, seeds: Sequence[int] = range(100)) -> GateSuccess:
    """Train every truth table in `tables` ({name: y}) with every seed, in one batched run.

    Reaching 1.0 is final: a pass that misclassifies nothing updates nothing.
    """
    names = tuple(tables)
    X = _check(X, lr, threshold, epochs)
    Y = _check_targets(X, np.stack([np.asarray(tables[k]) for k in names]))
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("Give at least one seed.")
    G, S, (m, n) = len(names), len(seeds), X.shape
    w, b = initial_parameters(seeds, n)
    last, best, first = _train_summary(
        X, np.repeat(Y.T, S, axis=1), np.tile(w.T, (1, G)), np.tile(b, G), float(lr),
        float(threshold), int(epochs))
    last, best, first = (a.reshape(G, S) for a in (last, best, first))
    solved = last == m                     # reaching 1.0 is final, so last == m ⇔ first > 0
    median = np.array([np.median(first[g][solved[g]]) if solved[g].any() else np.nan
                       for g in range(G)])
    return GateSuccess(names, solved.mean(axis=1), median, best.max(axis=1) / m, last / m, S,
                       int(epochs))
