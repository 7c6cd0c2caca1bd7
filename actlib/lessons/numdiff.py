"""Numerical differentiation, why depth needs a nonlinearity, and where naive formulas overflow.

Finite differences, for a step h > 0:

    forward   D₊f(x) = (f(x + h) − f(x)) / h          error ≈ h/2 · |f''|   + ε|f|/h
    backward  D₋f(x) = (f(x) − f(x − h)) / h          error ≈ h/2 · |f''|   + ε|f|/h
    central   D₀f(x) = (f(x + h) − f(x − h)) / (2h)   error ≈ h²/6 · |f'''| + ε|f|/h

The first term (truncation) shrinks with h; the second (round-off: f is only known to
about ε ≈ 1.1e-16 relative, float64) grows as h shrinks. Their sum is smallest near
h ≈ √ε ≈ 1e-8 for the one-sided schemes and h ≈ ∛ε ≈ 1e-5 for the central one; the course's
h = 1e-15 sits deep in the round-off regime. `error_vs_h` measures the whole curve.

Linear layers collapse: y = W_k(…(W_2(W_1 x + b_1) + b_2)…) + b_k is one affine map
y = W x + b with W = W_k ⋯ W_1, so stacking linear layers adds no expressive power; an
activation between the layers breaks that (`linearity_residual` measures how much).

Overflow: the course wrote tanh as (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ), which is ∞/∞ = NaN once eˣ
overflows (|x| > ln(max float): ≈ 709.78 in float64, ≈ 88.72 in float32), and the sigmoid as
1/(1 + e⁻ˣ), whose e⁻ˣ overflows for x < −709.78 (a warning; the value itself rounds to 0,
and log σ(x) becomes −∞). Every function here computes under np.errstate, so no warning leaks.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from actlib.activations import sigmoid as stable_sigmoid
from actlib.activations import REGISTRY, softmax
from actlib.lessons.curves import parse_numbers
from actlib.errors import ParseError, declare

Fn = Callable[[np.ndarray], np.ndarray]
SCHEMES = ("forward", "backward", "central")
COURSE_H = 1e-15                     # the course's num_derivative step ("try changing it")


# ---------------------------------------------------------------- finite differences
def forward_difference(f: Fn, x, h: float) -> np.ndarray:
    """(f(x + h) − f(x)) / h: first-order accurate, error O(h)."""
    return (f(x + h) - f(x)) / h


def backward_difference(f: Fn, x, h: float) -> np.ndarray:
    """(f(x) − f(x − h)) / h: first-order accurate, error O(h)."""
    return (f(x) - f(x - h)) / h


def central_difference(f: Fn, x, h: float) -> np.ndarray:
    """(f(x + h) − f(x − h)) / 2h: second-order accurate, error O(h²)."""
    return (f(x + h) - f(x - h)) / (2 * h)


_DIFFERENCES = {"forward": forward_difference, "backward": backward_difference,
                "central": central_difference}


def difference(f: Fn, x, h, scheme: str = "central") -> np.ndarray:
    """The `scheme` finite difference of f at x with step h (x and h broadcast together)."""
    if scheme not in _DIFFERENCES:
        raise ValueError(f"scheme must be one of {SCHEMES}, not {scheme!r}.")
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if np.any(h <= 0):
        raise ValueError("The step h must be positive.")
    with np.errstate(all="ignore"):
        return _DIFFERENCES[scheme](f, x, h)


def default_hs(per_decade: int = 4) -> np.ndarray:
    """Steps 1e-16 … 1e-1 evenly spaced on a log scale (61 values by default)."""
    return np.logspace(-16, -1, 15 * per_decade + 1)


def error_vs_h(f: Fn, df: Fn, x, hs, scheme: str = "central") -> np.ndarray:
    """max over x of |difference(f, x, h) − df(x)|, for each h in hs (float64).

    All steps are evaluated in one broadcast call: f sees an array of shape (len(hs), len(x)).
    """
    x = np.asarray(x, dtype=np.float64).reshape(1, -1)
    hs = np.asarray(hs, dtype=np.float64).reshape(-1, 1)
    with np.errstate(all="ignore"):
        errors = np.abs(difference(f, x, hs, scheme) - df(x))
    return np.nanmax(errors, axis=1) if errors.size else np.zeros(hs.shape[0])


def best_h(hs, errors) -> float:
    """The step with the smallest error (the bottom of the V on the log-log plot)."""
    return float(np.asarray(hs)[int(np.nanargmin(errors))])


def away_from_kinks(x, kinks, margin: float) -> np.ndarray:
    """Boolean mask of x farther than `margin` from every kink.

    Within h of a kink a finite difference straddles the jump in f' (or in f), and its
    error stays O(1) however small h gets: a different lesson from truncation vs round-off,
    so the error-vs-h curve leaves those points out (the page says so).
    """
    x = np.asarray(x, dtype=np.float64)
    keep = np.ones(x.shape, dtype=bool)
    for k in kinks:
        keep &= np.abs(x - k) > margin
    return keep


def activation_fns(key: str, **params) -> tuple[Fn, Fn]:
    """(f, f') of a registry activation with its parameters bound, for the functions above."""
    act = REGISTRY[key]
    return (lambda x: act.fn(x, **params)), (lambda x: act.grad(x, **params))


# ---------------------------------------------------------------- linear layers collapse
def random_layers(k: int, width: int = 2, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """k affine layers (W, b) of size width × width: y = W x + b.

    W = U · diag(s) · Vᵀ with random orthogonal U, V and singular values s ∈ [0.6, 1.4], so
    a stack of ten neither explodes nor vanishes; b ~ N(0, 0.5²).
    """
    if k < 1 or width < 1:
        raise ValueError("Need at least one layer of width at least one.")
    rng = np.random.default_rng(seed)
    layers = []
    for _ in range(k):
        u, _r = np.linalg.qr(rng.normal(size=(width, width)))
        v, _r = np.linalg.qr(rng.normal(size=(width, width)))
        s = rng.uniform(0.6, 1.4, size=width)
        layers.append(((u * s) @ v.T, rng.normal(0.0, 0.5, size=width)))
    return layers


def run_layers(layers, points, between: Fn | None = None) -> np.ndarray:
    """Push points (rows, shape (m, width)) through the layers; `between` after every layer
    but the last (as in a network's hidden layers). between=None means no activation."""
    y = np.asarray(points, dtype=np.float64)
    for i, (w, b) in enumerate(layers):
        y = y @ w.T + b
        if between is not None and i < len(layers) - 1:
            y = between(y)
    return y


def linear_pieces(layers, points, between: Fn, between_grad: Fn) -> np.ndarray:
    """Which linear piece of the stack each point falls in: an integer label per point.

    For a piecewise-linear activation the stack is one affine map on each set of points
    that meet the same slopes f'(z) in every unit of every hidden layer (for ReLU: the same
    units on and off); points are labelled by that pattern, pieces numbered in order of
    first appearance. Meaningful only when the activation is piecewise linear.
    """
    y = np.asarray(points, dtype=np.float64)
    slopes = []
    for w, b in layers[:-1]:
        z = y @ w.T + b
        slopes.append(np.asarray(between_grad(z), dtype=np.float64))
        y = np.asarray(between(z), dtype=np.float64)
    if not slopes:
        return np.zeros(len(y), dtype=int)
    pattern = np.round(np.hstack(slopes), 9)
    _, first, labels = np.unique(pattern, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))            # number pieces by first appearance
    return order[labels.reshape(-1)]


def collapse(layers) -> tuple[np.ndarray, np.ndarray]:
    """The single affine map equal to the linear stack: W = W_k ⋯ W_1, b = the stack at 0."""
    width = layers[0][0].shape[1]
    w = np.eye(width)
    b = np.zeros(width)
    for wi, bi in layers:
        w, b = wi @ w, wi @ b + bi
    return w, b


def linearity_residual(points, outputs) -> float:
    """How far outputs are from any affine function of the points, in [0, 1].

    Least-squares fit outputs ≈ [points 1]·β; returns ‖residual‖ / ‖outputs − mean‖
    (0 for an exactly affine map up to round-off, ≈ 1 when no affine map explains anything).
    """
    x = np.asarray(points, dtype=np.float64)
    y = np.asarray(outputs, dtype=np.float64)
    design = np.hstack([x, np.ones((x.shape[0], 1))])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    spread = np.linalg.norm(y - y.mean(axis=0))
    return float(np.linalg.norm(y - design @ beta) / spread) if spread > 0 else 0.0


def piecewise_linear(fn: Fn, kinks=(), lo: float = -10.0, hi: float = 10.0,
                     points: int = 4001) -> bool:
    """Whether fn is straight between its kinks on [lo, hi] (ReLU, Hardtanh, step) or curved.

    Tests the second difference f(x+h) − 2f(x) + f(x−h) ≈ f''(x)·h² with h = 1e-3 at points
    more than 2h from every kink: a straight piece leaves only rounding (≲ 1e-15 · max|f|),
    while a curvature |f''| above 1e-3 · max(1, max|f|) anywhere counts as curved (tanh,
    GELU, softplus have |f''| ≈ 0.1–0.8 near 0).
    """
    h = 1e-3
    x = np.linspace(lo, hi, points)
    x = x[away_from_kinks(x, kinks, 2 * h)]
    f0 = np.asarray(fn(x), dtype=np.float64)
    second = np.asarray(fn(x + h), dtype=np.float64) - 2 * f0 + np.asarray(fn(x - h), dtype=np.float64)
    scale = max(1.0, float(np.max(np.abs(f0)))) if f0.size else 1.0
    return bool(np.all(np.abs(second) <= 1e-9 * scale))


def image_dimension(points, outputs) -> int:
    """2, 1 or 0: whether the outputs still fill an area, lie on one straight line, or sit at
    one point — relative to how far the inputs spread (singular values of the centred outputs
    below 1e-9 of the inputs' largest one count as 0)."""
    x = np.asarray(points, dtype=np.float64)
    y = np.asarray(outputs, dtype=np.float64)
    spread_in = np.linalg.svd(x - x.mean(axis=0), compute_uv=False)[0]
    spread_out = np.linalg.svd(y - y.mean(axis=0), compute_uv=False)
    return int(np.count_nonzero(spread_out > 1e-9 * spread_in))


def grid_lines(lo: float = -2.0, hi: float = 2.0, lines: int = 9, points: int = 60) -> np.ndarray:
    """A square grid drawn as polylines, shape (2·lines, points, 2): where a map bends space."""
    ticks = np.linspace(lo, hi, lines)
    run = np.linspace(lo, hi, points)
    horizontal = np.stack(np.broadcast_arrays(run[None, :], ticks[:, None]), axis=-1)
    vertical = np.stack(np.broadcast_arrays(ticks[:, None], run[None, :]), axis=-1)
    return np.concatenate([horizontal, vertical])


# ---------------------------------------------------------------- overflow
def course_tanh(x) -> np.ndarray:
    """The course's tanh, (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ): NaN once eˣ overflows. Warnings silenced."""
    x = np.asarray(x)
    with np.errstate(all="ignore"):
        return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def course_sigmoid(x) -> np.ndarray:
    """The course's sigmoid, 1/(1 + np.exp(−x).astype(np.float64)). Warnings silenced."""
    x = np.asarray(x)
    with np.errstate(all="ignore"):
        return 1 / (1 + np.exp(-x).astype(np.float64))


def exp_overflows(x) -> np.ndarray:
    """True where e^|x| is ∞ in x's dtype: where the course's formulas hit overflow."""
    x = np.asarray(x)
    with np.errstate(all="ignore"):
        return np.isinf(np.exp(np.abs(x)))


def first_nan(fn: Fn, dtype=np.float64, lo: float = 1.0, hi: float = 1e4) -> float:
    """Smallest x in (lo, hi] at which fn(x) (computed in `dtype`) is not finite, by bisection.

    Needs fn(lo) finite and fn(hi) not; 200 halvings pin it to the dtype's resolution.
    """
    dtype = np.dtype(dtype)
    bad = lambda v: not np.isfinite(fn(np.asarray(v, dtype=dtype)))
    if bad(lo) or not bad(hi):
        raise ValueError("fn must be finite at lo and not finite at hi.")
    for _ in range(200):
        mid = float(dtype.type((lo + hi) / 2))
        if mid in (lo, hi):
            break
        lo, hi = (lo, mid) if bad(mid) else (mid, hi)
    return hi


def overflow_table(xs, dtype=np.float64) -> dict[str, np.ndarray]:
    """The course's tanh and sigmoid against stable ones at each x, computed in `dtype`.

    Columns: x, course_tanh, tanh (np.tanh), course_sigmoid, sigmoid (via e^−|x|),
    log_course_sigmoid (log of the course's value: −∞ where it rounded to 0), logsigmoid
    (min(x, 0) − log1p(e^−|x|), finite everywhere), overflow (e^|x| is ∞ in dtype).
    """
    x = np.asarray(xs, dtype=dtype)
    with np.errstate(all="ignore"):
        naive = course_sigmoid(x)
        return {"x": x, "course_tanh": course_tanh(x), "tanh": np.tanh(x),
                "course_sigmoid": naive, "sigmoid": stable_sigmoid(x),
                "log_course_sigmoid": np.log(naive),
                "logsigmoid": REGISTRY["logsigmoid"].fn(x),
                "overflow": exp_overflows(x)}


def naive_softmax(z, temperature: float = 1.0) -> np.ndarray:
    """e^(z/T) / Σ e^(z/T) without subtracting the max: NaN once e^(z/T) overflows."""
    z = np.asarray(z, dtype=np.float64) / temperature
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / e.sum()


def two_class_check(a: float, b: float, temperature: float = 1.0) -> tuple[float, float]:
    """(softmax([a, b]/T)[0], σ((a − b)/T)): equal, since e^a/(e^a + e^b) = 1/(1 + e^−(a−b))."""
    p = softmax(np.array([a, b], dtype=np.float64), temperature=temperature)
    return float(p[0]), float(stable_sigmoid(np.float64((a - b) / temperature)))


LOGITS_MIN, LOGITS_MAX, LOGIT_LIMIT = 3, 10, 1e6
LOGITS_COUNT = declare("count", "Give between 3 and 10 logits (got {value}).")


def parse_logits(text: str) -> np.ndarray:
    """"2, 1, 0.1" → array of 3–10 logits. ParseError naming what is wrong: "count" (value:
    how many) for too few or too many, "not_number" or "out_of_range" (value: the token;
    |z| > 1e6 or not finite: large logits like 1000 are fine, that is the point)."""
    values = parse_numbers(text, LOGIT_LIMIT)
    if not LOGITS_MIN <= len(values) <= LOGITS_MAX:
        raise ParseError(LOGITS_COUNT, value=len(values))
    return np.array(values)
