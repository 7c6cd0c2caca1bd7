"""actlib.nets.playground.net / train: gradients, optimiser steps, divergence, and learning bars.

The reference below is written from the formulas (tanh, ReLU, sigmoid, PReLU spelled out
here, not taken from the registry), so it checks the registry path, not itself.
"""
import dataclasses

import numpy as np
import pytest

from actlib.activations import REGISTRY
from actlib.nets.playground import datasets as D
from actlib.nets.playground import features as Fe
from actlib.nets.playground import net
from actlib.nets.playground import train as T

REF_F = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z))}
REF_D = {"tanh": lambda z: 1 - np.tanh(z) ** 2, "relu": lambda z: (z > 0) * 1.0,
         "sigmoid": lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2}


def spec(acts=("tanh", "relu", "sigmoid"), units=(4, 3, 2), output="tanh_mse", n_in=3,
         n_out=1, init="tf", params=None):
    layers = tuple(net.Layer(u, a, tuple((params or {}).get(a, {}).items()))
                   for u, a in zip(units, acts))
    return net.NetSpec(n_in, layers, output, n_out, init)


def reference_grads(s, params, x, y, reg, rate):
    """½·mean((tanh(z) − y)²) + reg through tanh/relu/sigmoid layers, by hand."""
    hs, zs = [x], []
    for (act, p) in zip([l.activation for l in s.hidden], params):
        zs.append(hs[-1] @ p["W"] + p["b"])
        hs.append(REF_F[act](zs[-1]))
    z = (hs[-1] @ params[-1]["W"] + params[-1]["b"])[:, 0]
    o = np.tanh(z)
    loss = 0.5 * np.mean((o - y) ** 2)
    grads = [dict() for _ in params]
    d = ((o - y) * (1 - o ** 2) / len(y))[:, None]
    for i in range(len(params) - 1, -1, -1):
        grads[i]["W"] = hs[i].T @ d
        grads[i]["b"] = d.sum(axis=0)
        if reg == "l2":
            grads[i]["W"] += rate * params[i]["W"]
            loss += rate * 0.5 * np.sum(params[i]["W"] ** 2)
        elif reg == "l1":
            grads[i]["W"] += rate * np.sign(params[i]["W"])
            loss += rate * np.sum(np.abs(params[i]["W"]))
        if i > 0:
            d = (d @ params[i]["W"].T) * REF_D[s.hidden[i - 1].activation](zs[i - 1])
    return loss, grads


def data(n=40, n_in=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), np.where(rng.normal(size=n) > 0, 1.0, -1.0)


@pytest.mark.parametrize("reg", ["none", "l1", "l2"])
def test_gradients_equal_hand_written_reference(reg):
    s = spec()
    params = net.init_params(s, seed=5)
    x, y = data()
    loss, grads = net.loss_and_grads(s, params, x, y, reg, 0.01)
    ref_loss, ref = reference_grads(s, params, x, y, reg, 0.01)
    assert loss == pytest.approx(ref_loss, rel=1e-12)
    for g, r in zip(grads, ref):
        for k in ("W", "b"):
            np.testing.assert_allclose(g[k], r[k], rtol=1e-10, atol=1e-14)


def finite_difference_check(s, x, y, reg="none", rate=0.0, seed=2, h=1e-6):
    params = net.init_params(s, seed)
    _, grads = net.loss_and_grads(s, params, x, y, reg, rate)
    worst = 0.0
    for p, g in zip(params, grads):
        for name in p:
            flat = p[name].reshape(-1)
            for j in range(flat.size):
                old = flat[j]
                flat[j] = old + h
                up = net.loss_and_grads(s, params, x, y, reg, rate)[0]
                flat[j] = old - h
                down = net.loss_and_grads(s, params, x, y, reg, rate)[0]
                flat[j] = old
                numeric = (up - down) / (2 * h)
                # relative error, with an absolute floor for gradients near 0
                worst = max(worst, abs(numeric - g[name].reshape(-1)[j]) /
                            (abs(numeric) + 1e-4))
    return worst


