"""Export a Playground run: its weights as JSON (and back), and a PyTorch script of its setup.

The JSON holds the network's shape (inputs, hidden layers with activation and parameters,
output, initialisation), the input features and every layer's W (fan_in × fan_out, as
this package stores it — torch's nn.Linear.weight is its transpose), b and learned
activation parameters. Floats are written with Python's shortest round-trip repr, so
loading gives back the same numbers bit for bit.

The script builds the same nn.Sequential (torch module names from the registry's `torch`
field), initialises it as this page does, and trains with the same optimiser, learning
rate, batch size, regularisation and loss. It imports only torch and math; the data are
written into it. torch's random numbers differ from numpy's, so its run starts from other
weights and batches than the page's: the same experiment, not the same digits.
"""
from __future__ import annotations

import json
import re

import numpy as np

from actlib.activations import REGISTRY
from actlib.nets.playground import net
from actlib.nets.playground.train import BETAS, MOMENTUM, Hyper

FORMAT = "activation-lab/playground-weights"
VERSION = 1

# our parameter name → torch's keyword, where they differ
TORCH_KWARGS = {"leaky_relu": {"alpha": "negative_slope"}, "prelu": {"alpha": "init"}}
# activations with no torch module: the script defines one (formula from the registry)
OWN_MODULES = {
    "binary_step": ("Step", "threshold",
                    "(x >= self.threshold).to(x.dtype)          # Heaviside step, f(θ) = 1"),
    "swish": ("Swish", "beta", "x * torch.sigmoid(self.beta * x)"),
}
FEATURE_CODE = {"x1": "x1", "x2": "x2", "x1sq": "x1 * x1", "x2sq": "x2 * x2",
                "x1x2": "x1 * x2", "sin1": "torch.sin(x1)", "sin2": "torch.sin(x2)"}
INIT_CODE = {
    "tf": ("nn.init.uniform_(m.weight, -0.5, 0.5)", "nn.init.constant_(m.bias, 0.1)"),
    "glorot": ("nn.init.xavier_uniform_(m.weight)", "nn.init.zeros_(m.bias)"),
    "he": ("nn.init.kaiming_normal_(m.weight, nonlinearity='relu')", "nn.init.zeros_(m.bias)"),
    "lecun": ("nn.init.normal_(m.weight, 0.0, 1 / math.sqrt(m.in_features))",
              "nn.init.zeros_(m.bias)"),
    "zeros": ("nn.init.zeros_(m.weight)", "nn.init.zeros_(m.bias)"),
}
LOSS_CODE = {
    "tanh_mse": ("torch.tanh(out)", "0.5 * nn.functional.mse_loss(out[:, 0], y)",
                 "½·mean((tanh z − y)²), y = ±1 (TF's; MSELoss has no ½)"),
    "linear_mse": (None, "0.5 * nn.functional.mse_loss(out[:, 0], y)",
                   "½·mean((z − y)²) (TF's; MSELoss has no ½)"),
    "sigmoid_ce": (None, "nn.functional.binary_cross_entropy_with_logits(out[:, 0], (y + 1) / 2)",
                   "BCEWithLogitsLoss on t = (y + 1)/2; the prediction is sigmoid(z)"),
    "softmax_ce": (None, "nn.functional.cross_entropy(out, classes(y))",
                   "CrossEntropyLoss; the prediction is softmax(z)"),
}


class WeightsError(ValueError):
    """A weights file that is not one of ours, or whose arrays do not fit its network."""


# ---------------------------------------------------------------- JSON
def _floats(a: np.ndarray):
    return np.asarray(a, float).tolist()


def weights_json(spec: net.NetSpec, params: list[dict], features, epoch: int) -> str:
    """The network and its current weights as JSON text (see the module docstring)."""
    layers = []
    for i, p in enumerate(params):
        entry = {"W": _floats(p["W"]), "b": _floats(p["b"])}
        if i < len(spec.hidden):
            entry["learned"] = {name: float(p[name]) for name in net.learned_names(spec.hidden[i])}
        layers.append(entry)
    doc = {
        "format": FORMAT, "version": VERSION, "epoch": int(epoch),
        "features": list(features),
        "network": {"n_inputs": spec.n_inputs, "n_outputs": spec.n_outputs,
                    "output": spec.output, "init": spec.init,
                    "hidden": [{"units": h.units, "activation": h.activation,
                                "params": dict(h.params)} for h in spec.hidden]},
        "layers": layers,
    }
    return json.dumps(doc, indent=1)


