"""The course's ReLU experiment: six units side by side against three layers of two, on y = x².

Data (the course's): X = −10 + i/100, i = 0..2000; y = target(X) + N(0, noise²), one noise
draw from ``default_rng(noise_seed)`` shared by every training seed, so every net sees the
same data. The *noise floor* is the MSE of the clean target on that data: no net can beat
it on average.

``fit_parallel_vs_serial`` trains both nets for every seed in one `mlp.train_many` loop and
returns an `Arch` per architecture; ``hinges``, ``kinks_and_pieces``, ``yarotsky_table``,
``lr_sweep`` and ``conclusions`` analyse them. Numbers only: figures live in
actlib/figures/approx.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from actlib.nets import mlp
from actlib.activations import get as get_activation
from actlib.nets.mlp import Layer

N_POINTS = 2001
TARGETS: dict[str, tuple[str, Callable[[np.ndarray], np.ndarray]]] = {
    "x2": ("x²", lambda x: x ** 2),
    "abs": ("|x|", np.abs),
    "x3": ("x³/10", lambda x: x ** 3 / 10),
    "sin": ("10·sin x", lambda x: 10 * np.sin(x)),
    "step": ("100·[x ≥ 0]", lambda x: 100.0 * (x >= 0)),
}
# activations whose nets are piecewise linear in x (some with jumps): counting pieces means
# something; every other registry activation bends continuously
PIECEWISE_LINEAR = {"relu", "leaky_relu", "prelu", "rrelu", "relu6", "hardtanh", "softshrink",
                    "hardshrink", "threshold", "binary_step", "linear"}
GOOD_FIT = 1.3          # a "good" fit: MSE within 30% of the noise floor
TIE = 0.05              # medians within 5% of each other: no winner


def course_data(noise: float = 10.0, noise_seed: int = 0, target: str = "x2"):
    """(X, y, y_clean), each (2001,): the course's grid, noisy and clean targets."""
    if target not in TARGETS:
        raise ValueError(f"Unknown target {target!r}; choose one of {', '.join(TARGETS)}.")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"The noise level must be a number ≥ 0 (got {noise}).")
    X = -10 + np.arange(N_POINTS) / 100
    clean = TARGETS[target][1](X)
    return X, clean + noise * np.random.default_rng(noise_seed).standard_normal(N_POINTS), clean


def noise_floor(y: np.ndarray, clean: np.ndarray) -> float:
    """MSE of the perfect prediction (the clean target) on the noisy data."""
    return float(np.mean((y - clean) ** 2))


def net_spec(widths, activation: str = "relu") -> tuple[Layer, ...]:
    """Dense(w, activation) for every width, then Dense(1) linear."""
    widths = tuple(int(w) for w in widths)
    if not widths or min(widths) < 1:
        raise ValueError("An architecture needs at least one hidden layer of at least one unit.")
    return tuple(Layer(w, activation) for w in widths) + (Layer(1),)


