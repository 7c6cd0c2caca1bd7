"""The course's Keras gate models, rebuilt on actlib.nets.mlp.

    setup      network                                   course name
    "linear"   Dense(1, linear)                          or_linear_model, and_linear_model
    "sigmoid"  Dense(1, sigmoid)                         or_sigmoid_model, xor_sigmoid_model
    "hidden"   Dense(h, act) → Dense(1, linear)          Dense(2, sigmoid) → Dense(1): XOR

All are trained as the course compiled them: loss = MSE = mean over the 4 rows of (ŷ − y)²,
Adam(lr = 0.01) in the Keras form, 1000 epochs, full batch (Keras' default batch of 32 holds
all four rows, so each epoch is one step), Glorot-uniform weights, zero biases. A model
*predicts 1 where its output > 0.5* (the course's scatter_plot threshold), and it *solves* a
gate when that prediction is right on all four rows.

A run "blows up" when a loss turns NaN/inf (mlp freezes that seed at its last finite
parameters) or climbs above BLOWUP_LOSS = 100 × 0.25 — a hundred times the loss of the
do-nothing model that always says 0.5. Adam's steps are bounded by lr, so a too-large learning
rate usually shows as a huge finite loss rather than NaN; both are caught.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from actlib.nets import mlp
from actlib.nets.datasets import GATE_INPUTS, GATES, unit_square_grid

SETUPS = ("linear", "sigmoid", "hidden")
CUT = 0.5                        # predict 1 where output > CUT
COURSE_LR, COURSE_EPOCHS = 0.01, 1000
BLOWUP_LOSS = 100 * 0.25
# Each setup by its Keras form: code, so the same in every language (h units, activation f).
KERAS_FORM = {"linear": "Dense(1, linear)", "sigmoid": "Dense(1, sigmoid)",
              "hidden": "Dense(h, f) → Dense(1, linear)"}


def model_spec(setup: str, hidden: int = 2, activation: str = "sigmoid",
               act_params: Mapping[str, float] | None = None) -> tuple:
    """The layers of one course model (hidden size and activation only matter for "hidden")."""
    if setup == "linear":
        return (mlp.Layer(1, "linear"),)
    if setup == "sigmoid":
        return (mlp.Layer(1, "sigmoid"),)
    if setup == "hidden":
        return (mlp.Layer(int(hidden), activation, dict(act_params or {})),
                mlp.Layer(1, "linear"))
    raise ValueError(f"Unknown model {setup!r}: choose one of {', '.join(SETUPS)}.")


@dataclass(frozen=True)
class GateFit:
    """One course model trained on one gate for S seeds.

    outputs (S, 4) the model's output on the four inputs; solved (S,) all four right;
    loss_curve (S, epochs) MSE after each epoch (NaN after a NaN/inf guard fired);
    blew_up (S,) see the module docstring; blew_up_epoch (S,) first epoch (1-based) that did,
    0 = never.
    """
    gate: str
    setup: str
    spec: tuple
    seeds: tuple[int, ...]
    params: mlp.Params
    outputs: np.ndarray
    solved: np.ndarray
    loss_curve: np.ndarray
    blew_up: np.ndarray
    blew_up_epoch: np.ndarray

    @property
    def success_rate(self) -> float:
        """Share of seeds that solve the gate (a blown-up run does not count)."""
        return float(np.mean(self.solved & ~self.blew_up))


def predicts_one(outputs: np.ndarray) -> np.ndarray:
    """The course's rule: class 1 where the output exceeds 0.5."""
    return np.asarray(outputs) > CUT


def fit_gate(gate: str, setup: str, *, hidden: int = 2, activation: str = "sigmoid",
             act_params: Mapping[str, float] | None = None, lr: float = COURSE_LR,
             epochs: int = COURSE_EPOCHS, seeds: Sequence[int] = (0,),
             callback: Callable[[int, int], None] | None = None) -> GateFit:
    """Train the course model `setup` on `gate` for every seed (one batched mlp run).

    Seed k draws its Glorot init from default_rng(seeds[k]) exactly as mlp.train does, so
    the seed shown alone is the same net as row k of a success-rate run.
    """
    X, y = GATES[gate]
    spec = model_spec(setup, hidden, activation, act_params)
    run = mlp.train(X, y.astype(np.float64), spec, seeds=list(seeds), epochs=int(epochs),
                    lr=float(lr), loss="mse", batch_size=None, callback=callback)
    with np.errstate(all="ignore"):
        outputs = mlp.forward(run.params, X)[..., 0]
        curve = run.loss_curve
        bad = ~np.isfinite(curve) | (curve > BLOWUP_LOSS)
    blew_up = run.diverged | bad.any(axis=1)
    first = np.where(bad.any(axis=1), np.argmax(bad, axis=1) + 1, 0)
    solved = np.all(predicts_one(outputs) == (y == 1), axis=1) & np.all(np.isfinite(outputs), 1)
    return GateFit(gate, setup, spec, run.seeds, run.params, outputs, solved, curve, blew_up,
                   first)


def grid_output(fit: GateFit, k: int = 0, n: int = 101) -> tuple[np.ndarray, np.ndarray]:
    """Seed k's output on the course's n×n grid: (axis (n,), image (n, n) [x₂ row, x₁ col])."""
    axis, points = unit_square_grid(n)
    with np.errstate(all="ignore"):
        out = mlp.forward(fit.params.seed(k), points)[0, :, 0]
    return axis, out.reshape(n, n).T


def layer_weights(fit: GateFit, k: int = 0) -> list[dict]:
    """Seed k's learned parameters per layer: W (fan_in, units), b (units,), alpha or None."""
    layers = []
    for W, b, alpha in fit.params.seed(k).unflatten():
        layers.append(dict(W=W[0].copy(), b=b[0, 0].copy(),
                           alpha=None if alpha is None else float(alpha[0])))
    return layers


def success_rate(gate: str, setup: str, **kwargs) -> float:
    """The share of seeds whose model solves `gate` (fit_gate's keyword arguments). Only the
    rate: a run over 1000 seeds × 5000 epochs keeps tens of MB of loss curves."""
    return fit_gate(gate, setup, **kwargs).success_rate


def success_table(gates: Sequence[str], setups: Mapping[str, dict], *, lr: float = COURSE_LR,
                  epochs: int = COURSE_EPOCHS, seeds: Sequence[int] = range(100),
                  progress: Callable[[float], None] | None = None) -> dict[str, np.ndarray]:
    """{setup label: success rate per gate}; setups = {label: fit_gate keyword arguments}."""
    table, jobs, done = {}, len(setups) * len(gates), 0
    for label, kwargs in setups.items():
        rates = []
        for gate in gates:
            rates.append(fit_gate(gate, lr=lr, epochs=epochs, seeds=seeds, **kwargs)
                         .success_rate)
            done += 1
            if progress is not None:
                progress(done / jobs)
        table[label] = np.array(rates)
    return table


__all__ = ["SETUPS", "KERAS_FORM", "CUT", "COURSE_LR", "COURSE_EPOCHS", "BLOWUP_LOSS", "GateFit",
           "model_spec", "fit_gate", "success_rate", "predicts_one", "grid_output",
           "layer_weights", "success_table", "GATE_INPUTS"]
