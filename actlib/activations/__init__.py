"""The activation registry: every activation declared once, in its family module.

    piecewise.py    linear, binary step, ReLU, Leaky ReLU, PReLU, RReLU, Threshold, ReLU6
    hard.py         Hardtanh, Hardsigmoid, Hardswish, Softshrink, Hardshrink
    exponential.py  ELU, SELU, CELU, Softplus
    smooth.py       Sigmoid, Tanh, GELU (erf, tanh), SiLU, Swish, Mish, Softsign,
                    LogSigmoid, Tanhshrink
    core.py         Param, Rule, Activation (what a declaration is made of)
    properties.py   mean output and slope under N(0, 1), flat regions, declared facts
    softmax.py      softmax and its Jacobian-vector product

In a family module each activation is one block: f, f′ right beside it, then its
`Activation(...)` entry (parameters with slider ranges, LaTeX, kinks, smoothness, range,
torch name). CONTRIBUTING.md has the recipe for adding one.

Definitions and defaults follow PyTorch's torch.nn (Keras differs: Leaky ReLU slope 0.3,
Hardsigmoid at ±2.5 in Keras 2). Where torch has no module or no default, ours are stated in
the entry (binary_step, linear, swish, threshold's defaults).
"""
from __future__ import annotations

from actlib.activations import exponential, hard, piecewise, smooth
from actlib.activations.core import INF, Activation, Param, Rule  # noqa: F401  (re-exported)
from actlib.activations.properties import FLAT_SLOPE, Properties  # noqa: F401
from actlib.activations.smooth import sigmoid  # noqa: F401
from actlib.activations.softmax import softmax, softmax_jvp  # noqa: F401
from actlib.errors import ParamError, declare

# The pages' order: the course's activations first, then by family.
REGISTRY: dict[str, Activation] = {a.key: a for a in [
    piecewise.LINEAR, piecewise.BINARY_STEP, smooth.SIGMOID, smooth.TANH, piecewise.RELU,
    piecewise.LEAKY_RELU, piecewise.PRELU, exponential.ELU, exponential.SELU, exponential.CELU,
    smooth.GELU, smooth.GELU_TANH, smooth.SILU, smooth.SWISH, smooth.MISH,
    exponential.SOFTPLUS, smooth.SOFTSIGN, hard.HARDTANH, hard.HARDSIGMOID, hard.HARDSWISH,
    piecewise.RELU6, smooth.LOGSIGMOID, smooth.TANHSHRINK, hard.SOFTSHRINK, hard.HARDSHRINK,
    piecewise.THRESHOLD, piecewise.RRELU,
]}

# The course's eight, in its order: what the Compare page opens on.
COURSE_SET = ["binary_step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu"]

UNKNOWN_ACTIVATION = declare("unknown_activation",
                             "Unknown activation {key!r}; choose one of {choices}.")


def get(key: str) -> Activation:
    """REGISTRY[key] with an error a user can read (ParamError "unknown_activation")."""
    try:
        return REGISTRY[key]
    except KeyError:
        raise ParamError(UNKNOWN_ACTIVATION, key=key, choices=", ".join(REGISTRY)) from None
