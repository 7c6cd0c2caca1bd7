"""The Playground's training step against PyTorch: loss, every gradient, optimiser steps.

tests/data/playground_torch_reference.json was made once with PyTorch
(tools/make_playground_torch_reference.py, which reproduces our conventions in torch: TF's
½·error², regularisation on weights only). This file never imports torch.
"""
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from actlib.activations import REGISTRY
from actlib.nets.playground import datasets as D
from actlib.nets.playground import features as Fe
from actlib.nets.playground import net
from actlib.nets.playground import train as T

ROOT = Path(__file__).resolve().parents[2]
TABLE = json.loads((ROOT / "tests" / "data" / "playground_torch_reference.json").read_text())
NETS = TABLE["nets"]
# float64 throughout: actlib and torch agree to ~3e-13 (relative) on gradients and ~1e-14 on
# weights after the steps; 1e-9 leaves room for another summation order, not for a formula
RTOL, ATOL = 1e-9, 1e-12


def spec_of(case) -> net.NetSpec:
    hidden = tuple(net.Layer(h["units"], h["activation"], tuple(sorted(h["params"].items())))
                   for h in case["hidden"])
    return net.NetSpec(len(case["features"]), hidden, case["output"], case["n_outputs"])


def params_of(layers) -> list[dict]:
    return [{k: np.array(v, dtype=float) for k, v in layer.items()} for layer in layers]


def inputs(case):
    x = Fe.transform(np.array(TABLE["points"]), case["features"])
    return x, np.array(case["labels"], dtype=float)


def assert_params_close(ours, theirs, what):
    assert len(ours) == len(theirs), what
    for i, (p, r) in enumerate(zip(ours, theirs)):
        assert set(p) == set(r), (what, i)
        for k in r:
            np.testing.assert_allclose(p[k], np.array(r[k]), rtol=RTOL, atol=ATOL,
                                       err_msg=f"{what}: layer {i} {k}")


def kind_of(case):
    if case["output"] == "linear_mse":
        return D.REGRESSION
    return D.MULTICLASS if case["n_outputs"] > 2 else D.BINARY


def test_table_says_where_it_came_from_and_covers_every_setting():
    assert TABLE["torch"].startswith("2.") and TABLE["dtype"] == "float64"
    assert "make_playground_torch_reference.py" in TABLE["command"]
    assert {c["output"] for c in NETS} == set(net.OUTPUTS)
    assert {r["optimiser"] for c in NETS for r in c["runs"]} == set(T.OPTIMISERS)
    assert {r["reg"] for c in NETS for r in c["runs"]} == set(net.REGS)
    assert any(c["output"] == "softmax_ce" and c["n_outputs"] == 3 for c in NETS)
    for case in NETS:                            # mixed: no net uses one activation throughout
        assert len({h["activation"] for h in case["hidden"]}) == len(case["hidden"]) >= 3
    assert len({h["activation"] for c in NETS for h in c["hidden"]}) >= 12
    assert TABLE["hyper"] == {"momentum": T.MOMENTUM, "betas": list(T.BETAS), "eps": T.EPS}


def test_initial_weights_have_our_layout():
    """The table's weights have exactly the keys and shapes init_params gives (PReLU's alpha
    included), so the comparisons below compare like with like."""
    for case in NETS:
        ours = net.init_params(spec_of(case), seed=0)
        theirs = params_of(case["init"])
        assert [sorted(p) for p in ours] == [sorted(p) for p in theirs], case["name"]
        for p, r in zip(ours, theirs):
            assert all(p[k].shape == r[k].shape for k in p), case["name"]


@pytest.mark.parametrize("reg", net.REGS)
@pytest.mark.parametrize("case", NETS, ids=lambda c: c["name"])
def test_loss_and_every_gradient_match_pytorch(case, reg):
    ref = case["grads"][reg]
    x, y = inputs(case)
    loss, grads = net.loss_and_grads(spec_of(case), params_of(case["init"]), x, y, reg,
                                     ref["rate"])
    assert loss == pytest.approx(ref["loss"], rel=RTOL)
    assert_params_close(grads, ref["grads"], f"{case['name']} {reg} gradient")


@pytest.mark.parametrize("case", NETS, ids=lambda c: c["name"])
def test_optimiser_steps_match_pytorch(case):
    """Each (regularisation, optimiser) run: full-batch epochs, one optimiser step each, from
    the table's initial weights, through Trainer.run_epoch."""
    x, y = inputs(case)
    s = spec_of(case)
    for run in case["runs"]:
        t = T.Trainer(s, x, y, x, y, kind_of(case), seed=0)
        t.params = params_of(case["init"])
        hyper = T.Hyper(lr=run["lr"], batch=len(x), reg=run["reg"], reg_rate=run["rate"],
                        optimiser=run["optimiser"])
        for _ in range(run["steps"]):
            t.run_epoch(hyper)
        what = f"{case['name']} {run['reg']} {run['optimiser']}"
        assert t.diverged is None and t.steps == run["steps"], what
        assert_params_close(t.params, run["params"], what)
        loss = net.loss_and_grads(s, t.params, x, y, run["reg"], run["rate"])[0]
        assert loss == pytest.approx(run["loss"], rel=RTOL), what


def test_a_wrong_activation_gradient_is_caught(monkeypatch):
    """The comparison has teeth: ELU's f′ off by one part in 10⁶ fails it."""
    elu = REGISTRY["elu"]
    monkeypatch.setitem(REGISTRY, "elu", dataclasses.replace(
        elu, grad=lambda z, **p: elu.grad(z, **p) * (1 + 1e-6)))
    case = next(c for c in NETS if any(h["activation"] == "elu" for h in c["hidden"]))
    with pytest.raises(AssertionError):
        test_loss_and_every_gradient_match_pytorch(case, "none")
