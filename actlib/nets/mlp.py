"""Tiny dense networks in numpy, batched over seeds: forward, backward, Adam (Keras form).

Public API
----------
``Layer(units, activation="linear", params={})``
    One dense layer, z = h·W + b, h' = f(z) with f = REGISTRY[activation] and its fixed
    parameters (``{"alpha": 0.01}``). For ``"prelu"`` the slope ``alpha`` is *trained*: one
    scalar per layer (and per seed), starting from ``params.get("alpha", 0.25)``.
``Net``  a tuple of Layer; the input width ``n_in`` is passed beside it.
``n_params(spec, n_in) -> int``   weights + biases (+ one alpha per PReLU layer).
``init(spec, n_in, seeds) -> Params``
    Glorot-uniform weights (Keras: U(−l, l), l = √(6 / (fan_in + fan_out))), zero biases.
``from_weights(spec, n_in, weights) -> Params``   a hand-built net (one seed):
    ``weights = [(W (fan_in, units), b (units,)), ...]`` (PReLU: ``(W, b, alpha)``).
``forward(params, X) -> (S, N, out)``   X is (N, n_in) shared by all seeds, or (S, N, n_in).
``trace(params, X) -> [(z, h), ...]``   every layer's pre-activation z and output h, (S, N, units).
``loss_and_grad(params, X, y, loss="mse") -> (loss (S,), grad (S, P))``   grad is laid out
    like ``params.flat``; ``params.unflatten(grad)`` gives per-layer views.
``train(X, y, spec, *, seeds, epochs=100, lr=0.005, loss="mse", batch_size=None,
        callback=None) -> TrainResult``   ``lr`` may also be one rate per seed (a sweep of
    rates is one batched run: repeat the seeds, give each row its rate).
``train_many(X, y, specs, ...) -> [TrainResult, ...]``   several nets trained in *one* loop:
    the same data, the same shuffled mini-batches, one Adam update over one flat parameter
    vector holding every net (Adam is element-wise, so each net learns exactly as if it
    were trained alone with that init and those shuffles; only the numpy call count drops).
``predict(result, X) -> (S, N, out)``
``TrainResult``: ``params``, ``loss_curve`` (S, epochs: full-data loss after each epoch),
    ``diverged`` (S,) bool, ``diverged_epoch`` (S,) int (−1 = never), ``seeds``;
    ``final_loss`` (S,).

Conventions
-----------
* Shapes carry a leading seed axis S. Seed k owns ``np.random.default_rng(seed_k)``: it draws
  that seed's weights (layer by layer, net by net in ``train_many``), then one permutation of
  the data per epoch. A seed alone and in a batch therefore give the same numbers (1e-12).
* Losses: ``"mse"`` = mean over samples and outputs of (ŷ − y)²; ``"bce"`` = binary
  cross-entropy of outputs clipped to [1e-7, 1 − 1e-7] (Keras); a sigmoid output layer with
  BCE is computed from its logits (stable; Keras does the same).
* Adam (Keras/TF form): t ← t + 1, m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
  lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ), p ← p − lr_t·m/(√v + ε); β₁ 0.9, β₂ 0.999, ε 1e-7.
* Mini-batches: ``batch_size=None`` is full batch; otherwise each epoch visits a fresh
  permutation in slices of ``batch_size`` (the last one may be shorter, as in Keras).
* Divergence guard: when a seed's full-data loss turns NaN/inf after an epoch, that seed's
  net is put back to its parameters after the previous epoch and frozen; ``diverged`` says
  which, its later loss-curve entries are NaN. Training never raises for it.
* The step itself — forward, backward, the losses' slopes, Adam — lives in
  actlib/nets/backprop.py; this module is the API and the training loop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from actlib.activations import get as get_activation
from actlib.nets.backprop import (Adam, Network, backward, check_loss, forward as run_forward,
                             full_batch, full_data_loss, loss_slope, loss_value)


@dataclass(frozen=True)
class Layer:
    """units neurons with activation `activation` and its fixed `params` (stored sorted)."""
    units: int
    activation: str = "linear"
    params: tuple = ()

    def __post_init__(self):
        items = self.params.items() if isinstance(self.params, Mapping) else self.params
        object.__setattr__(self, "params", tuple(sorted((str(k), float(v)) for k, v in items)))
        if int(self.units) != self.units or self.units < 1:
            raise ValueError(f"A layer needs at least one unit (got {self.units}).")
        act = get_activation(self.activation)       # unknown name → readable ValueError
        act.checked(**dict(self.params))             # unknown or invalid parameter → ParamError

    @property
    def kwargs(self) -> dict[str, float]:
        return dict(self.params)

    @property
    def trains_alpha(self) -> bool:
        return self.activation == "prelu"


Net = tuple  # tuple[Layer, ...]


@dataclass(frozen=True)
class _Slot:
    """Where one layer's W (fan_in·units), b (units) and alpha (0/1) sit in the flat vector."""
    fan_in: int
    units: int
    w: int                     # offset of W
    b: int                     # offset of b
    alpha: int | None          # offset of PReLU's alpha
    end: int


