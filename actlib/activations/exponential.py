"""The exponential-tail activations: ELU, SELU, CELU, Softplus. Each block: f, f′ beside it,
then its registry entry.

Numerics stay finite and warning-free for |x| ≤ 1e4 in float32 and float64: exp only of
non-positive arguments (np.where evaluates both branches, so the discarded one is clamped).
"""
from __future__ import annotations

import math

import numpy as np

from actlib.activations.core import INF, Activation, Param, Rule, as_float_array
from actlib.activations.smooth import sigmoid, softplus_unit

SELU_ALPHA = 1.6732632423543772848170429916717   # torch.nn.SELU
SELU_SCALE = 1.0507009873554804934193349852946


# ---------------------------------------------------------------- ELU
def elu(x, alpha):
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))

def elu_grad(x, alpha):
    """1 for x > 0, αe^x otherwise (its own e^x: f + α would cancel in the left tail)."""
    x = as_float_array(x)
    return np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype)  # f′(0) = α

ELU = Activation(
    "elu", "ELU", elu, elu_grad,
    r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
    r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
    params=(Param("alpha", 1.0, 0.0, 3.0, 0.05),),
    kinks=lambda p: [] if p["alpha"] == 1 else [0.0],
    breaks=lambda p: [0.0],                    # at α = 1 f′ is continuous, f″ jumps
    smoothness=lambda p: "C¹" if p["alpha"] == 1 else "C⁰",
    output_range=lambda p: (-p["alpha"], INF) if p["alpha"] >= 0 else (0.0, INF),
    monotonic=lambda p: p["alpha"] >= 0, torch="nn.ELU")


# ---------------------------------------------------------------- SELU
def selu(x):
    return SELU_SCALE * elu(x, SELU_ALPHA)

def selu_grad(x):
    return SELU_SCALE * elu_grad(x, SELU_ALPHA)

SELU = Activation(
    "selu", "SELU", selu, selu_grad,
    r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},"
    r"\ \lambda \approx 1.0507,\ \alpha \approx 1.6733",
    r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
    kinks=lambda p: [0.0], smoothness=lambda p: "C⁰",
    output_range=lambda p: (-SELU_SCALE * SELU_ALPHA, INF), torch="nn.SELU")


# ---------------------------------------------------------------- CELU
def celu(x, alpha):
    """max(0, x) + min(0, α(e^(x/α) − 1))."""
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0) / alpha))

def celu_grad(x, alpha):
    x = as_float_array(x)
    return np.where(x > 0, 1, np.exp(np.minimum(x, 0) / alpha)).astype(x.dtype)

CELU = Activation(
    "celu", "CELU", celu, celu_grad,
    r"f(x) = \max(0, x) + \min\!\left(0,\ \alpha\,(e^{x/\alpha} - 1)\right)",
    r"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
    params=(Param("alpha", 1.0, 0.1, 3.0, 0.05),),
    rules=(Rule("celu_alpha", "CELU needs alpha > 0 (got {alpha}): it divides x by alpha, and "
                "a negative alpha makes the left tail blow up.", lambda p: p["alpha"] > 0),),
    breaks=lambda p: [0.0], smoothness=lambda p: "C¹",
    output_range=lambda p: (-p["alpha"], INF), torch="nn.CELU")


# ---------------------------------------------------------------- Softplus
def softplus(x, beta, threshold):
    """(1/β)·log(1 + e^(βx)), and x itself where βx > threshold (as PyTorch)."""
    x = as_float_array(x)
    return np.where(beta * x > threshold, x, softplus_unit(beta * x) / beta)

def softplus_grad(x, beta, threshold):
    x = as_float_array(x)
    return np.where(beta * x > threshold, 1, sigmoid(beta * x)).astype(x.dtype)

def softplus_smoothness(p) -> str:
    """PyTorch switches to x where βx > threshold: a step down of log1p(e^−threshold)/β there.

    At the default (20) the step is 2e-9 — below anything a plot or float32 shows — so we
    call it C∞ (and monotonic); with a small threshold the step is visible and we say so.
    """
    step = math.log1p(math.exp(-p["threshold"])) / p["beta"]
    return "C∞" if step < 1e-6 else "discontinuous"

SOFTPLUS = Activation(
    "softplus", "Softplus", softplus, softplus_grad,
    r"f(x) = \frac{1}{\beta}\log\left(1 + e^{\beta x}\right)"
    r"\ \ (x \text{ where } \beta x > \text{threshold})",
    r"f'(x) = \sigma(\beta x)\ \ (1 \text{ where } \beta x > \text{threshold})",
    params=(Param("beta", 1.0, 0.1, 5.0, 0.1), Param("threshold", 20.0, 1.0, 30.0, 1.0)),
    rules=(Rule("softplus_beta", "Softplus needs beta > 0 (got {beta}): it divides by beta.",
                lambda p: p["beta"] > 0),
           Rule("softplus_threshold", "Softplus needs threshold > 0 (got {threshold}).",
                lambda p: p["threshold"] > 0)),
    kinks=lambda p: [p["threshold"] / p["beta"]], smoothness=softplus_smoothness,
    output_range=lambda p: (0.0, INF),
    monotonic=lambda p: softplus_smoothness(p) == "C∞", torch="nn.Softplus")
