"""A small fully connected network: forward and backward through the registry's fn and grad.

Every hidden layer names its own activation (any of the registry's) and parameters; the
forward pass calls `act.fn`, the backward pass `act.grad` (and `act.param_grads` for a
learned parameter: PReLU's slope, one per layer as `nn.PReLU()`), so there is no second copy
of any formula here. The output and its loss come as one of three pairs:

- "tanh_mse":    o = tanh(z), L = ½·mean((o − y)²), y = ±1 — TF Playground's for classes
                 (TF's Errors.SQUARE; PyTorch's MSELoss has no ½, so it is twice this).
- "linear_mse":  o = z, the same loss — TF Playground's for regression.
- "sigmoid_ce":  p = σ(z), L = mean(log(1 + eᶻ) − t·z), t = (y + 1)/2 — BCEWithLogitsLoss.
- "softmax_ce":  p = softmax(z), L = mean(logsumexp(z) − z_y) — CrossEntropyLoss; one output
                 per class (two for ±1 labels).
Regularisation, as TF: L1 adds rate·Σ|w|, L2 adds rate·½·Σw², over weights only (no biases).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from actlib.activations import REGISTRY, softmax

OUTPUTS = ("tanh_mse", "linear_mse", "sigmoid_ce", "softmax_ce")
INITS = ("tf", "glorot", "he", "lecun", "zeros")
REGS = ("none", "l1", "l2")
TANH, SIGMOID, LINEAR = REGISTRY["tanh"], REGISTRY["sigmoid"], REGISTRY["linear"]
MAX_LAYERS, MAX_UNITS = 6, 8


@dataclass(frozen=True)
class Layer:
    """A hidden layer: its width, activation key and that activation's parameters."""
    units: int
    activation: str
    params: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class NetSpec:
    n_inputs: int
    hidden: tuple[Layer, ...]
    output: str = "tanh_mse"
    n_outputs: int = 1
    init: str = "tf"

    def __post_init__(self):
        if not 0 <= len(self.hidden) <= MAX_LAYERS:
            raise ValueError(f"A network has 0 to {MAX_LAYERS} hidden layers.")
        for layer in self.hidden:
            if not 1 <= layer.units <= MAX_UNITS:
                raise ValueError(f"A hidden layer has 1 to {MAX_UNITS} units.")
            act = REGISTRY[layer.activation]
            act.fn(np.zeros(1), **dict(layer.params))     # invalid parameters raise here
        if self.output not in OUTPUTS or self.init not in INITS:
            raise ValueError(f"Unknown output {self.output!r} or initialisation {self.init!r}.")

    @property
    def widths(self) -> list[int]:
        return [self.n_inputs] + [layer.units for layer in self.hidden] + [self.n_outputs]


@functools.lru_cache(maxsize=512)
def learned_names(layer: Layer) -> tuple[str, ...]:
    """The activation's parameters that are trained (the registry gives them a gradient)."""
    return tuple(sorted(REGISTRY[layer.activation].param_grads))


def init_params(spec: NetSpec, seed: int) -> list[dict]:
    """One dict per layer (hidden layers, then the output): W (fan_in, fan_out), b, and the
    activation's learned parameters (start at their given value).

    tf:     W ~ U(−0.5, 0.5), b = 0.1            (TF Playground: Math.random() − 0.5, bias 0.1)
    glorot: W ~ U(±√(6/(fan_in + fan_out))), b = 0  (nn.init.xavier_uniform_)
    he:     W ~ N(0, 2/fan_in), b = 0            (nn.init.kaiming_normal_, ReLU gain)
    lecun:  W ~ N(0, 1/fan_in), b = 0
    zeros:  W = 0, b = 0                         (every unit of a layer stays identical)
    """
    rng = np.random.default_rng([seed, 1])
    widths = spec.widths
    params = []
    for i, (fan_in, fan_out) in enumerate(zip(widths[:-1], widths[1:])):
        shape = (fan_in, fan_out)
        if spec.init == "tf":
            W, b = rng.uniform(-0.5, 0.5, shape), np.full(fan_out, 0.1)
        elif spec.init == "glorot":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W, b = rng.uniform(-limit, limit, shape), np.zeros(fan_out)
        elif spec.init == "he":
            W, b = rng.normal(0.0, np.sqrt(2.0 / fan_in), shape), np.zeros(fan_out)
        elif spec.init == "lecun":
            W, b = rng.normal(0.0, np.sqrt(1.0 / fan_in), shape), np.zeros(fan_out)
        else:
            W, b = np.zeros(shape), np.zeros(fan_out)
        layer = {"W": W, "b": b}
        if i < len(spec.hidden):
            given = dict(spec.hidden[i].params)
            defaults = REGISTRY[spec.hidden[i].activation].defaults()
            for name in learned_names(spec.hidden[i]):
                layer[name] = np.array(float(given.get(name, defaults[name])))
        params.append(layer)
    return params


def act_params(spec: NetSpec, params: list[dict], i: int) -> dict[str, float]:
    """Hidden layer i's activation parameters: fixed ones from the spec, learned ones current."""
    values = dict(spec.hidden[i].params)
    for name in learned_names(spec.hidden[i]):
        values[name] = float(params[i][name])
    return values


@dataclass
class Forward:
    """What the backward pass needs: inputs to each layer (hs[0] = x) and pre-activations."""
    hs: list[np.ndarray]
    zs: list[np.ndarray]
    z_out: np.ndarray
    values: list[dict]          # each hidden layer's activation parameters as used


