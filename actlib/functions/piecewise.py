"""The piecewise-linear activations (linear, step, the ReLU family, hard*, the shrinks,
threshold): each f beside its f'. f and f' share nothing costly (a comparison or two), so
there is no fused rule; Activation.value_and_grad calls f and f' for them.

The rules every activation here follows are in actlib/functions/__init__.py.
"""
from __future__ import annotations

import numpy as np

from actlib.functions._common import _arr, _require


def linear(x):
    return _arr(x) * 1

def linear_grad(x):
    return np.ones_like(_arr(x))


def binary_step(x, threshold=0.0):
    """1 where x ≥ threshold else 0 (the course's step)."""
    x = _arr(x)
    return (x >= threshold).astype(x.dtype)

def binary_step_grad(x, threshold=0.0):
    """0 everywhere (undefined at the threshold; autograd has no derivative for a step)."""
    return np.zeros_like(_arr(x))


def relu(x):
    """max(0, x); np.maximum is one pass and gives +0.0 (not −0.0) for x < 0, as PyTorch."""
    return np.maximum(_arr(x), 0)

def relu_grad(x):
    x = _arr(x)
    return (x > 0).astype(x.dtype)          # ReLU'(0) = 0, as PyTorch


def leaky_relu(x, alpha=0.01):
    """x if x > 0 else αx. where(), not max(αx, x): max is wrong for α > 1."""
    x = _arr(x)
    return np.where(x > 0, x, alpha * x)

def leaky_relu_grad(x, alpha=0.01):
    x = _arr(x)
    return np.where(x > 0, 1, alpha).astype(x.dtype)   # f'(0) = α, as PyTorch


def prelu(x, alpha=0.25):
    """Leaky ReLU whose slope a network learns; PyTorch initialises it at 0.25."""
    return leaky_relu(x, alpha)

def prelu_grad(x, alpha=0.25):
    return leaky_relu_grad(x, alpha)

def prelu_grad_alpha(x, alpha=0.25):
    """∂f/∂α = 0 for x > 0, x otherwise: the gradient PReLU's learned slope follows."""
    x = _arr(x)
    return np.where(x > 0, 0 * x, x)


def _check_hardtanh(min_val, max_val):
    _require(min_val < max_val, f"Hardtanh needs min_val < max_val (got {min_val} ≥ {max_val}).")

def hardtanh(x, min_val=-1.0, max_val=1.0):
    _check_hardtanh(min_val, max_val)
    return np.clip(_arr(x), min_val, max_val)

def hardtanh_grad(x, min_val=-1.0, max_val=1.0):
    _check_hardtanh(min_val, max_val)
    x = _arr(x)
    return ((x > min_val) & (x < max_val)).astype(x.dtype)    # 0 at both corners, as PyTorch


def hardsigmoid(x):
    """relu6(x + 3)/6: 0 below −3, 1 above 3 (PyTorch, Keras 3; Keras 2 used ±2.5)."""
    return np.clip(_arr(x) / 6 + 0.5, 0, 1)

def hardsigmoid_grad(x):
    x = _arr(x)
    return np.where((x > -3) & (x < 3), 1 / 6, 0).astype(x.dtype)


def hardswish(x):
    x = _arr(x)
    return x * hardsigmoid(x)

def hardswish_grad(x):
    x = _arr(x)     # PyTorch: 0 for x ≤ −3, x/3 + ½ for −3 < x < 3, 1 from 3 on
    return np.where(x <= -3, 0, np.where(x < 3, x / 3 + 0.5, 1)).astype(x.dtype)


def relu6(x):
    return np.clip(_arr(x), 0, 6)

def relu6_grad(x):
    x = _arr(x)
    return ((x > 0) & (x < 6)).astype(x.dtype)


def _check_lambd(lambd):
    _require(lambd >= 0, f"lambd is a distance from zero and must be ≥ 0 (got {lambd}).")

def softshrink(x, lambd=0.5):
    _check_lambd(lambd)
    x = _arr(x)
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0 * x))

def softshrink_grad(x, lambd=0.5):
    _check_lambd(lambd)
    x = _arr(x)
    return (np.abs(x) > lambd).astype(x.dtype)


def hardshrink(x, lambd=0.5):
    _check_lambd(lambd)
    x = _arr(x)
    return np.where(np.abs(x) > lambd, x, 0 * x)

def hardshrink_grad(x, lambd=0.5):
    return softshrink_grad(x, lambd)


def threshold(x, threshold=0.0, value=0.0):
    """x if x > threshold else value."""
    x = _arr(x)
    return np.where(x > threshold, x, value).astype(x.dtype)

def threshold_grad(x, threshold=0.0, value=0.0):
    x = _arr(x)
    return (x > threshold).astype(x.dtype)


def _check_rrelu(lower, upper):
    _require(lower <= upper, f"RReLU needs lower ≤ upper (got lower={lower}, upper={upper}).")

def rrelu(x, lower=1 / 8, upper=1 / 3):
    """Evaluation mode: Leaky ReLU with the mean slope (lower + upper)/2 (training draws it at random)."""
    _check_rrelu(lower, upper)
    return leaky_relu(x, (lower + upper) / 2)

def rrelu_grad(x, lower=1 / 8, upper=1 / 3):
    _check_rrelu(lower, upper)
    return leaky_relu_grad(x, (lower + upper) / 2)
