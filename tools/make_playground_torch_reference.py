"""Write tests/data/playground_torch_reference.json: the Playground's training step from PyTorch.

Run by hand (torch is never a project dependency):
    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch==2.13.0 numpy
    /tmp/torchvenv/bin/python tools/make_playground_torch_reference.py

For a few small nets with a different activation in each hidden layer (torch.nn modules with
the registry's parameters), on fixed 2-D points through some of TF's seven input features,
the table holds:
- the initial weights (numpy, fixed seed; one weight set to exactly 0 so that L1's
  sign(0) = 0 is exercised, and the first layer's biases 0 where the point (0, 0) puts a
  ReLU-like unit on its kink);
- per regularisation (none, L1, L2): the total loss and every parameter's gradient after one
  backward (autograd);
- per regularisation and optimiser (SGD, momentum, Adam): the parameters after STEPS full-batch
  torch.optim steps, and the total loss there.
Weights are stored in actlib's layout, W (fan_in, fan_out): torch's Linear.weight is its
transpose. Nothing here imports actlib: the test (tests/unit/test_playground_torch.py) runs
actlib.nets.playground on the same numbers.

Our conventions, reproduced in torch on purpose (see actlib/nets/playground/net.py):
- tanh_mse / linear_mse are TF Playground's ½·error²: L = ½·mean((o − y)²), i.e. half of
  nn.MSELoss();
- sigmoid_ce is nn.BCEWithLogitsLoss on t = (y + 1)/2; softmax_ce is nn.CrossEntropyLoss,
  ±1 labels → classes 1/0;
- regularisation, as TF Playground, on the weights only (not the biases, not PReLU's slope):
  L1 adds rate·Σ|w| (torch.abs's gradient at 0 is 0, as our np.sign), L2 adds rate·½·Σw².
  torch.optim's weight_decay would also decay biases, so the penalty is added to the loss
  explicitly instead; for L2 its gradient rate·w is what weight_decay adds on the weights;
- the optimisers are torch.optim.SGD (lr), SGD(momentum=0.9) and Adam(betas=(0.9, 0.999),
  eps=1e-8), the hyper-parameters of actlib/nets/playground/train.py.
"""
import json
import re
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "playground_torch_reference.json"
COMMAND = "/tmp/torchvenv/bin/python tools/make_playground_torch_reference.py"
STEPS = 4
OPTIMISERS = {"sgd": 0.1, "momentum": 0.05, "adam": 0.01}     # name -> learning rate
MOMENTUM, BETAS, EPS = 0.9, (0.9, 0.999), 1e-8

FEATURES = {                           # TF's seven, from the raw point (x1, x2)
    "x1": lambda a, b: a, "x2": lambda a, b: b, "x1sq": lambda a, b: a * a,
    "x2sq": lambda a, b: b * b, "x1x2": lambda a, b: a * b,
    "sin1": lambda a, b: torch.sin(a), "sin2": lambda a, b: torch.sin(b),
}

MODULES = {                            # our key -> torch.nn module with our parameters
    "tanh": lambda: nn.Tanh(),
    "relu": lambda: nn.ReLU(),
    "sigmoid": lambda: nn.Sigmoid(),
    "elu": lambda alpha: nn.ELU(alpha=alpha),
    "leaky_relu": lambda alpha: nn.LeakyReLU(negative_slope=alpha),
    "prelu": lambda alpha: nn.PReLU(num_parameters=1, init=alpha),   # slope learned
    "gelu": lambda: nn.GELU(approximate="none"),
    "gelu_tanh": lambda: nn.GELU(approximate="tanh"),
    "softplus": lambda beta, threshold: nn.Softplus(beta=beta, threshold=threshold),
    "hardswish": lambda: nn.Hardswish(),
    "selu": lambda: nn.SELU(),
    "silu": lambda: nn.SiLU(),
    "mish": lambda: nn.Mish(),
    "softsign": lambda: nn.Softsign(),
    "celu": lambda alpha: nn.CELU(alpha=alpha),
}

POINTS = [[0.0, 0.0], [1.5, -0.5], [-2.0, 1.0], [0.5, 2.5], [-1.0, -1.5], [3.0, 0.7],
          [-0.3, -2.8], [2.2, 1.9]]
