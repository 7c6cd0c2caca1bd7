"""The piecewise-linear ReLU family: linear, binary step, ReLU, Leaky ReLU, PReLU, RReLU,
Threshold, ReLU6. Each block: f, f′ beside it, then its registry entry.

At a kink f′ is the value PyTorch's autograd returns (ReLU′(0) = 0, Leaky ReLU′(0) = α).
"""
from __future__ import annotations

import numpy as np

from actlib.activations.core import INF, Activation, Param, Rule, as_float_array


def leaky_range(alpha: float) -> tuple[float, float]:
    """x ≤ 0 maps to αx: (−∞, ∞) for α > 0, and [0, ∞) for α ≤ 0."""
    return (-INF, INF) if alpha > 0 else (0.0, INF)


# ---------------------------------------------------------------- Linear
def linear(x):
    return as_float_array(x) * 1

def linear_grad(x):
    return np.ones_like(as_float_array(x))

LINEAR = Activation(
    "linear", "Linear", linear, linear_grad, r"f(x) = x", r"f'(x) = 1", torch="nn.Identity")


# ---------------------------------------------------------------- Binary step
def binary_step(x, threshold):
    """1 where x ≥ threshold else 0 (the course's step)."""
    x = as_float_array(x)
    return (x >= threshold).astype(x.dtype)

def binary_step_grad(x, threshold):
    """0 everywhere (undefined at the threshold; autograd has no derivative for a step)."""
    return np.zeros_like(as_float_array(x))

BINARY_STEP = Activation(
    "binary_step", "Binary step", binary_step, binary_step_grad,
    r"f(x) = \begin{cases} 1 & x \ge \theta \\ 0 & x < \theta \end{cases}",
    r"f'(x) = 0 \quad (x \ne \theta)",
    params=(Param("threshold", 0.0, -5.0, 5.0, 0.1),),
    kinks=lambda p: [p["threshold"]], smoothness=lambda p: "discontinuous",
    output_range=lambda p: (0.0, 1.0), torch="(no module; heaviside)")


# ---------------------------------------------------------------- ReLU
def relu(x):
    """max(0, x); np.maximum gives +0.0 (not −0.0) for x < 0, as PyTorch."""
    return np.maximum(as_float_array(x), 0)

def relu_grad(x):
    x = as_float_array(x)
    return (x > 0).astype(x.dtype)          # ReLU′(0) = 0, as PyTorch

RELU = Activation(
    "relu", "ReLU", relu, relu_grad,
    r"f(x) = \max(0, x)", r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
    kinks=lambda p: [0.0], smoothness=lambda p: "C⁰",
    output_range=lambda p: (0.0, INF), torch="nn.ReLU")


# ---------------------------------------------------------------- Leaky ReLU
def leaky_relu(x, alpha):
    """x if x > 0 else αx. where(), not max(αx, x): max is wrong for α > 1."""
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * x)

def leaky_relu_grad(x, alpha):
    x = as_float_array(x)
    return np.where(x > 0, 1, alpha).astype(x.dtype)   # f′(0) = α, as PyTorch

LEAKY_RELU = Activation(
    "leaky_relu", "Leaky ReLU", leaky_relu, leaky_relu_grad,
    r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
    r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
    params=(Param("alpha", 0.01, -1.0, 2.0, 0.01),),     # PyTorch's negative_slope; Keras 0.3
    kinks=lambda p: [] if p["alpha"] == 1 else [0.0],
    smoothness=lambda p: "C∞" if p["alpha"] == 1 else "C⁰",
    output_range=lambda p: leaky_range(p["alpha"]), monotonic=lambda p: p["alpha"] >= 0,
    torch="nn.LeakyReLU")


# ---------------------------------------------------------------- PReLU
def prelu_grad_alpha(x, alpha):
    """∂f/∂α = 0 for x > 0, x otherwise: the gradient PReLU's learned slope follows."""
    x = as_float_array(x)
    return np.where(x > 0, 0 * x, x)

