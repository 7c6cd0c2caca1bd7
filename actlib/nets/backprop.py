"""Forward, backward and Adam under actlib.nets.mlp: plain numpy, batched over seeds.

Every array carries the seeds first: a batch of inputs is (S or 1, B, n_in), each layer's
pre-activation z and output h are (S, B, units), W is (S, fan_in, units), b (S, 1, units).
Every activation is the registry's f and f′, with the layer's parameters bound once
(`Activation.bind`); PReLU's trained slope is bound as a view of the parameter vector, so
each call sees the current value.

``Network(params, grad)``   one net's layers as views of the flat parameters (and gradient).
``forward(net, x) -> (zs, hs)``   every layer's z and h (hs[0] is the input).
``backward(net, zs, hs, dout, logits)``   dL/dparams into the gradient views.
``loss_value(kind, out, z_last, y, logits)`` (``loss_sum`` before the mean),
``full_data_loss(net, x, y, kind, logits)``, ``loss_slope(kind, out, y, logits)``, ``Adam``.
The formulas (losses, Adam) are those of actlib.nets.mlp's docstring.
"""
from __future__ import annotations

import math

import numpy as np

from actlib.activations import get as get_activation

BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-7          # Keras Adam defaults
BCE_CLIP = 1e-7                                    # Keras backend epsilon
LOSSES = ("mse", "bce")


class Network:
    """One net of `params` (an mlp.Params): per layer its W, b (views of params.flat), its
    f and f′, and for PReLU ∂f/∂α; with `grad` (same layout) the gradient views too.

    Two shortcuts, both the registry's own formulas: a linear layer (f(z) = z, f′ = 1) is
    skipped, not multiplied by ones; an activation declaring `grad_from_output` gets f′ from
    the forward's h instead of re-deriving it from z (sigmoid's h(1 − h): no second exp)."""

    def __init__(self, params, grad: np.ndarray | None = None):
        self.weights = params.unflatten()                  # [(W, b, alpha or None), ...]
        self.grads = None if grad is None else params.unflatten(grad)
        self.activations, self.alpha_slopes, self.identity, self.slope_of_h = [], [], [], []
        for layer, (_, _, alpha) in zip(params.spec, self.weights):
            act = get_activation(layer.activation)
            if layer.trains_alpha:
                bound = {"alpha": alpha[:, None, None]}     # a view: Adam's updates show
                self.alpha_slopes.append(lambda z, a=act, p=bound: a.param_grads["alpha"](z, **p))
            else:
                bound = layer.kwargs
                self.alpha_slopes.append(None)
            self.activations.append(act.bind(**bound))
            self.identity.append(layer.activation == "linear")
            self.slope_of_h.append(act.grad_from_output)
        self._ones: dict[int, np.ndarray] = {}              # (1, 1, B) per batch size B

    def ones(self, batch: int) -> np.ndarray:
        """(1, 1, batch) ones: Σ over the batch as a matmul (cheaper than a middle-axis sum);
        at most two sizes live (the mini-batch and the last, shorter one)."""
        if batch not in self._ones:
            if len(self._ones) >= 2:
                self._ones.clear()
            self._ones[batch] = np.ones((1, 1, batch))
        return self._ones[batch]


def forward(net: Network, x: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """zs[i] = hs[i]·W_i + b_i, hs[i + 1] = f_i(zs[i]); x is (S or 1, B, n_in).
    A linear layer's h is its z (the same array)."""
    zs, hs = [], [x]
    for (W, b, _), (f, _), identity in zip(net.weights, net.activations, net.identity):
        z = hs[-1] @ W
        z += b
        zs.append(z)
        hs.append(z if identity else f(z))
    return zs, hs


def backward(net: Network, zs: list, hs: list, dout: np.ndarray, logits: bool) -> None:
    """The gradient of the loss into net.grads, from dout = dL/dŷ (dL/dz of the last layer
    when `logits`: sigmoid + BCE is differentiated as one)."""
    d = dout                                               # a fresh array: updated in place
    ones = net.ones(d.shape[1])
    for i in reversed(range(len(zs))):                     # d = dL/dh of layer i here
        W = net.weights[i][0]
        gW, gb, galpha = net.grads[i]
        if net.alpha_slopes[i] is not None:
            galpha[:] = np.sum(d * net.alpha_slopes[i](zs[i]), axis=(1, 2))
        if not (logits and i == len(zs) - 1 or net.identity[i]):     # dL/dz = dL/dh · f′(z)
            slope_of_h = net.slope_of_h[i]
            d *= net.activations[i][1](zs[i]) if slope_of_h is None else slope_of_h(hs[i + 1])
        np.matmul(hs[i].swapaxes(1, 2), d, out=gW)         # dL/dW = hᵀ·dL/dz
        np.matmul(ones, d, out=gb)                         # dL/db = Σ_batch dL/dz
        if i:
            d = d @ W.swapaxes(1, 2)                       # dL/dh of the layer below


def check_loss(loss: str, spec) -> bool:
    """A readable ValueError for an unknown loss; True when BCE meets a sigmoid output
    (then computed from the logits)."""
    if loss not in LOSSES:
        raise ValueError(f"Unknown loss {loss!r}; choose one of {', '.join(LOSSES)}.")
    return loss == "bce" and spec[-1].activation == "sigmoid"


def loss_value(kind: str, out: np.ndarray, z_last: np.ndarray, y: np.ndarray,
               logits: bool) -> np.ndarray:
    """Loss per seed: mean over samples and outputs."""
    return loss_sum(kind, out, z_last, y, logits) / (out.shape[-2] * out.shape[-1])


def loss_sum(kind: str, out: np.ndarray, z_last: np.ndarray, y: np.ndarray,
             logits: bool) -> np.ndarray:
    """Loss per seed summed (not averaged) over samples and outputs."""
    if kind == "mse":
        residual = out - y
        return np.add.reduce(residual * residual, axis=(-2, -1))
    if logits:                                       # sigmoid + BCE from its logits, stable
        z = z_last
        return np.add.reduce(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))),
                             axis=(-2, -1))
    p = np.clip(out, BCE_CLIP, 1 - BCE_CLIP)
    return -np.add.reduce(y * np.log(p) + (1 - y) * np.log1p(-p), axis=(-2, -1))


