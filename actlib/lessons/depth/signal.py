"""Signal through depth at initialisation (Glorot & Bengio 2010; He et al. 2015,
arXiv:1502.01852), and one short training run of a deep ReLU net under Glorot vs He.

A net of `depth` dense layers of `width` units, zero biases, inputs x ~ N(0, I) (a batch
of `batch` samples). Forward: z_l = h_{l−1} W_l, h_l = f(z_l). Backward: a random gradient
g ~ N(0, I) arrives at the top layer's output (as if from a loss), and flows down:
∂/∂h_{l−1} = (∂/∂z_l) W_lᵀ, ∂/∂z_l = ∂/∂h_l ⊙ f′(z_l).

Closed forms (fan_in = fan_out = n, Var[w] from actlib.lessons.depth.inits):
    linear   Var[z_{l+1}] = n·Var[w]·Var[z_l]               (forward and backward alike)
    ReLU     Var[z_{l+1}] = ½·n·Var[w]·Var[z_l]   (E[relu(z)²] = ½·Var[z] for symmetric z)
             backward: Var[∂/∂h_{l−1}] = ½·n·Var[w]·Var[∂/∂h_l]
He's rule ½·n·Var[w] = 1 keeps both variances constant through depth: Var[w] = 2/n.
Glorot keeps n·Var[w] = 1 (linear regime; for ReLU that is ½ per layer: 2⁻³⁰ ≈ 1e−9 over
30 layers). "standard" U[±1/√n] has n·Var[w] = ⅓.
"""
from __future__ import annotations

import numpy as np

from actlib.activations import REGISTRY
from actlib.lessons.depth import inits, train

FLAT = 0.1                     # |f′| below this is saturated (as actlib.activations.FLAT_SLOPE)


def per_layer_factor(activation: str, scheme: str, width: int) -> float | None:
    """The closed-form variance ratio per layer, Var[z_{l+1}]/Var[z_l]; None where none is
    known in closed form (every activation but linear and ReLU)."""
    nv = width * inits.weight_variance(scheme, width, width)
    return {"linear": nv, "relu": 0.5 * nv}.get(activation)


def propagate(activation: str = "relu", scheme: str = "he", width: int = 128, depth: int = 20,
              batch: int = 128, nets: int = 4, params: dict | None = None, seed: int = 0) -> dict:
    """Forward and backward at init through `nets` random nets (seeds seed, seed + 1, …).

    Per layer l = 1 … depth: "h" and "grad" (depth, batch·width), the first net's
    activations f(z_l) and gradients ∂/∂h_l (for histograms); "var_z", "var_grad"
    (depth,), the mean squares E[z_l²] and E[(∂/∂h_l)²] (the variances: both have mean 0),
    each the geometric mean over the nets (variances multiply layer by layer, so one net's
    luck is a factor: averaging logs keeps a lucky net from dominating); "var_h" likewise
    for Var[f(z_l)]; "ratio_z" (depth − 1,) E[z_{l+1}²]/E[z_l²] and "ratio_grad" (depth − 1,)
    E[(∂/∂h_l)²]/E[(∂/∂h_{l+1})²], each net's ratio averaged over the nets (each ratio's
    expectation given the layer below is the closed-form factor); "factor_z", "factor_grad"
    their geometric means over the layers; "saturated" (depth,) share of |f′(z_l)| < FLAT;
    "mean_h" (depth,).
    """
    act, params = REGISTRY[activation], dict(params or {})
    sums = {k: np.zeros(depth) for k in ("var_z", "var_h", "var_grad", "saturated", "mean_h")}
    first, ratios = {}, {"ratio_z": np.zeros(depth - 1), "ratio_grad": np.zeros(depth - 1)}
    with np.errstate(all="ignore"):
        for k in range(int(nets)):
            rng = np.random.default_rng(seed + k)
            h = rng.normal(size=(batch, width))
            Ws = [inits.weights(scheme, width, width, rng) for _ in range(depth)]
            zs, hs = [], []
            for l, W in enumerate(Ws):
                z = h @ W
                h = act.fn(z, **params)
                zs.append(z)
                hs.append(h)
                sums["var_z"][l] += np.log(np.mean(z * z))
                sums["var_h"][l] += np.log(np.var(h))
                sums["mean_h"][l] += np.mean(h)
                sums["saturated"][l] += np.mean(np.abs(act.grad(z, **params)) < FLAT)
            g = rng.normal(size=(batch, width))           # ∂loss/∂h at the top
            grads = [None] * depth
            for l in range(depth - 1, -1, -1):
                grads[l] = g
                sums["var_grad"][l] += np.log(np.mean(g * g))
                g = (g * act.grad(zs[l], **params)) @ Ws[l].T
            q = np.array([np.mean(z * z) for z in zs])
            p = np.array([np.mean(a * a) for a in grads])
            ratios["ratio_z"] += q[1:] / q[:-1] / int(nets)
            ratios["ratio_grad"] += p[:-1] / p[1:] / int(nets)
            if k == 0:
                first = {"h": np.array([a.ravel() for a in hs]),
                         "grad": np.array([a.ravel() for a in grads])}
    out = {k: v / int(nets) for k, v in sums.items()}
    for k in ("var_z", "var_h", "var_grad"):
        out[k] = np.exp(out[k])
    # one number per direction: the geometric mean of the per-layer factors (NaN where a
    # variance is 0, e.g. every gradient of the binary step)
    with np.errstate(all="ignore"):
        for name in ("z", "grad"):
            r = ratios[f"ratio_{name}"]
            ratios[f"factor_{name}"] = float(np.exp(np.mean(np.log(r)))) if r.size else np.nan
    return {**first, **out, **ratios}