def load_weights(text: str) -> tuple[net.NetSpec, list[dict], tuple[str, ...]]:
    """(spec, params, features) from `weights_json` text; WeightsError if it is not ours."""
    try:
        doc = json.loads(text)
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise WeightsError("Not a Playground weights file of this version.")
        n = doc["network"]
        hidden = tuple(net.Layer(int(h["units"]), str(h["activation"]),
                                 tuple((str(k), float(v)) for k, v in h["params"].items()))
                       for h in n["hidden"])
        spec = net.NetSpec(int(n["n_inputs"]), hidden, str(n["output"]), int(n["n_outputs"]),
                           str(n["init"]))
        params = []
        for i, (entry, fan_in, fan_out) in enumerate(zip(doc["layers"], spec.widths[:-1],
                                                         spec.widths[1:], strict=True)):
            layer = {"W": np.array(entry["W"], float), "b": np.array(entry["b"], float)}
            if layer["W"].shape != (fan_in, fan_out) or layer["b"].shape != (fan_out,):
                raise WeightsError(f"Layer {i + 1}'s arrays do not fit {fan_in} → {fan_out}.")
            if i < len(hidden):
                for name in net.learned_names(hidden[i]):
                    layer[name] = np.array(float(entry["learned"][name]))
            params.append(layer)
        features = tuple(str(f) for f in doc["features"])
        if len(features) != spec.n_inputs:
            raise WeightsError("The features do not match the network's inputs.")
    except WeightsError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise WeightsError(f"Not a Playground weights file: {err}") from None
    return spec, params, features


# ---------------------------------------------------------------- PyTorch script
def torch_module(layer: net.Layer) -> str:
    """The torch expression for a hidden layer's activation, e.g. nn.LeakyReLU(negative_slope=0.2)."""
    key, params = layer.activation, dict(layer.params)
    values = {**REGISTRY[key].defaults(), **params}
    if key in OWN_MODULES:
        cls, name, _ = OWN_MODULES[key]
        return f"{cls}({name}={values[name]!r})"
    field = REGISTRY[key].torch
    found = re.search(r"nn\.(\w+)", field)
    if found is None:                       # a registry entry this exporter does not know
        raise ValueError(f"No torch module for {key!r}.")
    inside = re.search(r"\((.*)\)", field[found.end():].split(" ")[0] or "")
    args = [inside.group(1)] if inside and inside.group(1) else []
    rename = TORCH_KWARGS.get(key, {})
    args += [f"{rename.get(name, name)}={value!r}" for name, value in values.items()]
    if key == "prelu":
        args.insert(0, "num_parameters=1")
    return f"nn.{found.group(1)}({', '.join(args)})"


def _module_classes(spec: net.NetSpec) -> list[str]:
    lines = []
    for key in sorted({h.activation for h in spec.hidden} & set(OWN_MODULES)):
        cls, name, expr = OWN_MODULES[key]
        lines += [f"class {cls}(nn.Module):",
                  f'    """{REGISTRY[key].name}: no torch module has it."""',
                  f"    def __init__(self, {name}):",
                  "        super().__init__()",
                  f"        self.{name} = {name}",
                  "", "    def forward(self, x):", f"        return {expr}", "", ""]
    return lines


def _data_lines(name: str, x: np.ndarray, y: np.ndarray) -> list[str]:
    rows = ", ".join(f"({float(a)!r}, {float(b)!r}, {float(c)!r})"
                     for (a, b), c in zip(np.asarray(x, float), np.asarray(y, float)))
    return [f"{name} = torch.tensor([{rows}], dtype=torch.float64)"]


