"""Write tests/data/torch_reference.json: f and f' from PyTorch for every registry activation.

Run by hand (torch is never a project dependency):
    python -m venv /tmp/tv && /tmp/tv/bin/pip install torch==2.13.0 numpy
    /tmp/tv/bin/python tools/make_torch_reference.py

f comes from torch.nn.functional in float64; f' from autograd (x.grad after f.sum().backward()),
which is what fixes the value at kinks. PReLU also gets ∂f/∂weight. Two entries are not
from torch and say so ("source": "hand"): binary_step (autograd has no derivative for a
step; f' = 0 written by hand, x = threshold left out) and swish (no module; composed from
torch ops, so autograd still gives f').
"""
import json
from pathlib import Path

import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_reference.json"
POINTS = [-1e4, -100.0, -20.0, -6.0, -5.0, -3.0, -2.5, -1.5, -1.0, -0.5, -0.25, -1e-3, 0.0,
          1e-3, 0.25, 0.5, 1.0, 1.5, 2.5, 3.0, 5.0, 6.0, 10.0, 15.0, 20.0, 25.0, 100.0, 1e4]

TORCH = {   # our key -> (torch function of (x, **params), parameter sets to tabulate)
    "linear": (lambda x: x * 1, [{}]),
    "sigmoid": (torch.sigmoid, [{}]),
    "tanh": (torch.tanh, [{}]),
    "relu": (F.relu, [{}]),
    "leaky_relu": (lambda x, alpha: F.leaky_relu(x, negative_slope=alpha),
                   [{"alpha": 0.01}, {"alpha": 1.5}, {"alpha": -0.5}]),
    "prelu": (None, [{"alpha": 0.25}, {"alpha": 1.5}]),       # handled below (weight grad)
    "elu": (lambda x, alpha: F.elu(x, alpha=alpha), [{"alpha": 1.0}, {"alpha": 0.5}, {"alpha": 2.0}]),
    "selu": (F.selu, [{}]),
    "celu": (lambda x, alpha: F.celu(x, alpha=alpha), [{"alpha": 1.0}, {"alpha": 0.5}, {"alpha": 2.0}]),
    "gelu": (lambda x: F.gelu(x, approximate="none"), [{}]),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), [{}]),
    "silu": (F.silu, [{}]),
    "mish": (F.mish, [{}]),
    "softplus": (lambda x, beta, threshold: F.softplus(x, beta=beta, threshold=threshold),
                 [{"beta": 1.0, "threshold": 20.0}, {"beta": 2.0, "threshold": 10.0}]),
    "softsign": (F.softsign, [{}]),
    "hardtanh": (lambda x, min_val, max_val: F.hardtanh(x, min_val, max_val),
                 [{"min_val": -1.0, "max_val": 1.0}, {"min_val": -2.0, "max_val": 3.0}]),
    "hardsigmoid": (F.hardsigmoid, [{}]),
    "hardswish": (F.hardswish, [{}]),
    "relu6": (F.relu6, [{}]),
    "logsigmoid": (F.logsigmoid, [{}]),
    "tanhshrink": (F.tanhshrink, [{}]),
    "softshrink": (lambda x, lambd: F.softshrink(x, lambd), [{"lambd": 0.5}, {"lambd": 1.0}]),
    "hardshrink": (lambda x, lambd: F.hardshrink(x, lambd), [{"lambd": 0.5}, {"lambd": 1.0}]),
    "threshold": (lambda x, threshold, value: F.threshold(x, threshold, value),
                  [{"threshold": 0.0, "value": 0.0}, {"threshold": 1.0, "value": -2.0}]),
    "rrelu": (lambda x, lower, upper: F.rrelu(x, lower, upper, training=False),
              [{"lower": 1 / 8, "upper": 1 / 3}, {"lower": 0.1, "upper": 0.3}]),
}
COMPOSED = {   # not a torch module: composed from torch ops, autograd still gives f'
    "swish": (lambda x, beta: x * torch.sigmoid(beta * x), [{"beta": 1.0}, {"beta": 2.0}]),
}


def _points(params):
    extra = [v for k, v in params.items() if k in ("threshold", "min_val", "max_val", "lambd")]
    extra += [-v for k, v in params.items() if k == "lambd"]
    return sorted(set(POINTS) | set(extra))


def tabulate(fn, params, xs):
    x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    y = fn(x, **params)
    y.sum().backward()
    return y.detach().tolist(), x.grad.tolist()


def main():
    rows = []
    for key, (fn, sets) in {**TORCH, **COMPOSED}.items():
        for params in sets:
            xs = _points(params)
            if key == "prelu":
                x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
                w = torch.tensor([params["alpha"]], dtype=torch.float64, requires_grad=True)
                y = F.prelu(x, w)
                # d f/d x per point from the sum; d f/d a per point from each output alone
                dfa = [torch.autograd.grad(y[i], w, retain_graph=True)[0].item() for i in range(len(xs))]
                y.sum().backward()
                rows.append({"key": key, "params": params, "x": xs, "f": y.detach().tolist(),
                             "grad": x.grad.tolist(), "grad_alpha": dfa, "source": "torch"})
                continue
            f, g = tabulate(fn, params, xs)
            rows.append({"key": key, "params": params, "x": xs, "f": f, "grad": g,
                         "source": "torch" if key in TORCH else "torch ops (composed)"})
    for thr in (0.0, 0.5):     # binary step: f from torch.heaviside, f' = 0 by hand, x = θ left out
        xs = [x for x in _points({"threshold": thr}) if x != thr]
        x = torch.tensor(xs, dtype=torch.float64)
        f = torch.heaviside(x - thr, torch.tensor(1.0, dtype=torch.float64)).tolist()
        rows.append({"key": "binary_step", "params": {"threshold": thr}, "x": xs, "f": f,
                     "grad": [0.0] * len(xs), "source": "hand: f from torch.heaviside, f' = 0 not from torch"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"torch": torch.__version__, "dtype": "float64", "rows": rows}, indent=1))
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
