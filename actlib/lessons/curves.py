"""What the activation pages plot, computed once: grids, curves, kink conventions, probes."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actlib.activations import Activation
from actlib.activations.properties import flat_intervals
from actlib.errors import ParseError, declare

NOT_NUMBER = declare("not_number", "{value} is not a number.")
OUT_OF_RANGE = declare("out_of_range", "{value} is outside ±{limit:g}.")
EMPTY = declare("empty", "Type at least one number.")
TOO_MANY = declare("too_many", "At most {value} values at once.")

COURSE_RANGE = (-10.0, 10.0)
COURSE_POINTS = 2001          # x = −10 + i/100, i = 0..2000: x = 0 is on the grid


def grid(lo: float = COURSE_RANGE[0], hi: float = COURSE_RANGE[1], n: int = COURSE_POINTS,
         kinks=()) -> np.ndarray:
    """lo + (hi − lo)·i/(n − 1), plus 0 and every kink in range (so a kink is drawn exactly).

    With the defaults this is the course's grid −10 + i/100.
    """
    if not hi > lo:
        raise ValueError(f"The x-range needs min < max (got {lo} … {hi}).")
    x = lo + (hi - lo) * np.arange(n) / (n - 1)
    extra = [k for k in (0.0, *kinks) if lo < k < hi]
    return np.union1d(x, extra) if extra else x


@dataclass(frozen=True)
class Curve:
    x: np.ndarray
    f: np.ndarray
    df: np.ndarray
    flat: tuple[tuple[float, float], ...]      # where |f'| < FLAT_SLOPE, within [x0, x−1]


def curve(act: Activation, lo: float, hi: float, n: int = COURSE_POINTS, **params) -> Curve:
    x = grid(lo, hi, n, act.kinks(**params))
    f, df = act.value_and_grad(x, **params)
    return Curve(x, f, df, flat_intervals(x, df))


@dataclass(frozen=True)
class KinkRule:
    x: float
    left: float       # lim f'(x − ε)
    right: float      # lim f'(x + ε)
    value: float      # what grad returns at x (PyTorch's convention)
    side: str         # "left" | "right" | "neither" | "both" (the one-sided slopes agree)
    jump: float       # f(x + ε) − f(x − ε): non-zero where f itself is discontinuous


def kink_rules(act: Activation, **params) -> list[KinkRule]:
    """At each kink: both one-sided slopes and the value actually used at the point."""
    rules = []
    for k in act.kinks(**params):
        eps = 1e-9 * max(1.0, abs(k))
        around = np.array([k - eps, k, k + eps])
        left, at, right = (float(v) for v in act.grad(around, **params))
        f_left, _, f_right = act.fn(around, **params)
        jump = float(f_right - f_left)
        if abs(left - right) < 1e-6:
            side = "both"
        elif abs(at - left) < 1e-6:
            side = "left"
        elif abs(at - right) < 1e-6:
            side = "right"
        else:
            side = "neither"
        rules.append(KinkRule(float(k), left, right, at, side, jump if abs(jump) > 1e-6 else 0.0))
    return rules


MAX_PROBES = 50
PROBE_LIMIT = 1e4             # the range where every activation is tested finite


def parse_numbers(text: str, limit: float) -> list[float]:
    """"1, -10 0;15" → [1.0, -10.0, 0.0, 15.0] (commas, spaces or semicolons between).

    ParseError "not_number" or "out_of_range" (value: the token, cut to 20 characters) for
    the first entry that is not a finite number with |v| ≤ limit; pages map the code to a
    message.
    """
    values = []
    for tok in (tok for tok in text.replace(";", ",").replace(" ", ",").split(",") if tok):
        try:
            v = float(tok)
        except ValueError:
            raise ParseError(NOT_NUMBER, value=tok[:20]) from None
        if not np.isfinite(v) or abs(v) > limit:
            raise ParseError(OUT_OF_RANGE, value=tok[:20], limit=limit)
        values.append(v)
    return values


def parse_probes(text: str) -> np.ndarray:
    """The Explorer's probe points: 1 to MAX_PROBES numbers within ±PROBE_LIMIT."""
    values = parse_numbers(text, PROBE_LIMIT)
    if not values:
        raise ParseError(EMPTY)
    if len(values) > MAX_PROBES:
        raise ParseError(TOO_MANY, value=MAX_PROBES)
    return np.array(values)
