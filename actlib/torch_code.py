"""The same in PyTorch: a short script that computes f and f' at chosen points with torch.

    >>> print(torch_snippet("elu", {"alpha": 0.5}, [1.0, -1.0]))
    import torch
    <BLANKLINE>
    torch.set_default_dtype(torch.float64)  # the precision the page computes in
    act = torch.nn.ELU(alpha=0.5)
    x = torch.tensor([1.0, -1.0], requires_grad=True)
    y = act(x)
    y.sum().backward()  # x.grad is f'(x) at each point: each y_i depends on x_i only
    print("f(x) =", y.tolist())
    print("f'(x) =", x.grad.tolist())

The module comes from the registry's `torch` field (one declaration: "nn.ELU",
"nn.GELU(approximate='tanh')", "nn.RReLU (eval)"); our parameter names become torch's keyword
names through TORCH_KEYWORDS (Leaky ReLU's slope is `negative_slope`, PReLU's initial slope
`init`). float64 by default (PReLU's weight too), so the printed numbers are the ones the
pages compute. Activations torch has
no module for (binary step, Swish) are written with torch operations; autograd has no
derivative for a step, so that script prints f only and says why.

What the script prints is `torch_values(...)`: this library's f and f', which
tests/unit/test_torch_code.py checks against the committed PyTorch table.
"""
from __future__ import annotations

import numpy as np

from actlib.activations import REGISTRY

# our parameter name -> torch.nn's keyword, where they differ (PyTorch's documented signatures)
TORCH_KEYWORDS = {
    "leaky_relu": {"alpha": "negative_slope"},
    "prelu": {"alpha": "init"},
}

# no torch module: the forward written with torch operations, our parameters by name
COMPOSED = {
    "swish": "act = lambda x: x * torch.sigmoid({beta} * x)  # Swish: no torch module; β = 1 is nn.SiLU",
    "binary_step": "act = lambda x: torch.heaviside(x - {threshold}, torch.tensor(1.0))  # no torch module",
}
NO_AUTOGRAD = {"binary_step"}       # torch.heaviside has no derivative: f' = 0 for x ≠ θ


def _number(value: float) -> str:
    """A float as Python reads it back exactly (repr), integers kept as floats: 1.0, 0.25."""
    return repr(float(value))


def torch_module(key: str, params: dict) -> str:
    """The torch.nn constructor call for REGISTRY[key] with `params`, e.g.
    "torch.nn.LeakyReLU(negative_slope=0.2)"; "" if torch has no module for it."""
    act = REGISTRY[key]
    if key in COMPOSED or not act.torch.startswith("nn."):
        return ""
    head = act.torch.split(" ")[0]                 # "nn.RReLU (eval)" -> "nn.RReLU"
    name, _, fixed = head.partition("(")           # "nn.GELU(approximate='tanh')"
    fixed = fixed.rstrip(")")
    full = act.with_defaults(**params)
    rename = TORCH_KEYWORDS.get(key, {})
    args = [fixed] if fixed else []
    args += [f"{rename.get(p.name, p.name)}={_number(full[p.name])}" for p in act.params]
    return f"torch.{name}({', '.join(args)})"


def torch_snippet(key: str, params: dict, xs) -> str:
    """A runnable script printing f(x) and f'(x) of REGISTRY[key] at the points `xs`."""
    act = REGISTRY[key]
    full = act.with_defaults(**params)
    points = ", ".join(_number(v) for v in np.asarray(xs, dtype=np.float64).ravel())
    if key in COMPOSED:
        make = COMPOSED[key].format(**{k: _number(v) for k, v in full.items()})
    else:
        make = f"act = {torch_module(key, params)}"
        if "(eval)" in act.torch:
            make += ".eval()  # evaluation mode: slope (lower + upper) / 2"
    lines = ["import torch", "", "torch.set_default_dtype(torch.float64)  # the precision the page computes in",
             make]
    if key in NO_AUTOGRAD:
        lines += [f"x = torch.tensor([{points}])",
                  "y = act(x)",
                  "print(\"f(x) =\", y.tolist())",
                  "# autograd has no derivative for a step: f'(x) = 0 wherever x ≠ threshold"]
    else:
        lines += [f"x = torch.tensor([{points}], requires_grad=True)",
                  "y = act(x)",
                  "y.sum().backward()  # x.grad is f'(x) at each point: each y_i depends on x_i only",
                  "print(\"f(x) =\", y.tolist())",
                  "print(\"f'(x) =\", x.grad.tolist())"]
    return "\n".join(lines)


def torch_values(key: str, params: dict, xs) -> tuple[np.ndarray, np.ndarray | None]:
    """What the snippet prints: (f, f') in float64; f' is None where the script has no f'."""
    act = REGISTRY[key]
    x = np.asarray(xs, dtype=np.float64)
    f, df = act.value_and_grad(x, **params)
    return np.asarray(f, dtype=np.float64), None if key in NO_AUTOGRAD else np.asarray(df, np.float64)
