"""What an activation is like, for the given parameters: declared facts plus measured ones.

Declared in its entry (exact, worked out from the formula for any parameters): output
range, monotonicity, smoothness class, kinks. Computed here for the given parameters: the
mean output E[f(z)] and mean slope E[f′(z)] for z ~ N(0, 1), and the flat regions where
|f′| < FLAT_SLOPE (saturation or a dead zone) on a fine grid.

This module imports nothing of the registry: it takes any object with the Activation
interface, and caches by that object itself (activations hash by identity), so a modified
copy made with dataclasses.replace gets its own numbers.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

FLAT_SLOPE = 0.1           # |f′| below this counts as flat: saturation or dead zone
SPAN = 20.0                # flat regions touching ±SPAN are reported as reaching ±∞
ZERO_CENTRED_TOL = 1e-3    # |E[f(z)]| below this counts as zero-centred
TAIL = 12.0                # the quadrature covers ±12σ; beyond it the weight is < 1e-32


@dataclass(frozen=True)
class Properties:
    output_range: tuple[float, float]
    monotonic: bool                      # non-decreasing or non-increasing on all of ℝ
    smoothness: str                      # "discontinuous" | "C⁰" | "C¹" | "C∞"
    mean_output: float                   # E[f(z)], z ~ N(0, 1)
    mean_slope: float                    # E[f′(z)], z ~ N(0, 1)
    zero_centred: bool                   # |E[f(z)]| < ZERO_CENTRED_TOL
    flat_regions: tuple[tuple[float, float], ...]   # where |f′| < FLAT_SLOPE
    kinks: tuple[float, ...]


def flat_intervals(x: np.ndarray, slope: np.ndarray, span: float | None = None):
    """Maximal intervals of the sorted grid `x` where |slope| < FLAT_SLOPE.

    Single grid points (an isolated kink value) are not regions. With `span`, an interval
    reaching ±span is reported as reaching ±∞ (the tails of every activation here are
    either linear or saturated, so they do not change beyond it).
    """
    flat = np.abs(slope) < FLAT_SLOPE
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flat.astype(np.int8), [0]))))
    out = []
    for start, stop in zip(edges[::2], edges[1::2]):
        if stop - start < 2:
            continue
        lo, hi = float(x[start]), float(x[stop - 1])
        if span is not None:
            lo = -math.inf if lo <= -span else lo
            hi = math.inf if hi >= span else hi
        out.append((lo, hi))
    return tuple(out)


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(48)


def gaussian_means(act, params: dict) -> tuple[float, float]:
    """E[f(z)] and E[f′(z)] for z ~ N(0, 1): Gauss–Legendre on pieces of ±12σ.

    The pieces are cut at every kink and break (where f or f′ is not C∞), and at 0, ±3 and
    ±6 so that no piece is wider than 6σ: on each piece the integrand is then analytic, and
    48 nodes a piece agree with scipy's adaptive quad to ~1e-14 at the defaults and every
    slider end (tests/unit/test_properties.py checks 1e-12).
    """
    special = [*act.kinks(**params), *act.breaks(**params)]
    cuts = sorted({-TAIL, -6.0, -3.0, 0.0, 3.0, 6.0, TAIL,
                   *(float(k) for k in special if -TAIL < k < TAIL)})
    z, w = [], []
    for a, b in zip(cuts[:-1], cuts[1:]):
        z.append((b - a) / 2 * _NODES + (a + b) / 2)
        w.append((b - a) / 2 * _WEIGHTS)
    z, w = np.concatenate(z), np.concatenate(w)
    w = w * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    f, df = act.value_and_grad(z, **params)
    return float(w @ f), float(w @ df)


@functools.lru_cache(maxsize=512)
def _properties(act, items: tuple) -> Properties:
    params = dict(items)
    mean_out, mean_slope = gaussian_means(act, params)
    x = np.linspace(-SPAN, SPAN, 40_001)
    return Properties(
        output_range=tuple(float(v) for v in act.output_range(**params)),
        monotonic=bool(act.monotonic(**params)),
        smoothness=act.smoothness(**params),
        mean_output=mean_out,
        mean_slope=mean_slope,
        zero_centred=abs(mean_out) < ZERO_CENTRED_TOL,
        flat_regions=flat_intervals(x, act.grad(x, **params), span=SPAN),
        kinks=tuple(float(k) for k in act.kinks(**params)),
    )


def properties(act, **params) -> Properties:
    """The properties of `act` with `params` (defaults filled in; invalid ones: ParamError)."""
    full = act.checked(**params)
    return _properties(act, tuple(sorted((k, float(v)) for k, v in full.items())))