def forward(spec: NetSpec, params: list[dict], x: np.ndarray) -> Forward:
    hs, zs, values = [x], [], []
    h = x
    for i, layer in enumerate(spec.hidden):
        z = h @ params[i]["W"] + params[i]["b"]
        values.append(act_params(spec, params, i))
        h = REGISTRY[layer.activation].fn(z, **values[i])
        zs.append(z)
        hs.append(h)
    z_out = h @ params[-1]["W"] + params[-1]["b"]
    return Forward(hs, zs, z_out, values)


def predict(spec: NetSpec, z_out: np.ndarray) -> np.ndarray:
    """The output: tanh(z) or z (n, 1), σ(z) (n, 1) or softmax(z) (n, classes)."""
    if spec.output == "tanh_mse":
        return TANH.fn(z_out)
    if spec.output == "linear_mse":
        return LINEAR.fn(z_out)
    if spec.output == "sigmoid_ce":
        return SIGMOID.fn(z_out)
    return softmax(z_out, axis=1)


def score(spec: NetSpec, z_out: np.ndarray) -> np.ndarray:
    """One number per point in [−1, 1] for two classes or regression (TF's heatmap value):
    tanh(z) (z itself for regression), 2σ(z) − 1, or p₁ − p₀ for two softmax outputs; for 3+
    classes the class probabilities (n, classes)."""
    p = predict(spec, z_out)
    if spec.output in ("tanh_mse", "linear_mse"):
        return p[:, 0]
    if spec.output == "sigmoid_ce":
        return 2 * p[:, 0] - 1
    return p[:, 1] - p[:, 0] if p.shape[1] == 2 else p


def class_index(y: np.ndarray) -> np.ndarray:
    """Labels → class numbers: ±1 → 1/0, 0/1/2 stay."""
    return np.where(y > 0, 1, 0) if np.all(np.isin(y, (-1.0, 1.0))) else y.astype(int)


def data_loss(spec: NetSpec, z_out: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """(mean loss, dL/dz_out) for targets y (see the module docstring)."""
    n = len(y)
    if spec.output in ("tanh_mse", "linear_mse"):
        out = TANH if spec.output == "tanh_mse" else LINEAR
        o = out.fn(z_out[:, 0])
        loss = 0.5 * np.mean((o - y) ** 2)
        dz = ((o - y) * out.grad(z_out[:, 0]) / n)[:, None]
    elif spec.output == "sigmoid_ce":
        t = (y + 1) / 2                             # ±1 → 0/1
        z = z_out[:, 0]
        loss = np.mean(np.logaddexp(0.0, z) - t * z)
        dz = ((SIGMOID.fn(z) - t) / n)[:, None]
    else:
        k = class_index(y)
        shift = z_out - z_out.max(axis=1, keepdims=True)
        lse = np.log(np.exp(shift).sum(axis=1))
        loss = np.mean(lse - shift[np.arange(n), k])
        dz = softmax(z_out, axis=1)
        dz[np.arange(n), k] -= 1.0
        dz /= n
    return float(loss), dz


def reg_loss(params: list[dict], reg: str, rate: float) -> float:
    if reg == "none" or rate == 0:
        return 0.0
    if reg == "l1":
        return rate * sum(float(np.abs(p["W"]).sum()) for p in params)
    return rate * 0.5 * sum(float((p["W"] ** 2).sum()) for p in params)


def backward(spec: NetSpec, params: list[dict], fw: Forward, dz_out: np.ndarray) -> list[dict]:
    """Gradients of the data loss, one dict per layer with the keys of `params`."""
    grads = [dict() for _ in params]
    grads[-1]["W"] = fw.hs[-1].T @ dz_out
    grads[-1]["b"] = dz_out.sum(axis=0)
    dh = dz_out @ params[-1]["W"].T
    for i in range(len(spec.hidden) - 1, -1, -1):
        act = REGISTRY[spec.hidden[i].activation]
        values = fw.values[i]
        z = fw.zs[i]
        for name in learned_names(spec.hidden[i]):
            grads[i][name] = np.array(float(np.sum(dh * act.param_grads[name](z, **values))))
        dz = dh * act.grad(z, **values)
        grads[i]["W"] = fw.hs[i].T @ dz
        grads[i]["b"] = dz.sum(axis=0)
        if i > 0:
            dh = dz @ params[i]["W"].T
    return grads


def add_reg_grads(grads: list[dict], params: list[dict], reg: str, rate: float) -> None:
    """d(reg loss)/dW added in place: rate·sign(w) (L1; 0 at w = 0) or rate·w (L2)."""
    if reg == "none" or rate == 0:
        return
    for g, p in zip(grads, params):
        g["W"] = g["W"] + (rate * np.sign(p["W"]) if reg == "l1" else rate * p["W"])


def loss_and_grads(spec: NetSpec, params: list[dict], x: np.ndarray, y: np.ndarray,
                   reg: str = "none", rate: float = 0.0) -> tuple[float, list[dict]]:
    """Total loss (data + regularisation) on (x, y) and its gradient for every parameter."""
    fw = forward(spec, params, x)
    loss, dz = data_loss(spec, fw.z_out, y)
    grads = backward(spec, params, fw, dz)
    add_reg_grads(grads, params, reg, rate)
    return loss + reg_loss(params, reg, rate), grads