def _layout(spec: Net, n_in: int) -> tuple[tuple[_Slot, ...], int]:
    slots, off, fan_in = [], 0, n_in
    for layer in spec:
        w, b = off, off + fan_in * layer.units
        alpha = b + layer.units if layer.trains_alpha else None
        end = b + layer.units + (1 if layer.trains_alpha else 0)
        slots.append(_Slot(fan_in, layer.units, w, b, alpha, end))
        off, fan_in = end, layer.units
    return tuple(slots), off


def n_params(spec: Net, n_in: int) -> int:
    """Trainable numbers: Σ (fan_in·units + units) (+1 per PReLU layer)."""
    return _layout(_check_spec(spec), n_in)[1]


def _check_spec(spec) -> Net:
    spec = tuple(spec)
    if not spec or not all(isinstance(layer, Layer) for layer in spec):
        raise ValueError("A network needs at least one Layer.")
    return spec


class Params:
    """Parameters of one net for S seeds, all in one flat (S, P) array; views per layer."""

    def __init__(self, spec: Net, n_in: int, flat: np.ndarray):
        self.spec, self.n_in = _check_spec(spec), int(n_in)
        self.slots, size = _layout(self.spec, self.n_in)
        if flat.ndim != 2 or flat.shape[1] != size:
            raise ValueError(f"expected a flat array of shape (S, {size}), got {flat.shape}")
        self.flat = flat

    @property
    def n_seeds(self) -> int:
        return self.flat.shape[0]

    def unflatten(self, flat: np.ndarray | None = None) -> list[tuple]:
        """[(W (S, fan_in, units), b (S, 1, units), alpha (S,) or None), ...] as views of `flat`."""
        flat = self.flat if flat is None else flat
        S = flat.shape[0]
        out = []
        for s in self.slots:
            W = flat[:, s.w:s.b].reshape(S, s.fan_in, s.units)
            b = flat[:, s.b:s.b + s.units].reshape(S, 1, s.units)
            out.append((W, b, None if s.alpha is None else flat[:, s.alpha]))
        return out

    def seed(self, k: int) -> "Params":
        return Params(self.spec, self.n_in, self.flat[k:k + 1].copy())

    def copy(self) -> "Params":
        return Params(self.spec, self.n_in, self.flat.copy())


def _seeds(seeds) -> tuple[int, ...]:
    seeds = (seeds,) if np.isscalar(seeds) else tuple(seeds)
    if not seeds:
        raise ValueError("Give at least one seed.")
    return tuple(int(s) for s in seeds)


def _glorot_into(flat_row: np.ndarray, spec: Net, slots, rng: np.random.Generator) -> None:
    for layer, s in zip(spec, slots):
        limit = math.sqrt(6.0 / (s.fan_in + s.units))
        flat_row[s.w:s.b] = rng.uniform(-limit, limit, size=(s.fan_in, s.units)).ravel()
        flat_row[s.b:s.b + s.units] = 0.0
        if s.alpha is not None:
            flat_row[s.alpha] = layer.kwargs.get("alpha", 0.25)


def init(spec: Net, n_in: int, seeds, rngs: Sequence[np.random.Generator] | None = None,
         out: np.ndarray | None = None) -> Params:
    """Glorot-uniform W and zero b per seed, drawn from default_rng(seed) (or the given rngs)."""
    spec, seeds = _check_spec(spec), _seeds(seeds)
    slots, size = _layout(spec, n_in)
    rngs = [np.random.default_rng(s) for s in seeds] if rngs is None else rngs
    flat = np.empty((len(seeds), size)) if out is None else out
    for row, rng in zip(flat, rngs):
        _glorot_into(row, spec, slots, rng)
    return Params(spec, n_in, flat)