NETS = [   # hidden layers: (units, activation, its parameters); "zero_bias": first layer's b = 0
    dict(name="tanh_mse_tf", features=["x1", "x2", "x1sq", "x2sq"], output="tanh_mse",
         n_outputs=1, labels=[1, -1, -1, 1, 1, -1, -1, 1], rate=0.01, seed=1,
         hidden=[(4, "tanh", {}), (3, "relu", {}), (2, "elu", {"alpha": 0.5})]),
    dict(name="sigmoid_bce", features=["x1", "x2", "x1x2"], output="sigmoid_ce", n_outputs=1,
         labels=[1, -1, 1, -1, 1, 1, -1, -1], rate=0.003, seed=2, zero_bias=True,
         hidden=[(5, "relu", {}), (3, "leaky_relu", {"alpha": 0.1}), (2, "gelu", {})]),
    dict(name="softmax_3_classes", features=["x1", "x2", "sin1", "sin2"], output="softmax_ce",
         n_outputs=3, labels=[0, 1, 2, 0, 1, 2, 2, 0], rate=0.01, seed=3,
         hidden=[(4, "softplus", {"beta": 2.0, "threshold": 20.0}), (4, "hardswish", {}),
                 (3, "selu", {})]),
    dict(name="softmax_2_classes_pm1", features=["x1", "x2", "x1x2", "sin2"], output="softmax_ce",
         n_outputs=2, labels=[-1, 1, 1, -1, -1, 1, -1, 1], rate=0.02, seed=4, zero_bias=True,
         hidden=[(3, "leaky_relu", {"alpha": 0.01}), (4, "sigmoid", {}),
                 (2, "gelu_tanh", {})]),
    dict(name="linear_mse_regression", features=["x1", "x2"], output="linear_mse", n_outputs=1,
         labels=[0.1, -0.4, 0.7, 0.2, -0.9, 0.5, -0.2, 0.8], rate=0.01, seed=5,
         hidden=[(3, "prelu", {"alpha": 0.25}), (5, "silu", {}), (2, "mish", {}),
                 (2, "celu", {"alpha": 1.5})]),
    dict(name="tanh_mse_seven_features", features=["x1", "x2", "x1sq", "x2sq", "x1x2", "sin1", "sin2"],
         output="tanh_mse", n_outputs=1, labels=[-1, 1, 1, -1, 1, -1, 1, -1], rate=0.005,
         seed=6, hidden=[(5, "softsign", {}), (3, "elu", {"alpha": 1.0}), (2, "tanh", {})]),
]


def initial(case):
    """Initial weights in actlib's layout, from numpy with the case's seed."""
    rng = np.random.default_rng(case["seed"])
    widths = [len(case["features"])] + [u for u, _, _ in case["hidden"]] + [case["n_outputs"]]
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(widths[:-1], widths[1:])):
        W = rng.uniform(-1.0, 1.0, (fan_in, fan_out))
        b = rng.uniform(-0.5, 0.5, fan_out)
        if i == 0 and case.get("zero_bias"):
            b[:] = 0.0                 # the point (0, 0) puts every first-layer unit at z = 0
        layer = {"W": W, "b": b}
        if i < len(case["hidden"]) and case["hidden"][i][1] == "prelu":
            layer["alpha"] = case["hidden"][i][2]["alpha"]
        layers.append(layer)
    layers[1]["W"][0, 0] = 0.0         # L1's gradient at w = 0: sign(0) = 0
    return layers


class Net(nn.Module):
    def __init__(self, case, init):
        super().__init__()
        self.linears = nn.ModuleList()
        self.acts = nn.ModuleList()
        for i, layer in enumerate(init):
            fan_in, fan_out = layer["W"].shape
            lin = nn.Linear(fan_in, fan_out, dtype=torch.float64)
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(layer["W"].T))
                lin.bias.copy_(torch.tensor(layer["b"]))
            self.linears.append(lin)
            if i < len(case["hidden"]):
                _, key, params = case["hidden"][i]
                self.acts.append(MODULES[key](**params).double())

    def forward(self, x):
        for lin, act in zip(self.linears, self.acts):
            x = act(lin(x))
        return self.linears[-1](x)

    def weights(self):
        return [lin.weight for lin in self.linears]

    def export(self):
        """Parameters in actlib's layout (W (fan_in, fan_out), b, PReLU's alpha)."""
        layers = []
        for i, lin in enumerate(self.linears):
            layer = {"W": lin.weight.detach().T.tolist(), "b": lin.bias.detach().tolist()}
            if i < len(self.acts) and isinstance(self.acts[i], nn.PReLU):
                layer["alpha"] = self.acts[i].weight.detach().item()
            layers.append(layer)
        return layers

    def export_grads(self):
        layers = []
        for i, lin in enumerate(self.linears):
            layer = {"W": lin.weight.grad.T.tolist(), "b": lin.bias.grad.tolist()}
            if i < len(self.acts) and isinstance(self.acts[i], nn.PReLU):
                layer["alpha"] = self.acts[i].weight.grad.item()
            layers.append(layer)
        return layers