def task(n: int = 256, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small regression task: y = sin(3x₁)·cos(2x₂) on n points of [−1, 1]²."""
    x = np.random.default_rng(seed).uniform(-1.0, 1.0, (n, 2))
    return x, (np.sin(3 * x[:, 0]) * np.cos(2 * x[:, 1]))[:, None]


def train_deep(schemes=("glorot", "he"), depth: int = 30, width: int = 64, epochs: int = 8,
               lr: float = 0.01, batch_size: int = 32, seed: int = 0, callback=None) -> dict:
    """Train a `depth`-layer ReLU net (zero biases, SGD with momentum 0.9, MSE) under each
    scheme from the same seed. Returns {"loss": (schemes, epochs), "var_y": Var[y],
    "start": (schemes,) loss before training}."""
    x, y = task(seed=seed)
    losses, starts = [], []
    for i, scheme in enumerate(schemes):
        net = train.init_net((width,) * (depth - 1), 2, 1, scheme, [seed])
        starts.append(float(np.mean((train.forward(net, x, "relu")[-1][1] - y) ** 2)))

        def progress(e, _n, base=i * int(epochs)):
            if callback is not None:
                callback(base + e, len(schemes) * int(epochs))
        _, curve, _ = train.fit(net, x, y, "relu", epochs=epochs, lr=lr, batch_size=batch_size,
                                optimizer="sgd", seed=seed, callback=progress)
        losses.append(curve[0])
    return {"loss": np.array(losses), "start": np.array(starts), "var_y": float(np.var(y)),
            "schemes": tuple(schemes)}


def sigmoid_saturation(depth: int = 4, width: int = 64, epochs: int = 10, lr: float = 0.1,
                       batch_size: int = 16, seed: int = 0, callback=None) -> dict:
    """Glorot & Bengio's Figure 2 in small: a net of `depth` sigmoid hidden layers under the
    standard init U[±1/√n], trained by plain SGD on `task()`; the mean output of every hidden
    layer over the data, before training and after each epoch.

    Returns {"means": (epochs + 1, depth), "loss": (epochs,), "var_y"}.
    """
    x, y = task(seed=seed)
    net = train.init_net((width,) * depth, 2, 1, "standard", [seed])

    def layer_means(_epoch, layers):
        return [float(np.mean(h)) for _, h in train.forward(layers, x, "sigmoid")[:-1]]

    start = layer_means(-1, net)
    _, curve, _, means = train.fit(net, x, y, "sigmoid", epochs=epochs, lr=lr,
                                   batch_size=batch_size, optimizer="sgd", momentum=0.0,
                                   seed=seed, callback=callback, record=layer_means)
    return {"means": np.array([start] + means), "loss": curve[0], "var_y": float(np.var(y))}