def from_weights(spec: Net, n_in: int, weights: Sequence[tuple]) -> Params:
    """One seed's Params from explicit per-layer (W, b[, alpha]) — for hand-built nets."""
    spec = _check_spec(spec)
    slots, size = _layout(spec, n_in)
    if len(weights) != len(spec):
        raise ValueError(f"{len(spec)} layers but {len(weights)} weight tuples")
    flat = np.zeros((1, size))
    for s, wb in zip(slots, weights):
        W, b = np.asarray(wb[0], float), np.asarray(wb[1], float)
        if W.shape != (s.fan_in, s.units) or b.shape != (s.units,):
            raise ValueError(f"layer expects W {(s.fan_in, s.units)} and b {(s.units,)}, "
                             f"got {W.shape} and {b.shape}")
        flat[0, s.w:s.b], flat[0, s.b:s.b + s.units] = W.ravel(), b
        if s.alpha is not None:
            flat[0, s.alpha] = float(wb[2]) if len(wb) > 2 else 0.25
    return Params(spec, n_in, flat)


# --------------------------------------------------------------------------------- forward
def _as_input(X, n_in: int) -> np.ndarray:
    """X as (1, N, n_in) (shared by every seed) or (S, N, n_in)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1 and n_in == 1:
        X = X[:, None]
    if X.shape[-1] != n_in or X.ndim not in (2, 3):
        raise ValueError(f"inputs must be (N, {n_in}) or (S, N, {n_in}); got {X.shape}")
    return X if X.ndim == 3 else X[None]


def trace(params: Params, X) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every layer's (z, h), each (S, N, units): for dead units, kinks and hidden plots."""
    with np.errstate(all="ignore"):
        zs, hs = run_forward(Network(params), _as_input(X, params.n_in))
    return list(zip(zs, hs[1:]))


def forward(params: Params, X) -> np.ndarray:
    """The nets' outputs, (S, N, out)."""
    return trace(params, X)[-1][1]


def _targets(y, n: int, n_out: int) -> np.ndarray:
    y = np.asarray(y, dtype=np.float64)
    y = y.reshape(n, 1) if y.shape == (n,) else y
    if y.shape != (n, n_out):
        raise ValueError(f"targets must be ({n},) or ({n}, {n_out}); got {y.shape}")
    return y


def loss_and_grad(params: Params, X, y, loss: str = "mse") -> tuple[np.ndarray, np.ndarray]:
    """Full-batch loss per seed (S,) and its gradient (S, P), laid out like params.flat.

    Uses the same calls as training (tests compare it with finite differences).
    """
    logits = check_loss(loss, params.spec)
    X = _as_input(X, params.n_in)
    y = _targets(y, X.shape[-2], params.spec[-1].units)[None]
    grad = np.zeros_like(params.flat)
    net = Network(params, grad)
    with np.errstate(all="ignore"):
        zs, hs = run_forward(net, X)
        value = np.broadcast_to(loss_value(loss, hs[-1], zs[-1], y, logits), (params.n_seeds,))
        backward(net, zs, hs, loss_slope(loss, hs[-1], y, logits), logits)
    return np.array(value), grad


# ------------------------------------------------------------------------------- training
@dataclass
class TrainResult:
    """A trained net for every seed; `loss_curve[k, e]` is the full-data loss after epoch e+1."""
    params: Params
    loss_curve: np.ndarray
    diverged: np.ndarray
    diverged_epoch: np.ndarray
    seeds: tuple[int, ...]
    loss: str = "mse"

    @property
    def final_loss(self) -> np.ndarray:
        return self.loss_curve[:, -1] if self.loss_curve.shape[1] else np.full(len(self.seeds), np.nan)


def predict(result: TrainResult, X) -> np.ndarray:
    """Outputs of every seed's trained net on X: (S, N, out)."""
    return forward(result.params, X)


def train(X, y, spec: Net, **kwargs) -> TrainResult:
    """Train one net over every seed; keyword arguments as in `train_many`."""
    return train_many(X, y, [spec], **kwargs)[0]


def _check_training(X, epochs, lr, batch_size) -> None:
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"Epochs must be a whole number ≥ 0 (got {epochs}).")
    rates = np.asarray(lr, dtype=float)
    if rates.size == 0 or not (np.all(np.isfinite(rates)) and np.all(rates > 0)):
        raise ValueError(f"The learning rate must be a positive number (got {lr}).")
    if batch_size is not None and (int(batch_size) != batch_size or batch_size < 1):
        raise ValueError(f"The batch size must be a whole number ≥ 1 (got {batch_size}).")
    if not np.all(np.isfinite(X)):
        raise ValueError("The inputs contain NaN or infinity.")


def _rates(lr, n_seeds: int) -> float | np.ndarray:
    """One learning rate, or one per seed as an (S, 1) column."""
    if np.ndim(lr) == 0:
        return float(lr)
    if len(lr) == n_seeds:
        return np.asarray(lr, dtype=float).reshape(n_seeds, 1)
    raise ValueError(f"Give one learning rate, or one per seed ({n_seeds}); got {len(lr)}.")