@pytest.mark.parametrize("output,n_out", [("tanh_mse", 1), ("linear_mse", 1),
                                          ("sigmoid_ce", 1), ("softmax_ce", 2)])
@pytest.mark.parametrize("reg", ["none", "l2", "l1"])
def test_full_loss_gradient_matches_central_differences(output, n_out, reg):
    """Mixed activations with parameters, PReLU's learned slope included."""
    s = spec(("elu", "prelu", "softplus", "gelu_tanh"), (3, 4, 2, 3), output, n_out=n_out,
             params={"elu": {"alpha": 0.7}, "softplus": {"beta": 2.0}})
    x, y = data(n=25)
    assert finite_difference_check(s, x, y, reg, 0.003) < 1e-5


def test_softmax_three_classes_gradient():
    s = spec(("swish", "tanh"), (4, 3), "softmax_ce", n_in=2, n_out=3,
             params={"swish": {"beta": 1.5}})
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(30, 2)), rng.integers(0, 3, 30).astype(float)
    assert finite_difference_check(s, x, y) < 1e-5


def test_forward_and_backward_call_the_registry(monkeypatch):
    calls = {"fn": 0, "grad": 0}
    relu = REGISTRY["relu"]

    def fn(z, **p):
        calls["fn"] += 1
        return relu.fn(z, **p)

    def grad(z, **p):
        calls["grad"] += 1
        return relu.grad(z, **p)

    monkeypatch.setitem(REGISTRY, "relu", dataclasses.replace(relu, fn=fn, grad=grad))
    s = spec(("relu", "relu"), (3, 3))
    x, y = data()
    calls["fn"] = 0                                  # NetSpec tries the parameters once
    net.loss_and_grads(s, net.init_params(s, 0), x, y)
    assert calls == {"fn": 2, "grad": 2}


