"""What an activation declaration is made of: Param, Rule and Activation.

A family module (piecewise.py, hard.py, exponential.py, smooth.py) writes, for each activation, its
f and f′ side by side as plain numpy functions of (x, **params) — no defaults in their
signatures — and then one `Activation(...)` entry naming them with everything else that is
true of it. A parameter's default is written once, in its `Param`; the derived facts
(kinks, breaks, smoothness, monotonic, output_range) are functions of the *completed*
parameter dict `p`.

Calling convention: the Activation completes what it is given. `act.fn(x, alpha=0.5)`,
`act.fn(x)` (all defaults), `act.kinks()` or `act.kinks(alpha=0.5)` each fill in the
defaults, refuse unknown names and check the `rules` once, raising `ParamError`.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from actlib.activations.properties import Properties, properties
from actlib.errors import ParamError, declare

INF = math.inf
UNKNOWN_PARAM = declare("unknown_param", "{name} has no parameter {names}.")


def as_float_array(x) -> np.ndarray:
    """x as a float array: float dtypes kept (float32 stays float32), anything else float64."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


@dataclass(frozen=True)
class Param:
    """A parameter and its slider: the default, and [low, high] inside the valid domain.

    The slider's help text is `param.<key>.<name>` in locales/*.toml.
    """
    name: str
    default: float
    low: float
    high: float
    step: float


@dataclass(frozen=True)
class Rule:
    """A constraint on the parameters: `holds(p)` must be true, else ParamError(code, **p).

    `english` is the message with the parameters as placeholders; the pages show the
    `errors.<code>` text of the locale files instead.
    """
    code: str
    english: str
    holds: Callable[[dict], bool]

    def __post_init__(self):
        declare(self.code, self.english)


def _no_points(p: dict) -> list[float]:
    return []


# The facts declared as functions of the completed parameter dict p; the Activation wraps
# each so callers write act.kinks(alpha=0.5) (or act.kinks() for the defaults).
_FACTS = ("kinks", "breaks", "smoothness", "monotonic", "output_range")


@dataclass(frozen=True, eq=False)        # eq=False: hashed by identity, so caches key on it
class Activation:
    """One activation: f, f′, their parameters and the facts worked out from the formula.

    kinks         points where f or f′ jumps (what charts mark and numerical derivatives avoid)
    breaks        further points where f or f′ is not C∞ although both are continuous (ELU at
                  α = 1, Softsign): the Gaussian means split their quadrature there too
    smoothness    "discontinuous" | "C⁰" | "C¹" | "C∞"
    monotonic     non-decreasing or non-increasing on all of ℝ
    output_range  (inf f, sup f)
    param_grads   ∂f/∂parameter for parameters a network trains (PReLU's alpha)
    torch         the torch.nn equivalent
    """
    key: str
    name: str
    fn: Callable[..., np.ndarray]
    grad: Callable[..., np.ndarray]
    latex: str
    grad_latex: str
    params: tuple[Param, ...] = ()
    rules: tuple[Rule, ...] = ()
    kinks: Callable = _no_points
    breaks: Callable = _no_points
    smoothness: Callable = lambda p: "C∞"
    monotonic: Callable = lambda p: True
    output_range: Callable = lambda p: (-INF, INF)
    param_grads: dict[str, Callable[..., np.ndarray]] = field(default_factory=dict)
    torch: str = ""

    def __post_init__(self):
        # Wrap the declared rules so each call completes and checks its parameters. On
        # dataclasses.replace the fields arrive wrapped for the old object: unwrap them first.
        for name in ("fn", "grad"):
            rule = _declared(getattr(self, name))
            object.__setattr__(self, name, _with_params(self, rule, takes_x=True))
        for name in _FACTS:
            rule = _declared(getattr(self, name))
            object.__setattr__(self, name, _with_params(self, rule, takes_x=False))
        grads = {k: _with_params(self, _declared(g), takes_x=True)
                 for k, g in self.param_grads.items()}
        object.__setattr__(self, "param_grads", grads)

    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}

    def with_defaults(self, **params) -> dict[str, float]:
        """`params` completed with defaults; unknown names are a ParamError, not ignored."""
        unknown = set(params) - {p.name for p in self.params}
        if unknown:
            raise ParamError(UNKNOWN_PARAM, name=self.name, names=", ".join(sorted(unknown)))
        return {**self.defaults(), **params}

    def checked(self, **params) -> dict[str, float]:
        """`params` completed with defaults and checked against the rules (ParamError)."""
        full = self.with_defaults(**params)
        for rule in self.rules:
            if not rule.holds(full):
                raise ParamError(rule.code, **full)
        return full

    def bind(self, **params) -> tuple[Callable, Callable]:
        """(f, f′) as functions of x alone, parameters completed and checked once here."""
        full = self.checked(**params)
        return (functools.partial(_declared(self.fn), **full),
                functools.partial(_declared(self.grad), **full))

    def value_and_grad(self, x, **params) -> tuple[np.ndarray, np.ndarray]:
        """(f(x), f′(x)): what every page draws."""
        f, df = self.bind(**params)
        return f(x), df(x)

    def properties(self, **params) -> Properties:
        """Declared and measured facts for these parameters: see properties.py."""
        return properties(self, **params)


def _declared(rule: Callable) -> Callable:
    return getattr(rule, "declared", rule)


def _with_params(act: Activation, rule: Callable, takes_x: bool) -> Callable:
    if takes_x:
        def call(x, **params):
            return rule(x, **act.checked(**params))
    else:
        def call(**params):
            return rule(act.checked(**params))
    call.declared = rule
    call.__doc__ = rule.__doc__
    call.__name__ = getattr(rule, "__name__", "rule")
    return call