PRELU = Activation(
    "prelu", "PReLU", leaky_relu, leaky_relu_grad,      # Leaky ReLU whose slope a net learns
    r"f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},\ a \text{ learned}",
    r"\frac{\partial f}{\partial x} = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases},"
    r"\quad \frac{\partial f}{\partial a} = \begin{cases} 0 & x > 0 \\ x & x \le 0 \end{cases}",
    params=(Param("alpha", 0.25, -1.0, 2.0, 0.01),),     # PyTorch's initial weight
    kinks=lambda p: [] if p["alpha"] == 1 else [0.0],
    smoothness=lambda p: "C∞" if p["alpha"] == 1 else "C⁰",
    output_range=lambda p: leaky_range(p["alpha"]), monotonic=lambda p: p["alpha"] >= 0,
    param_grads={"alpha": prelu_grad_alpha}, torch="nn.PReLU")


# ---------------------------------------------------------------- RReLU (evaluation mode)
def rrelu(x, lower, upper):
    """Leaky ReLU with the mean slope (lower + upper)/2 (training draws it at random)."""
    return leaky_relu(x, (lower + upper) / 2)

def rrelu_grad(x, lower, upper):
    return leaky_relu_grad(x, (lower + upper) / 2)

RRELU = Activation(
    "rrelu", "RReLU", rrelu, rrelu_grad,
    r"f(x) = \begin{cases} x & x > 0 \\ \frac{l + u}{2}\,x & x \le 0 \end{cases}"
    r"\ \ (\text{evaluation mode})",
    r"f'(x) = \begin{cases} 1 & x > 0 \\ \frac{l + u}{2} & x \le 0 \end{cases}",
    params=(Param("lower", 1 / 8, 0.0, 1.0, 0.005), Param("upper", 1 / 3, 0.0, 1.0, 0.005)),
    rules=(Rule("rrelu_order", "RReLU needs lower ≤ upper (got lower={lower}, upper={upper}).",
                lambda p: p["lower"] <= p["upper"]),),
    kinks=lambda p: [] if p["lower"] + p["upper"] == 2 else [0.0],
    smoothness=lambda p: "C∞" if p["lower"] + p["upper"] == 2 else "C⁰",
    output_range=lambda p: leaky_range((p["lower"] + p["upper"]) / 2),
    monotonic=lambda p: p["lower"] + p["upper"] >= 0, torch="nn.RReLU (eval)")


# ---------------------------------------------------------------- Threshold
def threshold(x, threshold, value):
    """x if x > threshold else value."""
    x = as_float_array(x)
    return np.where(x > threshold, x, value).astype(x.dtype)

def threshold_grad(x, threshold, value):
    x = as_float_array(x)
    return (x > threshold).astype(x.dtype)

THRESHOLD = Activation(
    "threshold", "Threshold", threshold, threshold_grad,
    r"f(x) = \begin{cases} x & x > \theta \\ v & x \le \theta \end{cases}",
    r"f'(x) = \begin{cases} 1 & x > \theta \\ 0 & x \le \theta \end{cases}",
    params=(Param("threshold", 0.0, -5.0, 5.0, 0.1), Param("value", 0.0, -5.0, 5.0, 0.1)),
    kinks=lambda p: [p["threshold"]],
    smoothness=lambda p: "C⁰" if p["value"] == p["threshold"] else "discontinuous",
    output_range=lambda p: (min(p["value"], p["threshold"]), INF),
    monotonic=lambda p: p["value"] <= p["threshold"], torch="nn.Threshold")


# ---------------------------------------------------------------- ReLU6
def relu6(x):
    return np.clip(as_float_array(x), 0, 6)

def relu6_grad(x):
    x = as_float_array(x)
    return ((x > 0) & (x < 6)).astype(x.dtype)

RELU6 = Activation(
    "relu6", "ReLU6", relu6, relu6_grad,
    r"f(x) = \min(\max(0, x), 6)",
    r"f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
    kinks=lambda p: [0.0, 6.0], smoothness=lambda p: "C⁰",
    output_range=lambda p: (0.0, 6.0), torch="nn.ReLU6")
