"""Weight initialisation schemes, as the papers and torch.nn.init define them.

For a dense layer with fan_in inputs and fan_out outputs (z = h·W + b, W is fan_in × fan_out):

    standard  U[−1/√fan_in, 1/√fan_in]            Var = 1 / (3·fan_in)
              Glorot & Bengio's "standard" init; also what torch.nn.Linear does by default
              (kaiming_uniform_ with a = √5 gives exactly this bound, for W and b alike)
    glorot    U[−√(6/(fan_in+fan_out)), +…]       Var = 2 / (fan_in + fan_out)
              torch.nn.init.xavier_uniform_
    he        N(0, 2/fan_in)                      Var = 2 / fan_in
              torch.nn.init.kaiming_normal_ (mode="fan_in", nonlinearity="relu")
    lecun     N(0, 1/fan_in)                      Var = 1 / fan_in
"""
from __future__ import annotations

import math

import numpy as np

SCHEMES = ("standard", "glorot", "he", "lecun")


def weight_variance(scheme: str, fan_in: int, fan_out: int) -> float:
    """Var[w] of one weight under `scheme` (closed form, see the module docstring)."""
    if scheme == "standard":
        return 1.0 / (3.0 * fan_in)
    if scheme == "glorot":
        return 2.0 / (fan_in + fan_out)
    if scheme == "he":
        return 2.0 / fan_in
    if scheme == "lecun":
        return 1.0 / fan_in
    raise ValueError(f"Unknown initialisation {scheme!r}; choose one of {', '.join(SCHEMES)}.")


def weights(scheme: str, fan_in: int, fan_out: int, rng: np.random.Generator,
            lead: tuple = ()) -> np.ndarray:
    """Weights of shape lead + (fan_in, fan_out) drawn from `scheme`."""
    var = weight_variance(scheme, fan_in, fan_out)
    shape = tuple(lead) + (fan_in, fan_out)
    if scheme in ("standard", "glorot"):
        limit = math.sqrt(3.0 * var)              # U[−a, a] has variance a²/3
        return rng.uniform(-limit, limit, size=shape)
    return rng.normal(0.0, math.sqrt(var), size=shape)