def torch_script(spec: net.NetSpec, features, hyper: Hyper, seed: int, epochs: int,
                 train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray]
                 ) -> str:
    """A PyTorch script (torch and math only) that sets up and trains the same experiment.

    `train`, `test`: (points (n, 2), labels (n,)) — the raw coordinates and ±1 / class /
    value labels, written into the script."""
    layers, width = [], spec.n_inputs
    for h in spec.hidden:
        layers += [f"nn.Linear({width}, {h.units})", torch_module(h)]
        width = h.units
    layers.append(f"nn.Linear({width}, {spec.n_outputs})")
    final, loss_code, loss_note = LOSS_CODE[spec.output]
    w_init, b_init = INIT_CODE[spec.init]
    decay = hyper.reg_rate if hyper.reg == "l2" else 0.0
    if hyper.optimiser == "adam":
        opt = f"torch.optim.Adam(groups, lr={hyper.lr!r}, betas={BETAS!r}, eps=1e-08)"
    elif hyper.optimiser == "momentum":
        opt = f"torch.optim.SGD(groups, lr={hyper.lr!r}, momentum={MOMENTUM!r})"
    else:
        opt = f"torch.optim.SGD(groups, lr={hyper.lr!r})"
    l1 = (f" + {hyper.reg_rate!r} * sum(m.weight.abs().sum() for m in linears)"
          if hyper.reg == "l1" and hyper.reg_rate else "")
    lines = [
        '"""Activation Lab Playground, as a PyTorch script: the same network, features,',
        "initialisation, optimiser and data (torch's random numbers differ from the page's,",
        'so the run starts from other weights: the same experiment, not the same digits)."""',
        "import math", "", "import torch", "from torch import nn", "",
        f"torch.manual_seed({int(seed)})", "torch.set_default_dtype(torch.float64)", "", "",
        *_module_classes(spec),
        "def features(p):",
        '    """Points (n, 2) → the input features the page used."""',
        "    x1, x2 = p[:, 0], p[:, 1]",
        f"    return torch.stack([{', '.join(FEATURE_CODE[f] for f in features)}], dim=1)",
        "", "",
        "def classes(y):",
        '    """Labels → class numbers: ±1 → 1/0, 0/1/2 stay."""',
        "    return torch.where(y > 0, 1, 0) if bool(((y == 1) | (y == -1)).all()) else y.long()",
        "", "",
        "model = nn.Sequential(",
        *[f"    {code}," for code in layers],
        ")",
        "linears = [m for m in model if isinstance(m, nn.Linear)]",
        "for m in linears:",
        f"    {w_init}",
        f"    {b_init}",
        "# regularisation on weights only, as the page (TF Playground): biases and PReLU's",
        "# slope are not decayed",
        f"groups = [{{'params': [m.weight for m in linears], 'weight_decay': {decay!r}}},",
        "          {'params': [p for m in model for name, p in m.named_parameters()",
        "                      if not (isinstance(m, nn.Linear) and name == 'weight')],",
        "           'weight_decay': 0.0}]",
        f"optimiser = {opt}",
        "",
        "",
        "def loss_of(x, y):",
        "    out = model(x)",
        *([f"    out = {final}"] if final else []),
        f"    # {loss_note}",
        f"    return {loss_code}",
        "", "",
        *_data_lines("TRAIN", train[0], train[1]),
        *_data_lines("TEST", test[0], test[1]),
        "train_x, train_y = features(TRAIN[:, :2]), TRAIN[:, 2]",
        "test_x, test_y = features(TEST[:, :2]), TEST[:, 2]",
        f"BATCH, EPOCHS = {int(hyper.batch)}, {max(1, int(epochs))}",
        "for epoch in range(1, EPOCHS + 1):",
        "    model.train()",
        "    for idx in torch.randperm(len(train_x)).split(BATCH):",
        "        optimiser.zero_grad()",
        f"        loss = loss_of(train_x[idx], train_y[idx]){l1}",
        "        loss.backward()",
        "        optimiser.step()",
        "    model.eval()",
        "    with torch.no_grad():",
        "        print(f'epoch {epoch}: training loss {loss_of(train_x, train_y).item():.4f}, '",
        "              f'test loss {loss_of(test_x, test_y).item():.4f}')",
    ]
    if any(h.activation == "rrelu" for h in spec.hidden):
        lines.insert(lines.index("model = nn.Sequential("),
                     "# nn.RReLU draws its slope at random in training mode; the page uses the "
                     "evaluation-mode\n# slope (lower + upper)/2 throughout")
    return "\n".join(lines) + "\n"