def train_many(X, y, specs: Sequence[Net], *, seeds, epochs: int = 100, lr: float = 0.005,
               loss: str = "mse", batch_size: int | None = None,
               callback: Callable[[int, int], None] | None = None) -> list[TrainResult]:
    """Train every net in `specs` for every seed in one loop (see the module docstring).

    X (N, n_in), y (N,) or (N, out). Each step: for every net forward + backward on the
    same mini-batch into one flat gradient, then one Adam update of the flat vector.
    `callback(epoch, epochs)` runs after every epoch (for a progress bar).
    """
    specs = [_check_spec(s) for s in specs]
    X = np.asarray(X, dtype=np.float64)
    X = X[:, None] if X.ndim == 1 else X
    N, n_in = X.shape
    y = _targets(y, N, specs[0][-1].units)
    if any(s[-1].units != y.shape[1] for s in specs):
        raise ValueError("Every net trained together must have the same output width.")
    _check_training(X, epochs, lr, batch_size)
    logits = [check_loss(loss, s) for s in specs]
    seeds = _seeds(seeds)
    S, epochs = len(seeds), int(epochs)
    B = N if batch_size is None else min(int(batch_size), N)

    rngs = [np.random.default_rng(s) for s in seeds]
    bounds = np.cumsum([0] + [_layout(s, n_in)[1] for s in specs])
    flat = np.empty((S, bounds[-1]))                  # every net of every seed, one vector
    grad = np.zeros_like(flat)
    params = [init(s, n_in, seeds, rngs, out=flat[:, a:b])
              for s, a, b in zip(specs, bounds[:-1], bounds[1:])]
    nets = [Network(p, grad[:, a:b]) for p, a, b in zip(params, bounds[:-1], bounds[1:])]
    adam = Adam(flat, _rates(lr, S))
    X_all, y_all = X[None], y[None]                   # (1, N, ·): every seed sees all data

    curves = np.full((epochs, len(specs), S), np.nan)   # (epoch, net, seed)
    alive = np.ones((len(specs), S), bool)
    diverged_epoch = np.full((len(specs), S), -1)
    snapshot = flat.copy()

    def full_data_losses():
        return [full_data_loss(net, X_all, y_all, loss, is_logits)
                for net, is_logits in zip(nets, logits)]

    def losses_of(forwards):
        return [loss_value(loss, hs[-1], zs[-1], y_all, is_logits)
                for (zs, hs), is_logits in zip(forwards, logits)]

    def record(epoch: int, losses) -> None:
        """The loss after `epoch` (one (S,) row per net); a seed whose loss is not finite
        goes back to its parameters after the epoch before and is frozen."""
        now = curves[epoch]
        for j, row in enumerate(losses):
            now[j] = row
        if not math.isfinite(now.sum()):              # one cheap test in the healthy case
            for j, k in zip(*np.nonzero(~np.isfinite(now) & alive)):
                a, b = bounds[j], bounds[j + 1]
                flat[k, a:b] = snapshot[k, a:b]
                adam.m[k, a:b] = adam.v[k, a:b] = 0.0
                alive[j, k], diverged_epoch[j, k] = False, epoch
                if adam.frozen is None:
                    adam.frozen = np.zeros(flat.shape, bool)
                adam.frozen[k, a:b] = True
        if adam.frozen is not None:
            now[~alive] = np.nan                      # frozen rows: no loss from here on
        np.copyto(snapshot, flat)

    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            if B == N:     # full batch: this step's forward is the loss after the last epoch
                losses = full_batch(nets, logits, X_all, y_all, loss, grad)
                if epoch:
                    record(epoch - 1, losses)
                adam.step(grad)
            else:          # each seed its own permutation, in slices of B
                order = np.stack([rng.permutation(N) for rng in rngs])
                Xs, ys = X[order], y[order]
                for a in range(0, N, B):
                    xb, yb = Xs[:, a:a + B], ys[:, a:a + B]
                    for net, is_logits in zip(nets, logits):
                        zs, hs = run_forward(net, xb)
                        backward(net, zs, hs, loss_slope(loss, hs[-1], yb, is_logits),
                                 is_logits)
                    adam.step(grad)
                record(epoch, full_data_losses())
            if callback is not None:
                callback(epoch + 1, epochs)
        if B == N and epochs:      # the same whole-batch forward as every earlier entry
            record(epochs - 1, losses_of([run_forward(net, X_all) for net in nets]))
    return [TrainResult(params[j], np.ascontiguousarray(curves[:, j].T), ~alive[j],
                        diverged_epoch[j], seeds, loss) for j in range(len(specs))]
