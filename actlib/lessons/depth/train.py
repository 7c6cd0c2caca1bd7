"""A small dense-net trainer, batched over seeds, that takes any initialisation scheme.

actlib.nets.mlp always starts from Glorot-uniform weights; the Depth page compares schemes, so
it builds its nets here. A net is a list of layers (W (S, fan_in, fan_out), b (S, 1,
fan_out)) for S seeds; every layer but the last applies REGISTRY[activation], the last is
linear. The loss is the mean squared error over samples; gradients are exact backprop
through the registry's fn and grad (no formula is repeated here).

    net = init_net((16, 16), n_in=1, n_out=1, scheme="he", seeds=range(4))
    net, curve = fit(net, X, y, activation="relu", epochs=200, lr=0.01)

Optimisers: "adam" (PyTorch's defaults β = (0.9, 0.999), ε = 1e-8) and "sgd" with
momentum (PyTorch's form: v ← μv + g, p ← p − lr·v). A seed whose loss turns NaN/inf is
frozen at its last finite parameters and flagged; training never raises for it.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from actlib.activations import REGISTRY
from actlib.lessons.depth import inits


def init_net(widths: Sequence[int], n_in: int, n_out: int, scheme: str, seeds,
             bias_std: float = 0.0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Weights from `scheme` (actlib.lessons.depth.inits), biases N(0, bias_std²), one row per seed.

    Seed k draws its layers in order from default_rng(seed_k): a seed alone and in a batch
    give the same net.
    """
    seeds = [int(s) for s in seeds]
    sizes = list(zip((n_in,) + tuple(widths), tuple(widths) + (n_out,)))
    layers = [(np.empty((len(seeds), a, b)), np.zeros((len(seeds), 1, b))) for a, b in sizes]
    for k, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        for (W, b), (a, c) in zip(layers, sizes):
            W[k] = inits.weights(scheme, a, c, rng)
            if bias_std > 0:
                b[k, 0] = rng.normal(0.0, bias_std, c)
    return layers


def forward(layers, X, activation: str, params: dict | None = None) -> list[tuple]:
    """[(z, h), ...] per layer, each (S, N, units); the last layer's h = z (linear)."""
    act, params = REGISTRY[activation], dict(params or {})
    h, out = np.asarray(X, float), []
    for i, (W, b) in enumerate(layers):
        z = h @ W + b
        h = z if i == len(layers) - 1 else act.fn(z, **params)
        out.append((z, h))
    return out


def gradients(layers, X, y, activation: str, params: dict | None = None):
    """(loss (S,), [(gW, gb), ...]) for the MSE loss mean((ŷ − y)²) over samples and outputs."""
    act, params = REGISTRY[activation], dict(params or {})
    X = np.asarray(X, float)
    trace = forward(layers, X, activation, params)
    out = trace[-1][1]
    diff = out - y
    loss = np.mean(diff ** 2, axis=(-2, -1))
    delta = 2.0 * diff / (diff.shape[-2] * diff.shape[-1])      # ∂loss/∂z of the output
    grads = [None] * len(layers)
    for i in range(len(layers) - 1, -1, -1):
        h_prev = X if i == 0 else trace[i - 1][1]
        gW = np.swapaxes(h_prev, -1, -2) @ delta if h_prev.ndim == 3 else h_prev.T @ delta
        grads[i] = (gW, delta.sum(axis=-2, keepdims=True))
        if i:
            delta = (delta @ np.swapaxes(layers[i][0], -1, -2)) * act.grad(trace[i - 1][0], **params)
    return loss, grads


def fit(layers, X, y, activation: str = "relu", params: dict | None = None, *, epochs: int = 100,
        lr: float = 0.01, batch_size: int | None = None, optimizer: str = "adam",
        momentum: float = 0.9, seed: int = 0, callback: Callable[[int, int], None] | None = None,
        record: Callable | None = None):
    """Train in place; returns (layers, loss_curve (S, epochs), diverged (S,)).

    X (N, n_in), y (N, n_out). Mini-batches of `batch_size` from one permutation per epoch
    (default_rng(seed)); None is full batch. loss_curve[:, e] is the full-data loss after
    epoch e + 1. With `record`, `record(epoch, layers)` runs after each epoch and the return
    value gains a fourth item, the list of what it returned (a layer's mean, say).
    """
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"Unknown optimiser {optimizer!r}.")
    if not (np.isfinite(lr) and lr > 0) or int(epochs) != epochs or epochs < 0:
        raise ValueError("The learning rate must be positive and epochs a whole number ≥ 0.")
    X, y = np.asarray(X, float), np.asarray(y, float)
    N, S = len(X), layers[0][0].shape[0]
    B = N if batch_size is None else max(1, min(int(batch_size), N))
    rng = np.random.default_rng(seed)
    flat = [p for layer in layers for p in layer]
    m = [np.zeros_like(p) for p in flat]
    v = [np.zeros_like(p) for p in flat]
    alive = np.ones(S, bool)
    curve = np.full((S, int(epochs)), np.nan)
    recorded, step = [], 0
    with np.errstate(all="ignore"):
        for epoch in range(int(epochs)):
            order = rng.permutation(N) if B < N else np.arange(N)
            snapshot = [p.copy() for p in flat]
            for a in range(0, N, B):
                idx = order[a:a + B]
                _, grads = gradients(layers, X[idx], y[idx], activation, params)
                step += 1
                for p, g, mi, vi in zip(flat, [g for pair in grads for g in pair], m, v):
                    g = np.where(alive.reshape((S,) + (1,) * (g.ndim - 1)), g, 0.0)
                    if optimizer == "adam":
                        mi *= 0.9
                        mi += 0.1 * g
                        vi *= 0.999
                        vi += 0.001 * g * g
                        p -= lr * (mi / (1 - 0.9 ** step)) / (np.sqrt(vi / (1 - 0.999 ** step)) + 1e-8)
                    else:
                        mi *= momentum
                        mi += g
                        p -= lr * mi
            loss = np.mean((forward(layers, X, activation, params)[-1][1] - y) ** 2, axis=(-2, -1))
            bad = ~np.isfinite(loss) & alive
            if bad.any():                               # put those seeds back and freeze them
                for p, old in zip(flat, snapshot):
                    p[bad] = old[bad]
                alive &= ~bad
            curve[alive, epoch] = loss[alive]
            if record is not None:
                recorded.append(record(epoch, layers))
            if callback is not None:
                callback(epoch + 1, int(epochs))
    if record is not None:
        return layers, curve, ~alive, recorded
    return layers, curve, ~alive
