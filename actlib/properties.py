"""What an activation is like, for the given parameters: declared facts plus measured ones.

Declared in the registry (exact, worked out from the formula for any parameters): output
range, monotonicity, smoothness class, kinks. Computed here for the given parameters: the
mean output E[f(z)] and mean slope E[f'(z)] for z ~ N(0, 1) (Gauss–Legendre), and the flat
regions where |f'| < FLAT_SLOPE (saturation or a dead zone) on a fine grid.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from actlib.activations import FLAT_SLOPE, REGISTRY, Activation

SPAN = 20.0                # flat regions touching ±SPAN are reported as reaching ±∞
ZERO_CENTRED_TOL = 1e-3    # |E[f(z)]| below this counts as zero-centred


@dataclass(frozen=True)
class Properties:
    output_range: tuple[float, float]
    monotonic: bool                      # non-decreasing or non-increasing on all of ℝ
    smoothness: str                      # "discontinuous" | "C⁰" | "C¹" | "C∞"
    mean_output: float                   # E[f(z)], z ~ N(0, 1)
    mean_slope: float                    # E[f'(z)], z ~ N(0, 1)
    zero_centred: bool                   # |E[f(z)]| < ZERO_CENTRED_TOL
    flat_regions: tuple[tuple[float, float], ...]   # where |f'| < FLAT_SLOPE
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


_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(64)


def _gaussian_means(act: Activation, params: dict) -> tuple[float, float]:
    """E[f(z)] and E[f'(z)] for z ~ N(0, 1): Gauss–Legendre on each smooth piece of ±12σ.

    Splitting at the kinks keeps every piece smooth, so 64 nodes a piece give ~1e-12
    (the tails beyond 12σ weigh < 1e-32).
    """
    cuts = sorted({-12.0, 12.0, *(k for k in act.kinks(**params) if -12 < k < 12)})
    z, w = [], []
    for a, b in zip(cuts[:-1], cuts[1:]):
        z.append((b - a) / 2 * _GL_NODES + (a + b) / 2)
        w.append((b - a) / 2 * _GL_WEIGHTS)
    z, w = np.concatenate(z), np.concatenate(w)
    w = w * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    f, df = act.value_and_grad(z, **params)
    return float(w @ f), float(w @ df)


@functools.lru_cache(maxsize=512)
def _properties(key: str, items: tuple) -> Properties:
    act = REGISTRY[key]
    params = dict(items)
    mean_out, mean_slope = _gaussian_means(act, params)
    x = np.linspace(-SPAN, SPAN, 40_001)
    return Properties(
        output_range=tuple(float(v) for v in act.output_range(**params)),
        monotonic=act.monotonic(**params),
        smoothness=act.smoothness(**params),
        mean_output=mean_out,
        mean_slope=mean_slope,
        zero_centred=abs(mean_out) < ZERO_CENTRED_TOL,
        flat_regions=flat_intervals(x, act.grad(x, **params), span=SPAN),
        kinks=tuple(float(k) for k in act.kinks(**params)),
    )


def properties(act: Activation, **params) -> Properties:
    """The properties of `act` with `params` (defaults filled in; invalid ones raise ValueError)."""
    full = act.with_defaults(**params)
    act.fn(np.zeros(1), **full)                  # validates the parameters
    return _properties(act.key, tuple(sorted((k, float(v)) for k, v in full.items())))