def inputs(case):
    p = torch.tensor(POINTS, dtype=torch.float64)
    a, b = p[:, 0], p[:, 1]
    return torch.stack([FEATURES[name](a, b) for name in case["features"]], dim=1)


def data_loss(case, z, y):
    if case["output"] == "tanh_mse":       # TF's ½·error²: half of MSELoss (which has no ½)
        return 0.5 * F.mse_loss(torch.tanh(z[:, 0]), y)
    if case["output"] == "linear_mse":
        return 0.5 * F.mse_loss(z[:, 0], y)
    if case["output"] == "sigmoid_ce":
        return F.binary_cross_entropy_with_logits(z[:, 0], (y + 1) / 2)
    classes = (y > 0).long() if case["n_outputs"] == 2 else y.long()   # ±1 -> 1/0
    return F.cross_entropy(z, classes)


def penalty(model, reg, rate):
    """TF Playground's regularisation: the weights only, no biases, no PReLU slope."""
    if reg == "l1":
        return rate * sum(w.abs().sum() for w in model.weights())
    if reg == "l2":
        return rate * 0.5 * sum((w * w).sum() for w in model.weights())
    return torch.zeros((), dtype=torch.float64)


def total_loss(case, model, x, y, reg, rate):
    return data_loss(case, model(x), y) + penalty(model, reg, rate)


def optimiser(name, params):
    lr = OPTIMISERS[name]
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=MOMENTUM)
    return torch.optim.Adam(params, lr=lr, betas=BETAS, eps=EPS)


def tabulate(case):
    init = initial(case)
    x = inputs(case)
    y = torch.tensor(case["labels"], dtype=torch.float64)
    grads, runs = {}, []
    for reg in ("none", "l1", "l2"):
        rate = 0.0 if reg == "none" else case["rate"]
        model = Net(case, init)
        loss = total_loss(case, model, x, y, reg, rate)
        loss.backward()
        grads[reg] = {"rate": rate, "loss": loss.item(), "grads": model.export_grads()}
        for name in OPTIMISERS:
            model = Net(case, init)
            opt = optimiser(name, model.parameters())
            for _ in range(STEPS):          # full batch: every point, one step each
                opt.zero_grad()
                total_loss(case, model, x, y, reg, rate).backward()
                opt.step()
            with torch.no_grad():
                after = total_loss(case, model, x, y, reg, rate).item()
            runs.append({"reg": reg, "rate": rate, "optimiser": name, "lr": OPTIMISERS[name],
                         "steps": STEPS, "loss": after, "params": model.export()})
    init_json = [{k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in layer.items()}
                 for layer in init]
    return {"name": case["name"], "features": case["features"], "output": case["output"],
            "n_outputs": case["n_outputs"], "labels": case["labels"],
            "hidden": [{"units": u, "activation": key, "params": params}
                       for u, key, params in case["hidden"]],
            "init": init_json, "grads": grads, "runs": runs}


def main():
    torch.set_default_dtype(torch.float64)
    table = {"torch": torch.__version__, "dtype": "float64", "command": COMMAND,
             "layout": "W is (fan_in, fan_out) as in actlib; torch's Linear.weight is W.T",
             "points": POINTS,
             "hyper": {"momentum": MOMENTUM, "betas": list(BETAS), "eps": EPS},
             "nets": [tabulate(case) for case in NETS]}
    text = json.dumps(table, indent=1)
    # a list of numbers on one line: the file stays small and a row reads as a row
    text = re.sub(r"\[\s*([-+0-9.eE,\s]+?)\s*\]",
                  lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]", text)
    OUT.write_text(text + "\n")
    print(f"wrote {len(table['nets'])} nets to {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