def full_data_loss(net: Network, x: np.ndarray, y: np.ndarray, kind: str, logits: bool,
                   max_elements: int = 2 ** 13) -> np.ndarray:
    """loss_value of the net on all of x (1, N, n_in), y (1, N, out), forward in slices of
    rows so that no layer's array exceeds max_elements (64 KiB of float64): arrays of the
    whole data set are fresh large allocations (memory mapped, page-faulted, unmapped on
    free) that cost more than their arithmetic; small slices reuse the allocator's memory.
    Slices change only the order of the loss's sum (float rounding)."""
    S, N = net.weights[0][0].shape[0], x.shape[1]
    widest = max(W.shape[2] for W, _, _ in net.weights)
    rows = max(1, max_elements // (S * widest))
    total = 0.0
    for a in range(0, N, rows):
        zs, hs = forward(net, x[:, a:a + rows])
        total = total + loss_sum(kind, hs[-1], zs[-1], y[:, a:a + rows], logits)
    return total / (N * y.shape[-1])


def full_batch(nets: list, logits: list, x: np.ndarray, y: np.ndarray, kind: str,
               grad: np.ndarray, max_elements: int = 2 ** 18) -> list[np.ndarray]:
    """One full-batch pass of every net (sharing the flat gradient `grad`) over x (1, N, n_in),
    y (1, N, out): the gradient into `grad`, and each net's loss_value before the step.

    Data sets whose layer arrays would pass max_elements (2 MiB of float64) go in slices of
    rows, gradients summed: no single numpy call then runs long, so a signal (a cancelled
    run, actlib/offload.py) is handled between slices. Slices change only the order of
    the sums (float rounding); a data set that fits is one slice, as before."""
    S, N = grad.shape[0], x.shape[1]
    widest = max(W.shape[2] for net in nets for W, _, _ in net.weights)
    rows = max(1, max_elements // (S * widest))
    if rows >= N:
        passes = [forward(net, x) for net in nets]
        for net, (zs, hs), is_logits in zip(nets, passes, logits):
            backward(net, zs, hs, loss_slope(kind, hs[-1], y, is_logits), is_logits)
        return [loss_value(kind, hs[-1], zs[-1], y, is_logits)
                for (zs, hs), is_logits in zip(passes, logits)]
    total, sums = np.zeros_like(grad), [0.0] * len(nets)
    for a in range(0, N, rows):
        xs, ys = x[:, a:a + rows], y[:, a:a + rows]
        for j, (net, is_logits) in enumerate(zip(nets, logits)):
            zs, hs = forward(net, xs)
            sums[j] = sums[j] + loss_sum(kind, hs[-1], zs[-1], ys, is_logits)
            share = xs.shape[1] / N                 # the slice's part of the mean
            backward(net, zs, hs, loss_slope(kind, hs[-1], ys, is_logits) * share, is_logits)
        total += grad
    grad[...] = total
    return [s / (N * y.shape[-1]) for s in sums]


def loss_slope(kind: str, out: np.ndarray, y: np.ndarray, logits: bool) -> np.ndarray:
    """dL/dŷ of loss_value (dL/dz for logits), n = samples × outputs:
    MSE 2(ŷ − y)/n; BCE from logits (σ(z) − y)/n; clipped BCE (p − y)/(p(1 − p))/n where the
    clip is inactive, else 0."""
    n = out.shape[-2] * out.shape[-1]
    if kind == "mse":
        return (out - y) * (2.0 / n)
    if logits:
        return (out - y) * (1.0 / n)
    p = np.clip(out, BCE_CLIP, 1 - BCE_CLIP)
    inside = (out > BCE_CLIP) & (out < 1 - BCE_CLIP)
    return np.where(inside, (p - y) / (p * (1 - p)), 0.0) * (1.0 / n)


class Adam:
    """Keras Adam over one flat (S, P) array; rows × columns set in `frozen` stay put."""

    def __init__(self, flat: np.ndarray, lr: float | np.ndarray):
        self.flat, self.lr, self.t = flat, lr, 0            # lr: scalar or (S, 1)
        self.m, self.v = np.zeros_like(flat), np.zeros_like(flat)
        self.frozen: np.ndarray | None = None
        self._scratch = np.empty_like(flat), np.empty_like(flat)

    def step(self, grad: np.ndarray) -> None:
        """One update; `out=` into two scratch arrays, as training is mostly per-call cost."""
        m, v, (a, b) = self.m, self.v, self._scratch
        self.t += 1
        np.multiply(grad, 1.0 - BETA1, out=a)
        m *= BETA1
        m += a                                          # m ← β₁m + (1−β₁)g
        np.multiply(grad, grad, out=a)
        a *= 1.0 - BETA2
        v *= BETA2
        v += a                                          # v ← β₂v + (1−β₂)g²
        lr_t = self.lr * math.sqrt(1.0 - BETA2 ** self.t) / (1.0 - BETA1 ** self.t)
        np.sqrt(v, out=a)
        a += EPSILON
        np.multiply(m, lr_t, out=b)
        b /= a                                          # lr_t·m/(√v + ε)
        if self.frozen is not None:
            b[self.frozen] = 0.0
        self.flat -= b
