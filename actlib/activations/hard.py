"""Clipped and shrinking activations: Hardtanh, Hardsigmoid, Hardswish, Softshrink,
Hardshrink. Each block: f, f′ beside it, then its registry entry.

At a corner f′ is the value PyTorch's autograd returns.
"""
from __future__ import annotations

import numpy as np

from actlib.activations.core import INF, Activation, Param, Rule, as_float_array


# ---------------------------------------------------------------- Hardtanh
def hardtanh(x, min_val, max_val):
    return np.clip(as_float_array(x), min_val, max_val)

def hardtanh_grad(x, min_val, max_val):
    x = as_float_array(x)
    return ((x > min_val) & (x < max_val)).astype(x.dtype)    # 0 at both corners, as PyTorch

HARDTANH = Activation(
    "hardtanh", "Hardtanh", hardtanh, hardtanh_grad,
    r"f(x) = \min(\max(x, m), M)",
    r"f'(x) = \begin{cases} 1 & m < x < M \\ 0 & \text{otherwise} \end{cases}",
    params=(Param("min_val", -1.0, -5.0, -0.1, 0.1), Param("max_val", 1.0, 0.1, 5.0, 0.1)),
    rules=(Rule("hardtanh_order", "Hardtanh needs min_val < max_val (got {min_val} ≥ {max_val}).",
                lambda p: p["min_val"] < p["max_val"]),),
    kinks=lambda p: [p["min_val"], p["max_val"]], smoothness=lambda p: "C⁰",
    output_range=lambda p: (p["min_val"], p["max_val"]), torch="nn.Hardtanh")


# ---------------------------------------------------------------- Hardsigmoid
def hardsigmoid(x):
    """relu6(x + 3)/6: 0 below −3, 1 above 3 (PyTorch, Keras 3; Keras 2 used ±2.5)."""
    return np.clip(as_float_array(x) / 6 + 0.5, 0, 1)

def hardsigmoid_grad(x):
    x = as_float_array(x)
    return np.where((x > -3) & (x < 3), 1 / 6, 0).astype(x.dtype)

HARDSIGMOID = Activation(
    "hardsigmoid", "Hardsigmoid", hardsigmoid, hardsigmoid_grad,
    r"f(x) = \min\!\left(\max\!\left(\tfrac{x}{6} + \tfrac12,\ 0\right),\ 1\right)",
    r"f'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}",
    kinks=lambda p: [-3.0, 3.0], smoothness=lambda p: "C⁰",
    output_range=lambda p: (0.0, 1.0), torch="nn.Hardsigmoid")


# ---------------------------------------------------------------- Hardswish
def hardswish(x):
    x = as_float_array(x)
    return x * hardsigmoid(x)

def hardswish_grad(x):
    x = as_float_array(x)     # PyTorch: 0 for x ≤ −3, x/3 + ½ for −3 < x < 3, 1 from 3 on
    return np.where(x <= -3, 0, np.where(x < 3, x / 3 + 0.5, 1)).astype(x.dtype)

HARDSWISH = Activation(
    "hardswish", "Hardswish", hardswish, hardswish_grad,
    r"f(x) = x \cdot \frac{\operatorname{ReLU6}(x + 3)}{6}",
    r"f'(x) = \begin{cases} 0 & x \le -3 \\ x/3 + 1/2 & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
    kinks=lambda p: [-3.0, 3.0], smoothness=lambda p: "C⁰",
    output_range=lambda p: (-0.375, INF), monotonic=lambda p: False, torch="nn.Hardswish")


# ---------------------------------------------------------------- the shrinks
LAMBD = Param("lambd", 0.5, 0.0, 3.0, 0.05)
LAMBD_RULE = Rule("lambd_negative", "lambd is a distance from zero and must be ≥ 0 (got {lambd}).",
                  lambda p: p["lambd"] >= 0)


def shrink_grad(x, lambd):
    """1 outside ±λ, 0 inside — and 0 at x = 0 even for λ = 0 (PyTorch)."""
    x = as_float_array(x)
    return (np.abs(x) > lambd).astype(x.dtype)


def softshrink(x, lambd):
    x = as_float_array(x)
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0 * x))

SOFTSHRINK = Activation(
    "softshrink", "Softshrink", softshrink, shrink_grad,
    r"f(x) = \begin{cases} x - \lambda & x > \lambda \\ x + \lambda & x < -\lambda \\ 0 & \text{otherwise} \end{cases}",
    r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
    params=(LAMBD,), rules=(LAMBD_RULE,),
    kinks=lambda p: sorted({-p["lambd"], p["lambd"]}),
    smoothness=lambda p: "C⁰" if p["lambd"] > 0 else "C∞", torch="nn.Softshrink")


def hardshrink(x, lambd):
    x = as_float_array(x)
    return np.where(np.abs(x) > lambd, x, 0 * x)

HARDSHRINK = Activation(
    "hardshrink", "Hardshrink", hardshrink, shrink_grad,
    r"f(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
    r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
    params=(LAMBD,), rules=(LAMBD_RULE,),
    kinks=lambda p: sorted({-p["lambd"], p["lambd"]}),
    smoothness=lambda p: "discontinuous" if p["lambd"] > 0 else "C∞", torch="nn.Hardshrink")
