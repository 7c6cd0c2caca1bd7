"""Exact breakpoints of a piecewise-linear network along a line, without sampling.

A net of dense layers z = h·W + b, h' = f(z), with f piecewise linear (ReLU, Leaky ReLU,
hardtanh, …: linear between the registry's `kinks`) and a linear output layer. Along the
input segment t ∈ [lo, hi] (1-D input) every pre-activation is affine in t between two
consecutive breakpoints found so far. So, layer by layer: where a unit's z − c changes sign
between two neighbouring points (c a kink of f), it crosses c exactly once, at the point
found by linear interpolation; that point is a new breakpoint. The previous layer's outputs
are affine on the old interval, so interpolating them there is exact too. After the last
hidden layer the activation pattern is constant on each interval: the intervals are the
net's linear regions on the segment (Hanin & Rolnick's count), and the output is linear on
each. Adjacent regions with the same output slope form one linear *piece* of the function
(Telgarsky's count).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actlib.activations import REGISTRY

# Activations that are linear between their kinks: the ones this count is exact for.
PIECEWISE_LINEAR = tuple(k for k in ("relu", "leaky_relu", "prelu", "relu6", "hardtanh")
                         if k in REGISTRY)
SAME_POINT = 1e-12          # relative to hi − lo: two crossings this close are one point
SAME_SLOPE = 1e-9           # relative: adjacent regions with these slopes form one piece


@dataclass(frozen=True)
class Line:
    """The net on [lo, hi]: breakpoints t (lo and hi included, sorted) and outputs y(t)."""
    t: np.ndarray
    y: np.ndarray

    @property
    def regions(self) -> int:
        """Linear regions: intervals between consecutive breakpoints."""
        return len(self.t) - 1

    @property
    def slopes(self) -> np.ndarray:
        return np.diff(self.y) / np.diff(self.t)

    @property
    def pieces(self) -> int:
        """Linear pieces of the output: regions, with neighbours of equal slope merged."""
        s = self.slopes
        changed = np.abs(np.diff(s)) > SAME_SLOPE * np.maximum(1.0, np.abs(s[1:]))
        return 1 + int(np.count_nonzero(changed))


def check_activation(activation: str) -> None:
    if activation not in PIECEWISE_LINEAR:
        raise ValueError(f"Exact region counts need a piecewise-linear activation "
                         f"({', '.join(PIECEWISE_LINEAR)}); got {activation!r}.")


def along_line(layers, activation: str = "relu", params: dict | None = None,
               lo: float = -3.0, hi: float = 3.0) -> Line:
    """The breakpoints and outputs of one net on [lo, hi].

    layers: [(W (n_in, n_out), b (n_out,)), ...]; every layer but the last applies
    REGISTRY[activation] with `params`; the first layer has n_in = 1.
    """
    check_activation(activation)
    act, params = REGISTRY[activation], dict(params or {})
    kinks = act.kinks(**params)
    t = np.array([float(lo), float(hi)])
    h = t[:, None]
    tol = SAME_POINT * (hi - lo)
    for W, b in layers[:-1]:
        z = h @ W + b
        new_t, new_h = [], []
        for c in kinks:
            d = z - c
            i, j = np.nonzero(d[:-1] * d[1:] < 0)          # strict sign change inside
            lam = d[i, j] / (d[i, j] - d[i + 1, j])
            new_t.append(t[i] + lam * (t[i + 1] - t[i]))
            new_h.append(h[i] + lam[:, None] * (h[i + 1] - h[i]))
        if new_t:
            t = np.concatenate([t] + new_t)
            h = np.concatenate([h] + new_h)
            order = np.argsort(t, kind="stable")
            t, h = t[order], h[order]
            keep = np.concatenate([[True], np.diff(t) > tol])
            t, h = t[keep], h[keep]
        h = act.fn(h @ W + b, **params)
    W, b = layers[-1]
    y = (h @ W + b)[:, 0]
    return Line(t, y)


def evaluate(layers, x: np.ndarray, activation: str = "relu", params: dict | None = None) -> np.ndarray:
    """The same net's output at the points x (N,): (N,)."""
    act, params = REGISTRY[activation], dict(params or {})
    h = np.asarray(x, float)[:, None]
    for W, b in layers[:-1]:
        h = act.fn(h @ W + b, **params)
    W, b = layers[-1]
    return (h @ W + b)[:, 0]