@dataclass
class Arch:
    """One architecture trained for every seed (S seeds, N points, H hidden units)."""
    name: str
    widths: tuple[int, ...]
    params: mlp.Params
    mse: np.ndarray            # (S,) final MSE on the noisy data
    mse_clean: np.ndarray      # (S,) final MSE against the clean target
    loss_curve: np.ndarray     # (S, epochs) full-data MSE after each epoch
    predictions: np.ndarray    # (S, N)
    n_params: int
    dead: np.ndarray           # (S, H) unit's f'(z) = 0 on all inputs (ReLU: z ≤ 0 everywhere)
    unit_layer: np.ndarray     # (H,) which hidden layer each unit is in
    diverged: np.ndarray       # (S,)

    @property
    def collapsed(self) -> np.ndarray:
        """(S,) a whole hidden layer dead: the output is a constant."""
        out = np.zeros(len(self.mse), bool)
        for layer in np.unique(self.unit_layer):
            out |= self.dead[:, self.unit_layer == layer].all(axis=1)
        return out

    @property
    def median_seed(self) -> int:
        """Index of the seed whose MSE is the (lower) median."""
        order = np.argsort(np.where(np.isfinite(self.mse), self.mse, np.inf), kind="stable")
        return int(order[(len(order) - 1) // 2])


def dead_units(params: mlp.Params, X) -> tuple[np.ndarray, np.ndarray]:
    """(S, H) dead flags and (H,) layer index: f'(z) = 0 for every input."""
    flags, layers = [], []
    for i, ((z, _), layer) in enumerate(zip(mlp.trace(params, X)[:-1], params.spec[:-1])):
        act = get_activation(layer.activation)
        kw = dict(layer.kwargs) if layer.activation != "prelu" else {}
        flags.append(np.all(act.grad(z, **kw) == 0, axis=1))
        layers += [i] * layer.units
    return np.concatenate(flags, axis=1), np.array(layers)


def _arch(name, widths, result: mlp.TrainResult, X, y, clean) -> Arch:
    pred = mlp.predict(result, X)[:, :, 0]
    dead, unit_layer = dead_units(result.params, X)
    with np.errstate(all="ignore"):
        return Arch(name, tuple(widths), result.params,
                    np.mean((pred - y) ** 2, axis=1), np.mean((pred - clean) ** 2, axis=1),
                    result.loss_curve, pred, mlp.n_params(result.params.spec, 1),
                    dead, unit_layer, result.diverged)


def fit_parallel_vs_serial(*, seeds, epochs: int = 100, lr: float = 0.005,
                           batch_size: int | None = 32, noise: float = 10.0,
                           noise_seed: int = 0, target: str = "x2", activation: str = "relu",
                           parallel=(6,), serial=(2, 2, 2), callback=None) -> dict:
    """Both nets, every seed, one training loop (shared shuffles, one Adam update).

    Returns {"parallel": Arch, "serial": Arch, "X", "y", "clean", "noise_floor", "seeds",
    "settings"}. The course: Dense(6, relu) → Dense(1) against three Dense(2, relu) →
    Dense(1), both 19 parameters, MSE, Adam(0.005), batch 32, 100 epochs.
    """
    X, y, clean = course_data(noise, noise_seed, target)
    specs = [net_spec(parallel, activation), net_spec(serial, activation)]
    par, ser = mlp.train_many(X, y, specs, seeds=seeds, epochs=epochs, lr=lr,
                              batch_size=batch_size, callback=callback)
    return {"parallel": _arch("parallel", parallel, par, X, y, clean),
            "serial": _arch("serial", serial, ser, X, y, clean),
            "X": X, "y": y, "clean": clean, "noise_floor": noise_floor(y, clean),
            "seeds": tuple(int(s) for s in seeds),
            "settings": dict(epochs=epochs, lr=lr, batch_size=batch_size, noise=noise,
                             noise_seed=noise_seed, target=target, activation=activation)}


# ------------------------------------------------------------------------------ analysis
def hinges(arch: Arch, seed_index: int, X) -> dict:
    """The one-hidden-layer net as a sum of hinges: out = Σ_j w₂ⱼ·f(w₁ⱼx + b₁ⱼ) + b₂.

    Returns per unit the contribution on X (H, N), the kink x = (k − b₁)/w₁ for every kink k
    of the activation (NaN when w₁ = 0 or the activation has none), and the output bias.
    """
    if len(arch.widths) != 1:
        raise ValueError("Hinges are defined for a single hidden layer.")
    (W1, b1, _), (W2, b2, _) = arch.params.unflatten()
    layer = arch.params.spec[0]
    z = np.outer(X, W1[seed_index, 0]) + b1[seed_index, 0]             # (N, H)
    h = mlp.trace(arch.params.seed(seed_index), X)[0][1][0]              # f(z), registry or PReLU
    parts = (h * W2[seed_index, :, 0]).T
    kink_values = get_activation(layer.activation).kinks(
        **({} if layer.activation == "prelu" else layer.kwargs)) if layer.activation != "linear" else []
    w, b = W1[seed_index, 0], b1[seed_index, 0]
    with np.errstate(all="ignore"):
        kinks = np.array([[(k - bj) / wj if wj != 0 else np.nan for k in kink_values] or [np.nan]
                          for wj, bj in zip(w, b)])
    return {"contributions": parts, "kinks": kinks[:, 0], "bias": float(b2[seed_index, 0, 0]),
            "z": z}


def kinks_and_pieces(arch: Arch, seed_index: int, lo: float = -10.0, hi: float = 10.0,
                     n: int = 200_001) -> dict:
    """Where the net's output bends on [lo, hi] and how many linear pieces it uses.

    For a piecewise-linear activation the output is affine wherever no hidden unit's
    pre-activation crosses one of the activation's kinks. Crossings are found on a fine grid
    (located by linear interpolation, exact for an affine pre-activation); a crossing that
    leaves the output's slope and value unchanged (e.g. behind a dead unit) is not a kink
    of the output; a jump (binary step, threshold) is. Returns {"kinks": x positions where the slope changes, "pieces": count,
    "crossings": all unit crossings} or pieces None for curved activations.
    """
    spec = arch.params.spec
    act_key = spec[0].activation
    if act_key not in PIECEWISE_LINEAR:
        return {"kinks": np.array([]), "pieces": None, "crossings": np.array([])}
    x = np.linspace(lo, hi, n)
    one = arch.params.seed(seed_index)
    zh = mlp.trace(one, x)
    out = zh[-1][1][0, :, 0]
    crossings = []
    for (z, _), layer in zip(zh[:-1], spec[:-1]):
        kw = {} if layer.activation == "prelu" else layer.kwargs
        for k in get_activation(layer.activation).kinks(**kw) if layer.activation != "linear" else []:
            s = z[0] - k                                       # (n, units)
            i, j = np.nonzero(np.sign(s[:-1]) * np.sign(s[1:]) < 0)
            t = s[i, j] / (s[i, j] - s[i + 1, j])
            crossings += list(x[i] + t * (x[i + 1] - x[i]))
            exact = (s[1:-1] == 0) & (s[:-2] * s[2:] < 0)     # lands on a grid point
            crossings += list(x[np.nonzero(exact.any(axis=1))[0] + 1])
    crossings = np.unique(np.round(np.array(crossings, float), 9))
    edges = np.concatenate([[lo], crossings, [hi]])
    u = edges[:-1] + (edges[1:] - edges[:-1]) / 3              # two points inside each segment
    v = edges[:-1] + 2 * (edges[1:] - edges[:-1]) / 3
    f = mlp.forward(one, np.concatenate([u, v]))[0, :, 0]
    fu = f[:len(u)]
    with np.errstate(all="ignore"):
        slopes = np.where(v > u, (f[len(u):] - fu) / (v - u), np.nan)
        # each side's line at the crossing: a jump (binary step, threshold) breaks too
        left = fu[:-1] + slopes[:-1] * (crossings - u[:-1])
        right = fu[1:] + slopes[1:] * (crossings - u[1:])
    scale = max(1.0, float(np.nanmax(np.abs(slopes))) if len(slopes) else 1.0)
    height = max(1.0, float(np.max(np.abs(f))))
    bends = (np.abs(np.diff(slopes)) > 1e-7 * scale) | (np.abs(left - right) > 1e-7 * height)
    kinks = crossings[bends] if len(crossings) else crossings
    return {"kinks": kinks, "pieces": int(len(kinks) + 1), "crossings": crossings,
            "output": out}


# ----------------------------------------------------------------------- Yarotsky's net
def yarotsky_params(m: int, half_width: float = 10.0) -> mlp.Params:
    """Yarotsky's deep ReLU net for x² on [−a, a] (arXiv:1610.01145), as real mlp weights.

    t = |x|/a = σ(x/a) + σ(−x/a) ∈ [0, 1]. With the tooth g(u) = 2σ(u) − 4σ(u − ½) +
    2σ(u − 1), g_s = g∘…∘g (s times) and f_s = t − Σ_{r≤s} g_r/4^r, hidden layer s carries
    [σ(g_{s−1}), σ(g_{s−1} − ½), σ(g_{s−1} − 1), σ(f_{s−1})] (g₀ = f₀ = t; everything it
    passes through σ is ≥ 0 on [0, 1], so σ is the identity there). The output is
    a²·f_m(t): f_m is the piecewise-linear interpolant of t² at the points k/2^m, so the
    error is at most a²·2^(−2m−2), reached at the midpoints.
    """
    if int(m) != m or m < 1:
        raise ValueError("m must be a whole number ≥ 1.")
    a = float(half_width)
    tooth = np.array([2.0, -4.0, 2.0])                  # g = tooth · [σ(u), σ(u−½), σ(u−1)]
    shifts = np.array([0.0, -0.5, -1.0])
    weights = [(np.array([[1 / a, -1 / a]]), np.zeros(2))]
    W = np.zeros((2, 4))                                # layer 1: u = t, acc = t
    W[:, :3], W[:, 3] = 1.0, 1.0
    weights.append((W, np.concatenate([shifts, [0.0]])))
    for s in range(1, m):                               # g_s and f_s from layer s's units
        W = np.zeros((4, 4))
        W[:3, :3] = tooth[:, None]                      # each new unit reads g_s
        W[:3, 3] = -tooth / 4 ** s                      # f_s = f_{s−1} − g_s/4^s
        W[3, 3] = 1.0
        weights.append((W, np.concatenate([shifts, [0.0]])))
    W_out = a * a * np.concatenate([-tooth / 4 ** m, [1.0]])[:, None]
    weights.append((W_out, np.zeros(1)))
    spec = (Layer(2, "relu"),) + (Layer(4, "relu"),) * m + (Layer(1),)
    return mlp.from_weights(spec, 1, weights)


def yarotsky_table(ms=range(1, 7), half_width: float = 10.0, data=None) -> list[dict]:
    """Per m: parameters, hidden layers, max |error| on a grid holding every midpoint, the
    theory a²·2^(−2m−2), and (with data=(X, y, clean)) MSE on the course's data."""
    rows = []
    for m in ms:
        p = yarotsky_params(m, half_width)
        t = np.arange(2 ** (m + 3) + 1) / 2 ** (m + 3)      # dyadic: holds every midpoint
        x = np.concatenate([-t[::-1], t]) * half_width
        err = np.max(np.abs(mlp.forward(p, x)[0, :, 0] - x ** 2))
        row = {"m": m, "n_params": mlp.n_params(p.spec, 1), "hidden_layers": len(p.spec) - 1,
               "max_error": float(err), "theory": half_width ** 2 * 2.0 ** (-2 * m - 2)}
        if data is not None:
            X, y, clean = data
            pred = mlp.forward(p, X)[0, :, 0]
            row["mse"] = float(np.mean((pred - y) ** 2))
            row["mse_clean"] = float(np.mean((pred - clean) ** 2))
        rows.append(row)
    return rows


# ---------------------------------------------------------------------- dying ReLU sweep
SWEEP_RATES = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)


def lr_sweep(*, seeds, rates=SWEEP_RATES, activations=("relu", "leaky_relu"),
             widths=(2, 2, 2), epochs: int = 20, batch_size: int | None = 32,
             noise: float = 10.0, noise_seed: int = 0, target: str = "x2",
             callback=None) -> dict:
    """Dying ReLU: for each activation and learning rate, the fraction of dead hidden units
    and the final MSE, over `seeds`. One batched run: the seeds are repeated per rate (the
    same inits for every rate) and every activation is a net in the same loop.

    Returns {"rates", "activations", "dead_fraction" (A, R), "median_mse" (A, R),
    "mse" (A, R, S), "diverged" (A, R, S), "noise_floor"}.
    """
    seeds = tuple(int(s) for s in seeds)
    X, y, clean = course_data(noise, noise_seed, target)
    rows = [s for _ in rates for s in seeds]
    lrs = [r for r in rates for _ in seeds]
    results = mlp.train_many(X, y, [net_spec(widths, a) for a in activations], seeds=rows,
                             lr=lrs, epochs=epochs, batch_size=batch_size, callback=callback)
    R, S = len(rates), len(seeds)
    dead_frac, med, mse, div = [], [], [], []
    for res in results:
        pred = mlp.predict(res, X)[:, :, 0]
        e = np.mean((pred - y) ** 2, axis=1).reshape(R, S)
        dead = dead_units(res.params, X)[0].reshape(R, S, -1)
        dead_frac.append(dead.mean(axis=(1, 2)))
        med.append(np.median(e, axis=1))
        mse.append(e)
        div.append(res.diverged.reshape(R, S))
    return {"rates": tuple(rates), "activations": tuple(activations),
            "dead_fraction": np.array(dead_frac), "median_mse": np.array(med),
            "mse": np.array(mse), "diverged": np.array(div), "noise_floor": noise_floor(y, clean),
            "widths": tuple(widths), "epochs": epochs}


# ---------------------------------------------------------------------------- conclusions
def outcome(arch: Arch, floor: float) -> np.ndarray:
    """(S,) per seed: "good" (MSE ≤ 1.3 × floor), "constant" (a hidden layer all dead),
    "diverged", or "partial"."""
    kind = np.where(arch.mse <= GOOD_FIT * floor, "good", "partial").astype(object)
    kind[arch.collapsed & (kind != "good")] = "constant"
    kind[arch.diverged] = "diverged"
    return kind


def conclusions(fit: dict) -> dict:
    """What this run says, from its own numbers: medians, winner, how many seeds fit well,
    how many collapsed to a constant, dead units — one entry per architecture."""
    floor = fit["noise_floor"]
    per = {}
    for name in ("parallel", "serial"):
        arch = fit[name]
        kinds = outcome(arch, floor)
        per[name] = {"median": float(np.nanmedian(arch.mse)) if np.isfinite(arch.mse).any()
                     else float("nan"),
                     "good": int(np.sum(kinds == "good")),
                     "constant": int(np.sum(kinds == "constant")),
                     "partial": int(np.sum(kinds == "partial")),
                     "diverged": int(np.sum(kinds == "diverged")),
                     "dead_units": float(arch.dead.sum(axis=1).mean()),
                     "n_units": int(arch.dead.shape[1]), "n_params": arch.n_params,
                     "n_seeds": len(arch.mse)}
    p, s = per["parallel"]["median"], per["serial"]["median"]
    if not (np.isfinite(p) and np.isfinite(s)):
        winner = "parallel" if np.isfinite(p) else "serial" if np.isfinite(s) else "none"
    elif abs(p - s) <= TIE * min(p, s):
        winner = "tie"
    else:
        winner = "parallel" if p < s else "serial"
    return {"winner": winner, "noise_floor": floor, **per,
            "ratio": float(max(p, s) / min(p, s)) if min(p, s) > 0 else float("nan")}
