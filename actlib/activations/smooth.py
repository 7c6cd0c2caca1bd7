"""The smooth (C∞) activations built on exp, erf, tanh and log1p: Sigmoid, Tanh, GELU (erf
and tanh forms), SiLU, Swish, Mish, LogSigmoid, Tanhshrink, Softsign (C¹) and the Gaussian
bump. Each block: f, f′ beside it, then its registry entry.

Numerics stay finite and warning-free for |x| ≤ 1e4 in float32 and float64: exp only of
non-positive arguments, dtype kept.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import erf

from actlib.activations.core import INF, Activation, Param, as_float_array

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
GELU_TANH_C = 0.044715
SILU_MIN = -0.2784645427610738    # min of u·σ(u), at u ≈ −1.2785 (where σ(u)(1 + u(1 − σ(u))) = 0)


def softplus_unit(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)): no overflow, no cancellation."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


# ---------------------------------------------------------------- Sigmoid
def sigmoid(x):
    """σ(x) = 1/(1 + e^(−x)), via e = e^(−|x|) so exp never overflows:
    1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0."""
    x = as_float_array(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1, e) / (1 + e)

def sigmoid_grad(x):
    """σ′(x) = σ(x)(1 − σ(x)) = e/(1 + e)² with e = e^(−|x|) (even in x); at most 1/4, at 0."""
    x = as_float_array(x)
    e = np.exp(-np.abs(x))
    d = 1 + e
    return e / (d * d)

SIGMOID = Activation(
    "sigmoid", "Sigmoid", sigmoid, sigmoid_grad,
    r"f(x) = \sigma(x) = \frac{1}{1 + e^{-x}}", r"f'(x) = \sigma(x)\,(1 - \sigma(x))",
    output_range=lambda p: (0.0, 1.0), torch="nn.Sigmoid")


# ---------------------------------------------------------------- Tanh
def tanh(x):
    return np.tanh(as_float_array(x))

def tanh_grad(x):
    t = np.tanh(as_float_array(x))
    return 1 - t * t

TANH = Activation(
    "tanh", "Tanh", tanh, tanh_grad,
    r"f(x) = \tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}", r"f'(x) = 1 - \tanh^2 x",
    output_range=lambda p: (-1.0, 1.0), torch="nn.Tanh")


# ---------------------------------------------------------------- GELU (erf)
def gelu(x):
    """x·Φ(x) = x/2·(1 + erf(x/√2)) (PyTorch approximate='none')."""
    x = as_float_array(x)
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))

def gelu_grad(x):
    """Φ(x) + x·φ(x)."""
    x = as_float_array(x)
    pdf = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    return 0.5 * (1 + erf(x / math.sqrt(2))) + x * pdf

GELU = Activation(
    "gelu", "GELU", gelu, gelu_grad,
    r"f(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt 2}\right)",
    r"f'(x) = \Phi(x) + x\,\varphi(x)",
    output_range=lambda p: (float(gelu(-0.7517915241)), INF), monotonic=lambda p: False,
    torch="nn.GELU()")


# ---------------------------------------------------------------- GELU (tanh)
def gelu_tanh(x):
    """x/2·(1 + t), t = tanh(√(2/π)(x + 0.044715x³)) (PyTorch approximate='tanh')."""
    x = as_float_array(x)
    return 0.5 * x * (1 + np.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_C * x * x * x)))

def gelu_tanh_grad(x):
    """½(1 + t) + x/2·(1 − t²)·√(2/π)(1 + 3·0.044715x²)."""
    x = as_float_array(x)
    t = np.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_C * x * x * x))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_C * x * x)

GELU_TANH = Activation(
    "gelu_tanh", "GELU (tanh)", gelu_tanh, gelu_tanh_grad,
    r"f(x) = \frac{x}{2}\left(1 + \tanh\!\left[\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right]\right)",
    r"f'(x) = \tfrac12(1 + t) + \tfrac{x}{2}(1 - t^2)\sqrt{2/\pi}\,(1 + 0.134145\,x^2)",
    output_range=lambda p: (float(np.min(gelu_tanh(np.linspace(-1, -0.5, 20001)))), INF),
    monotonic=lambda p: False, torch="nn.GELU(approximate='tanh')")


# ---------------------------------------------------------------- Swish and SiLU
def swish(x, beta):
    """x·σ(βx)."""
    x = as_float_array(x)
    return x * sigmoid(beta * x)

def swish_grad(x, beta):
    x = as_float_array(x)
    s = sigmoid(beta * x)
    return s + beta * x * s * (1 - s)

def swish_range(p) -> tuple[float, float]:
    """x·σ(βx) = (u·σ(u))/β with u = βx, so the extreme is SILU_MIN/β."""
    beta = p["beta"]
    if beta == 0:
        return (-INF, INF)                       # x/2
    return (SILU_MIN / beta, INF) if beta > 0 else (-INF, SILU_MIN / beta)

SWISH = Activation(
    "swish", "Swish", swish, swish_grad,
    r"f(x) = x\,\sigma(\beta x)",
    r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,(1 - \sigma(\beta x))",
    params=(Param("beta", 1.0, 0.0, 5.0, 0.05),),
    output_range=swish_range,
    monotonic=lambda p: p["beta"] == 0,          # any β ≠ 0 dips at x = −1.28/β
    torch="(no module; SiLU is β = 1)")


def silu(x):
    return swish(x, 1.0)

def silu_grad(x):
    return swish_grad(x, 1.0)

SILU = Activation(
    "silu", "SiLU", silu, silu_grad,
    r"f(x) = x\,\sigma(x)", r"f'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
    output_range=lambda p: (SILU_MIN, INF), monotonic=lambda p: False, torch="nn.SiLU")


# ---------------------------------------------------------------- Mish
def mish(x):
    """x·tanh(softplus(x))."""
    x = as_float_array(x)
    return x * np.tanh(softplus_unit(x))

def mish_grad(x):
    x = as_float_array(x)
    t = np.tanh(softplus_unit(x))
    return t + x * (1 - t * t) * sigmoid(x)

MISH = Activation(
    "mish", "Mish", mish, mish_grad,
    r"f(x) = x \tanh(\operatorname{softplus}(x))",
    r"f'(x) = \tanh(s) + x\,(1 - \tanh^2 s)\,\sigma(x),\ s = \operatorname{softplus}(x)",
    output_range=lambda p: (float(mish(-1.1923799)), INF), monotonic=lambda p: False,
    torch="nn.Mish")


# ---------------------------------------------------------------- Softsign (C¹)
def softsign(x):
    x = as_float_array(x)
    return x / (1 + np.abs(x))

def softsign_grad(x):
    x = as_float_array(x)
    d = 1 + np.abs(x)
    return 1 / (d * d)

SOFTSIGN = Activation(
    "softsign", "Softsign", softsign, softsign_grad,
    r"f(x) = \frac{x}{1 + |x|}", r"f'(x) = \frac{1}{(1 + |x|)^2}",
    breaks=lambda p: [0.0],                      # f′ has a cusp at 0
    smoothness=lambda p: "C¹", output_range=lambda p: (-1.0, 1.0), torch="nn.Softsign")


# ---------------------------------------------------------------- LogSigmoid
def logsigmoid(x):
    """log σ(x) = min(x, 0) − log1p(e^(−|x|))."""
    x = as_float_array(x)
    return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))

def logsigmoid_grad(x):
    return sigmoid(-as_float_array(x))

LOGSIGMOID = Activation(
    "logsigmoid", "LogSigmoid", logsigmoid, logsigmoid_grad,
    r"f(x) = \log \sigma(x) = -\log(1 + e^{-x})", r"f'(x) = 1 - \sigma(x)",
    output_range=lambda p: (-INF, 0.0), torch="nn.LogSigmoid")


# ---------------------------------------------------------------- Tanhshrink
def tanhshrink(x):
    x = as_float_array(x)
    return x - np.tanh(x)

def tanhshrink_grad(x):
    t = np.tanh(as_float_array(x))
    return t * t

TANHSHRINK = Activation(
    "tanhshrink", "Tanhshrink", tanhshrink, tanhshrink_grad,
    r"f(x) = x - \tanh x", r"f'(x) = \tanh^2 x", torch="nn.Tanhshrink")
