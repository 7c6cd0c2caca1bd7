"""The activation registry: every activation declared once.

An entry names its forward rule and derivative (actlib/functions/, side by side) and,
where the two share an exp/erf/tanh, their fused form (`Activation.value_and_grad`), its
parameters with slider ranges, LaTeX for f and f', where it has kinks, its smoothness class
and output range. Pages, the networks' backward pass and the tests all read this one
declaration; adding an activation is adding one entry. `Activation.properties(**params)`
adds what is measured numerically (mean output and slope under N(0, 1), monotonicity, flat
regions) — see actlib/properties.py.

Definitions and defaults follow PyTorch's torch.nn (Keras differs: Leaky ReLU slope 0.3,
Hardsigmoid at ±2.5 in Keras 2). Where torch has no module or no default, ours are stated in
the entry (binary_step, linear, swish, threshold's defaults).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from actlib import functions as F
from actlib.functions import sigmoid, softmax, softmax_jvp  # noqa: F401  (re-exported)

FLAT_SLOPE = 0.1          # |f'| below this counts as flat: saturation or dead zone
INF = math.inf


@dataclass(frozen=True)
class Param:
    """A parameter and its slider; [low, high] lies inside the valid domain."""
    name: str
    default: float
    low: float
    high: float
    step: float
    help: str


@dataclass(frozen=True)
class Activation:
    key: str
    name: str
    fn: Callable[..., np.ndarray]
    grad: Callable[..., np.ndarray]
    latex: str
    grad_latex: str
    params: tuple[Param, ...] = ()
    kinks: Callable[..., list[float]] = lambda **p: []
    smoothness: Callable[..., str] = lambda **p: "C∞"   # "discontinuous" | "C⁰" | "C¹" | "C∞"
    monotonic: Callable[..., bool] = lambda **p: True    # non-decreasing or non-increasing on ℝ
    output_range: Callable[..., tuple[float, float]] = lambda **p: (-INF, INF)
    param_grads: dict[str, Callable[..., np.ndarray]] = field(default_factory=dict)
    torch: str = ""                                      # the torch.nn equivalent
    fused: Callable[..., tuple[np.ndarray, np.ndarray]] | None = None   # (f, f') sharing work

    def value_and_grad(self, x, **params) -> tuple[np.ndarray, np.ndarray]:
        """(f(x), f'(x)): the fused rule where f and f' share their exp/erf/tanh, else fn and grad.

        Every page draws f and f' together; this is the one call for that.
        """
        if self.fused is not None:
            return self.fused(x, **params)
        return self.fn(x, **params), self.grad(x, **params)

    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}

    def with_defaults(self, **params) -> dict[str, float]:
        """`params` completed with defaults; unknown names are an error, not ignored."""
        unknown = set(params) - {p.name for p in self.params}
        if unknown:
            raise ValueError(f"{self.name} has no parameter {', '.join(sorted(unknown))}.")
        return {**self.defaults(), **params}

    def properties(self, **params):
        from actlib.properties import properties
        return properties(self, **params)


REGISTRY: dict[str, Activation] = {a.key: a for a in [
    Activation("linear", "Linear", F.linear, F.linear_grad,
               r"f(x) = x", r"f'(x) = 1", torch="nn.Identity"),
    Activation("binary_step", "Binary step", F.binary_step, F.binary_step_grad,
               r"f(x) = \begin{cases} 1 & x \ge \theta \\ 0 & x < \theta \end{cases}",
               r"f'(x) = 0 \quad (x \ne \theta)",
               (Param("threshold", 0.0, -5.0, 5.0, 0.1, "θ: the step's position"),),
               kinks=lambda threshold=0.0: [threshold],
               smoothness=lambda **p: "discontinuous",
               output_range=lambda **p: (0.0, 1.0), torch="(no module; heaviside)"),
    Activation("sigmoid", "Sigmoid", F.sigmoid, F.sigmoid_grad,
               r"f(x) = \sigma(x) = \frac{1}{1 + e^{-x}}",
               r"f'(x) = \sigma(x)\,(1 - \sigma(x))",
               output_range=lambda **p: (0.0, 1.0), torch="nn.Sigmoid",
               fused=F.sigmoid_value_and_grad),
    Activation("tanh", "Tanh", F.tanh, F.tanh_grad,
               r"f(x) = \tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
               r"f'(x) = 1 - \tanh^2 x",
               output_range=lambda **p: (-1.0, 1.0), torch="nn.Tanh", fused=F.tanh_value_and_grad),
    Activation("relu", "ReLU", F.relu, F.relu_grad,
               r"f(x) = \max(0, x)",
               r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
               kinks=lambda: [0.0], smoothness=lambda: "C⁰",
               output_range=lambda: (0.0, INF), torch="nn.ReLU"),
    Activation("leaky_relu", "Leaky ReLU", F.leaky_relu, F.leaky_relu_grad,
               r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
               r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
               (Param("alpha", 0.01, -1.0, 2.0, 0.01,
                      "slope for x ≤ 0 (negative_slope; PyTorch 0.01, Keras 0.3)"),),
               kinks=lambda alpha=0.01: [] if alpha == 1 else [0.0],
               smoothness=lambda alpha=0.01: "C∞" if alpha == 1 else "C⁰",
               output_range=lambda alpha=0.01: _leaky_range(alpha), monotonic=lambda alpha=0.01: alpha >= 0,
               torch="nn.LeakyReLU"),
    Activation("prelu", "PReLU", F.prelu, F.prelu_grad,
               r"f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},\ a \text{ learned}",
               r"\frac{\partial f}{\partial x} = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases},"
               r"\quad \frac{\partial f}{\partial a} = \begin{cases} 0 & x > 0 \\ x & x \le 0 \end{cases}",
               (Param("alpha", 0.25, -1.0, 2.0, 0.01,
                      "learned slope a for x ≤ 0 (initial value 0.25 in PyTorch)"),),
               kinks=lambda alpha=0.25: [] if alpha == 1 else [0.0],
               smoothness=lambda alpha=0.25: "C∞" if alpha == 1 else "C⁰",
               output_range=lambda alpha=0.25: _leaky_range(alpha),
               param_grads={"alpha": F.prelu_grad_alpha}, monotonic=lambda alpha=0.25: alpha >= 0,
               torch="nn.PReLU"),
    Activation("elu", "ELU", F.elu, F.elu_grad,
               r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
               r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
               (Param("alpha", 1.0, 0.0, 3.0, 0.05, "α: the value ELU tends to is −α for x → −∞"),),
               kinks=lambda alpha=1.0: [] if alpha == 1 else [0.0],
               smoothness=lambda alpha=1.0: "C¹" if alpha == 1 else "C⁰",
               output_range=lambda alpha=1.0: (-alpha, INF) if alpha >= 0 else (0.0, INF),
               monotonic=lambda alpha=1.0: alpha >= 0,
               torch="nn.ELU", fused=F.elu_value_and_grad),
    Activation("selu", "SELU", F.selu, F.selu_grad,
               r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},"
               r"\ \lambda \approx 1.0507,\ \alpha \approx 1.6733",
               r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
               kinks=lambda: [0.0], smoothness=lambda: "C⁰",
               output_range=lambda: (-F.SELU_SCALE * F.SELU_ALPHA, INF), torch="nn.SELU",
               fused=F.selu_value_and_grad),
    Activation("celu", "CELU", F.celu, F.celu_grad,
               r"f(x) = \max(0, x) + \min\!\left(0,\ \alpha\,(e^{x/\alpha} - 1)\right)",
               r"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
               (Param("alpha", 1.0, 0.1, 3.0, 0.05, "α > 0: CELU tends to −α; C¹ for every α"),),
               smoothness=lambda alpha=1.0: "C¹",
               output_range=lambda alpha=1.0: (-alpha, INF), torch="nn.CELU",
               fused=F.celu_value_and_grad),
    Activation("gelu", "GELU", F.gelu, F.gelu_grad,
               r"f(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt 2}\right)",
               r"f'(x) = \Phi(x) + x\,\varphi(x)",
               output_range=lambda: (float(F.gelu(-0.7517915241)), INF), monotonic=lambda: False,
               torch="nn.GELU()", fused=F.gelu_value_and_grad),
    Activation("gelu_tanh", "GELU (tanh)", F.gelu_tanh, F.gelu_tanh_grad,
               r"f(x) = \frac{x}{2}\left(1 + \tanh\!\left[\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right]\right)",
               r"f'(x) = \tfrac12(1 + t) + \tfrac{x}{2}(1 - t^2)\sqrt{2/\pi}\,(1 + 0.134145\,x^2)",
               output_range=lambda: (float(np.min(F.gelu_tanh(np.linspace(-1, -0.5, 20001)))), INF),
               monotonic=lambda: False,
               torch="nn.GELU(approximate='tanh')", fused=F.gelu_tanh_value_and_grad),
    Activation("silu", "SiLU", F.silu, F.silu_grad,
               r"f(x) = x\,\sigma(x)", r"f'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
               output_range=lambda: (SILU_MIN, INF), monotonic=lambda: False,
               torch="nn.SiLU", fused=F.silu_value_and_grad),
    Activation("swish", "Swish", F.swish, F.swish_grad,
               r"f(x) = x\,\sigma(\beta x)",
               r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,(1 - \sigma(\beta x))",
               (Param("beta", 1.0, 0.0, 5.0, 0.05, "β: 0 gives x/2, β → ∞ approaches ReLU; β = 1 is SiLU"),),
               output_range=lambda beta=1.0: _swish_range(beta), monotonic=lambda beta=1.0: beta == 0,      # any β ≠ 0 dips at x = −1.28/β
               torch="(no module; SiLU is β = 1)", fused=F.swish_value_and_grad),
    Activation("mish", "Mish", F.mish, F.mish_grad,
               r"f(x) = x \tanh(\operatorname{softplus}(x))",
               r"f'(x) = \tanh(s) + x\,(1 - \tanh^2 s)\,\sigma(x),\ s = \operatorname{softplus}(x)",
               output_range=lambda: (float(F.mish(-1.1923799)), INF), monotonic=lambda: False,
               torch="nn.Mish", fused=F.mish_value_and_grad),
    Activation("softplus", "Softplus", F.softplus, F.softplus_grad,
               r"f(x) = \frac{1}{\beta}\log\left(1 + e^{\beta x}\right)"
               r"\ \ (x \text{ where } \beta x > \text{threshold})",
               r"f'(x) = \sigma(\beta x)\ \ (1 \text{ where } \beta x > \text{threshold})",
               (Param("beta", 1.0, 0.1, 5.0, 0.1, "β: larger β bends more sharply (→ ReLU)"),
                Param("threshold", 20.0, 1.0, 30.0, 1.0,
                      "above βx = threshold PyTorch returns x itself (a jump of log1p(e^−threshold)/β)")),
               kinks=lambda beta=1.0, threshold=20.0: [threshold / beta],
               smoothness=lambda beta=1.0, threshold=20.0: _softplus_smoothness(beta, threshold),
               output_range=lambda **p: (0.0, INF), monotonic=lambda beta=1.0, threshold=20.0: _softplus_smoothness(beta, threshold) == "C∞",
               torch="nn.Softplus", fused=F.softplus_value_and_grad),
    Activation("softsign", "Softsign", F.softsign, F.softsign_grad,
               r"f(x) = \frac{x}{1 + |x|}", r"f'(x) = \frac{1}{(1 + |x|)^2}",
               smoothness=lambda: "C¹", output_range=lambda: (-1.0, 1.0), torch="nn.Softsign"),
    Activation("hardtanh", "Hardtanh", F.hardtanh, F.hardtanh_grad,
               r"f(x) = \min(\max(x, m), M)",
               r"f'(x) = \begin{cases} 1 & m < x < M \\ 0 & \text{otherwise} \end{cases}",
               (Param("min_val", -1.0, -5.0, -0.1, 0.1, "m: lower clip (must stay below max_val)"),
                Param("max_val", 1.0, 0.1, 5.0, 0.1, "M: upper clip")),
               kinks=lambda min_val=-1.0, max_val=1.0: [min_val, max_val],
               smoothness=lambda **p: "C⁰",
               output_range=lambda min_val=-1.0, max_val=1.0: (min_val, max_val), torch="nn.Hardtanh"),
    Activation("hardsigmoid", "Hardsigmoid", F.hardsigmoid, F.hardsigmoid_grad,
               r"f(x) = \min\!\left(\max\!\left(\tfrac{x}{6} + \tfrac12,\ 0\right),\ 1\right)",
               r"f'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}",
               kinks=lambda: [-3.0, 3.0], smoothness=lambda: "C⁰",
               output_range=lambda: (0.0, 1.0), torch="nn.Hardsigmoid"),
    Activation("hardswish", "Hardswish", F.hardswish, F.hardswish_grad,
               r"f(x) = x \cdot \frac{\operatorname{ReLU6}(x + 3)}{6}",
               r"f'(x) = \begin{cases} 0 & x \le -3 \\ x/3 + 1/2 & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
               kinks=lambda: [-3.0, 3.0], smoothness=lambda: "C⁰",
               output_range=lambda: (-0.375, INF), monotonic=lambda: False,
               torch="nn.Hardswish"),
    Activation("relu6", "ReLU6", F.relu6, F.relu6_grad,
               r"f(x) = \min(\max(0, x), 6)",
               r"f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
               kinks=lambda: [0.0, 6.0], smoothness=lambda: "C⁰",
               output_range=lambda: (0.0, 6.0), torch="nn.ReLU6"),
    Activation("logsigmoid", "LogSigmoid", F.logsigmoid, F.logsigmoid_grad,
               r"f(x) = \log \sigma(x) = -\log(1 + e^{-x})", r"f'(x) = 1 - \sigma(x)",
               output_range=lambda: (-INF, 0.0), torch="nn.LogSigmoid",
               fused=F.logsigmoid_value_and_grad),
    Activation("tanhshrink", "Tanhshrink", F.tanhshrink, F.tanhshrink_grad,
               r"f(x) = x - \tanh x", r"f'(x) = \tanh^2 x", torch="nn.Tanhshrink",
               fused=F.tanhshrink_value_and_grad),
    Activation("softshrink", "Softshrink", F.softshrink, F.softshrink_grad,
               r"f(x) = \begin{cases} x - \lambda & x > \lambda \\ x + \lambda & x < -\lambda \\ 0 & \text{otherwise} \end{cases}",
               r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
               (Param("lambd", 0.5, 0.0, 3.0, 0.05, "λ ≥ 0: half-width of the zero band"),),
               kinks=lambda lambd=0.5: sorted({-lambd, lambd}),   # at λ = 0 f' still drops to 0 at x = 0 (PyTorch)
               smoothness=lambda lambd=0.5: "C⁰" if lambd > 0 else "C∞", torch="nn.Softshrink"),
    Activation("hardshrink", "Hardshrink", F.hardshrink, F.hardshrink_grad,
               r"f(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
               r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
               (Param("lambd", 0.5, 0.0, 3.0, 0.05, "λ ≥ 0: half-width of the zero band"),),
               kinks=lambda lambd=0.5: sorted({-lambd, lambd}),   # at λ = 0 f' still drops to 0 at x = 0 (PyTorch)
               smoothness=lambda lambd=0.5: "discontinuous" if lambd > 0 else "C∞",
               torch="nn.Hardshrink"),
    Activation("threshold", "Threshold", F.threshold, F.threshold_grad,
               r"f(x) = \begin{cases} x & x > \theta \\ v & x \le \theta \end{cases}",
               r"f'(x) = \begin{cases} 1 & x > \theta \\ 0 & x \le \theta \end{cases}",
               (Param("threshold", 0.0, -5.0, 5.0, 0.1, "θ: inputs at or below it are replaced"),
                Param("value", 0.0, -5.0, 5.0, 0.1, "v: what replaces them")),
               kinks=lambda threshold=0.0, value=0.0: [threshold],
               smoothness=lambda threshold=0.0, value=0.0: "C⁰" if value == threshold else "discontinuous",
               output_range=lambda threshold=0.0, value=0.0: (min(value, threshold), INF),
               monotonic=lambda threshold=0.0, value=0.0: value <= threshold,
               torch="nn.Threshold"),
    Activation("rrelu", "RReLU", F.rrelu, F.rrelu_grad,
               r"f(x) = \begin{cases} x & x > 0 \\ \frac{l + u}{2}\,x & x \le 0 \end{cases}"
               r"\ \ (\text{evaluation mode})",
               r"f'(x) = \begin{cases} 1 & x > 0 \\ \frac{l + u}{2} & x \le 0 \end{cases}",
               (Param("lower", 1 / 8, 0.0, 1.0, 0.005, "l: smallest random slope in training"),
                Param("upper", 1 / 3, 0.0, 1.0, 0.005, "u: largest random slope in training")),
               kinks=lambda lower=1 / 8, upper=1 / 3: [] if lower + upper == 2 else [0.0],
               smoothness=lambda lower=1 / 8, upper=1 / 3: "C∞" if lower + upper == 2 else "C⁰",
               output_range=lambda lower=1 / 8, upper=1 / 3: _leaky_range((lower + upper) / 2),
               monotonic=lambda lower=1 / 8, upper=1 / 3: lower + upper >= 0,
               torch="nn.RReLU (eval)"),
]}

# The course's eight, in its order: what the Compare page opens on (and its bench measures).
COURSE_SET = ["binary_step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu"]


def _leaky_range(alpha: float) -> tuple[float, float]:
    """x ≤ 0 maps to αx: (−∞, ∞) for α > 0, [0, ∞) for α = 0, and [0, ∞) too for α < 0."""
    return (-INF, INF) if alpha > 0 else (0.0, INF)


SILU_MIN = -0.2784645427610738     # min of u·σ(u), at u ≈ −1.2785 (where σ(u)(1 + u(1 − σ(u))) = 0)


def _swish_range(beta: float) -> tuple[float, float]:
    """x·σ(βx) = (u·σ(u))/β with u = βx, so the extreme is SILU_MIN/β."""
    if beta == 0:
        return (-INF, INF)                       # x/2
    return (SILU_MIN / beta, INF) if beta > 0 else (-INF, SILU_MIN / beta)


def _softplus_smoothness(beta: float, threshold: float) -> str:
    """PyTorch switches to x where βx > threshold: a step down of log1p(e^−threshold)/β there.

    At the default (20) the step is 2e-9 — below anything a plot or float32 shows — so we
    call it C∞ (and monotonic); with a small threshold the step is visible and we say so.
    """
    return "C∞" if math.log1p(math.exp(-threshold)) / beta < 1e-6 else "discontinuous"


def get(key: str) -> Activation:
    """REGISTRY[key] with an error a user can read."""
    try:
        return REGISTRY[key]
    except KeyError:
        raise ValueError(f"Unknown activation {key!r}; choose one of {', '.join(REGISTRY)}.") from None