def reference_epoch(s, params, x, y, hyper, seed, epoch, state, step):
    """One epoch by hand: the documented order, torch.optim's update rules."""
    order = np.random.default_rng([seed, 2, epoch]).permutation(len(x))
    for start in range(0, len(x), hyper.batch):
        idx = order[start:start + hyper.batch]
        _, grads = reference_grads(s, params, x[idx], y[idx], hyper.reg, hyper.reg_rate)
        step += 1
        for p, g, st in zip(params, grads, state):
            for k in g:
                if hyper.optimiser == "sgd":
                    p[k] = p[k] - hyper.lr * g[k]
                elif hyper.optimiser == "momentum":
                    st[k] = g[k] if k not in st else 0.9 * st[k] + g[k]
                    p[k] = p[k] - hyper.lr * st[k]
                else:
                    m = 0.9 * st.get("m" + k, 0) + 0.1 * g[k]
                    v = 0.999 * st.get("v" + k, 0) + 0.001 * g[k] ** 2
                    st["m" + k], st["v" + k] = m, v
                    p[k] = p[k] - hyper.lr * (m / (1 - 0.9 ** step)) / (
                        np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return step


@pytest.mark.parametrize("optimiser", T.OPTIMISERS)
@pytest.mark.parametrize("reg", ["none", "l2"])
def test_training_epochs_equal_the_reference(optimiser, reg):
    s = spec()
    x, y = data(n=37)
    hyper = T.Hyper(lr=0.05, batch=8, reg=reg, reg_rate=0.01, optimiser=optimiser)
    t = T.Trainer(s, x, y, x[:5], y[:5], D.BINARY, seed=4)
    params = net.init_params(s, 4)
    state, step = [{} for _ in params], 0
    for epoch in range(3):
        t.run_epoch(hyper)
        step = reference_epoch(s, params, x, y, hyper, 4, epoch, state, step)
    for p, r in zip(t.params, params):
        for k in ("W", "b"):
            np.testing.assert_allclose(p[k], r[k], rtol=1e-9, atol=1e-12)
    assert t.epoch == 3 and len(t.history.train_loss) == 4


def make_trainer(name="circle", acts=("tanh", "tanh"), units=(4, 2), seed=0, init="tf",
                 output="tanh_mse", n_points=500, noise=0.0):
    d = D.make(name, n_points, noise, 0.5, seed)
    n_out = 3 if d.kind == D.MULTICLASS else 1
    s = net.NetSpec(2, tuple(net.Layer(u, a) for u, a in zip(units, acts)), output, n_out, init)
    return T.Trainer(s, Fe.transform(d.train_x, ["x1", "x2"]), d.train_y,
                     Fe.transform(d.test_x, ["x1", "x2"]), d.test_y, d.kind, seed)


def test_seed_reproduces_a_run_bit_for_bit():
    runs = []
    for _ in range(2):
        t = make_trainer(seed=11)
        for _ in range(5):
            t.run_epoch(T.Hyper(optimiser="adam", lr=0.01))
        runs.append(b"".join(a.tobytes() for p in t.params for a in p.values()))
    assert runs[0] == runs[1]
    other = make_trainer(seed=12)
    other.run_epoch(T.Hyper())
    assert other.params[0]["W"].tobytes() != runs[0][:other.params[0]["W"].nbytes]


def test_tf_defaults_learn_the_circle_in_most_seeds():
    """TF's defaults: circle, 4-2 tanh, lr 0.03, batch 10: test loss < 0.1 within 300 epochs."""
    learned = 0
    for seed in range(50):
        t = make_trainer(seed=seed)
        for _ in range(300):
            t.run_epoch(T.Hyper())
            if t.history.test_loss[-1] < 0.1:
                learned += 1
                break
    assert learned >= 45


def test_relu_3x8_learns_the_spiral():
    t = make_trainer("spiral", ("relu",) * 3, (8,) * 3, seed=0)
    for _ in range(400):
        t.run_epoch(T.Hyper())
        if t.history.test_acc[-1] >= 0.9:
            break
    assert t.history.test_acc[-1] >= 0.9


def test_sigmoid_six_layers_vanish_on_the_spiral():
    t = make_trainer("spiral", ("sigmoid",) * 6, (8,) * 6, seed=0)
    for _ in range(10):
        t.run_epoch(T.Hyper())
    norms = t.history.grad_norm[-1]
    assert len(norms) == 7 and norms[0] * 100 <= norms[-1]
    assert t.history.test_acc[-1] < 0.7                      # and it has not learned


def test_divergence_stops_keeps_last_finite_weights_and_says_why():
    t = make_trainer("plane", units=(4, 2), output="linear_mse")
    hyper = T.Hyper(lr=3.0)
    before = [p["W"].copy() for p in t.params]
    t.run_epoch(hyper)
    d = t.diverged
    assert d is not None and d.cause == "lr" and d.epoch == 1 and t.epoch == 0
    assert d.loss_to > 1e6 * d.loss_from
    assert all(np.array_equal(a, p["W"]) for a, p in zip(before, t.params))
    assert len(t.history.train_loss) == 1 and np.isfinite(t.history.train_loss[-1])
    t.run_epoch(hyper)                                      # stays stopped
    assert t.epoch == 0


def test_dead_units_are_counted():
    """ReLU units whose bias is far negative output 0 on every point: dead."""
    t = make_trainer(acts=("relu", "relu"), units=(4, 2))
    t.params[0]["b"][:] = [-100.0, -100.0, 0.0, 0.0]
    t.params[0]["W"][:] = [[0.1, 0.1, 0.5, -0.5], [0.1, 0.1, 0.5, 0.5]]
    d = t.diagnostics()
    assert d["dead"][0] == 0.5
    t2 = make_trainer(acts=("sigmoid",), units=(2,))
    t2.params[0]["W"][:] = 50.0                             # every unit pinned at 0 or 1
    assert t2.diagnostics()["saturated"][0] == 1.0


def test_invalid_activation_parameters_are_refused():
    with pytest.raises(ValueError):
        spec(("rrelu",), (2,), params={"rrelu": {"lower": 0.9, "upper": 0.1}})
    with pytest.raises(ValueError, match="hidden layers"):
        net.NetSpec(2, tuple(net.Layer(2, "relu") for _ in range(7)))
