"""Activation.value_and_grad: the one call pages use for f and f' together.

Where an activation declares a fused rule (f and f' sharing their exp/erf/tanh), the fused
rule evaluates the same expressions, in the same order and dtype, as fn and grad. IEEE
arithmetic is deterministic, so the comparison is exact (assert_array_equal): not even one
ulp of difference is allowed, and any difference means the fused rule computes something
other than f beside f'. `test_a_one_ulp_or_wrong_derivative_is_caught` shows the comparison
bites.
"""
import dataclasses
import itertools
import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st

from actlib import functions as F
from actlib.activations import REGISTRY

TABLE = json.loads((Path(__file__).resolve().parents[1] / "data" / "torch_reference.json").read_text())
FUSED = {"sigmoid", "tanh", "elu", "selu", "celu", "gelu", "gelu_tanh", "silu", "swish", "mish",
         "softplus", "logsigmoid", "tanhshrink"}
DTYPES = [np.float32, np.float64]
# The tested range ±1e4, exp/log1p/erf/tanh's switch-over points, and fine steps around 0
WIDE = np.concatenate([np.linspace(-1e4, 1e4, 2001), np.linspace(-30, 30, 6001),
                       [-1e4, -710, -89, -20, -1e-3, -1e-30, 0.0, -0.0, 1e-30, 1e-3, 20, 89, 710, 1e4]])


def slider_settings(act):
    """Defaults and every combination of each parameter at its default, low and high end."""
    choices = [(p.default, p.low, p.high) for p in act.params]
    return [dict(zip((p.name for p in act.params), combo)) for combo in itertools.product(*choices)]


def valid(act, params) -> bool:
    try:
        act.fn(np.zeros(1), **params)
        return True
    except ValueError:
        return False


def assert_same_as_fn_and_grad(act, x, params):
    with warnings.catch_warnings():
        warnings.simplefilter("error")            # any RuntimeWarning fails
        f, df = act.value_and_grad(x, **params)
        f0, df0 = act.fn(x, **params), act.grad(x, **params)
    assert f.dtype == f0.dtype == x.dtype and df.dtype == df0.dtype == x.dtype
    assert f.shape == df.shape == np.shape(x)
    np.testing.assert_array_equal(f, f0, err_msg=f"{act.key} f {params}")
    np.testing.assert_array_equal(df, df0, err_msg=f"{act.key} f' {params}")
    return f, df


def test_fused_rules_are_declared_where_f_and_grad_share_work():
    assert {k for k, a in REGISTRY.items() if a.fused is not None} == FUSED
    for key in FUSED:
        assert REGISTRY[key].fused is getattr(F, f"{key}_value_and_grad")


@pytest.mark.parametrize("key", list(REGISTRY))
@pytest.mark.parametrize("dtype", DTYPES)
def test_equals_fn_and_grad_at_every_slider_end_finite_and_silent(key, dtype):
    act = REGISTRY[key]
    x = WIDE.astype(dtype)
    checked = 0
    for params in slider_settings(act):
        if not valid(act, params):
            with pytest.raises(ValueError):           # the same readable error as fn and grad
                act.value_and_grad(x, **params)
            continue
        f, df = assert_same_as_fn_and_grad(act, x, params)
        assert np.all(np.isfinite(f)) and np.all(np.isfinite(df)), params
        checked += 1
    assert checked >= 1


@pytest.mark.parametrize("key", list(REGISTRY))
@given(data=st.data())
def test_equals_fn_and_grad_on_drawn_x_and_parameters(key, data):
    act = REGISTRY[key]
    params = {p.name: data.draw(st.floats(p.low, p.high), label=p.name) for p in act.params}
    if not valid(act, params):
        return
    dtype = data.draw(st.sampled_from(DTYPES), label="dtype")
    width = 32 if dtype is np.float32 else 64
    x = np.array(data.draw(st.lists(st.floats(-1e4, 1e4, width=width), min_size=1, max_size=40),
                           label="x"), dtype=dtype)
    assert_same_as_fn_and_grad(act, x, params)


@pytest.mark.parametrize("key", list(REGISTRY))
def test_scalars_and_integers_behave_as_fn_and_grad(key):
    act = REGISTRY[key]
    for x in (0.5, np.float32(-0.75), np.arange(-3, 4)):     # 0-d, float32 0-d, ints → float64
        f, df = act.value_and_grad(x)
        np.testing.assert_array_equal(f, act.fn(x))
        np.testing.assert_array_equal(df, act.grad(x))
        assert np.asarray(f).dtype == np.asarray(act.fn(x)).dtype


@pytest.mark.parametrize("row", TABLE["rows"], ids=lambda r: f"{r['key']}{r['params']}")
def test_matches_pytorch(row):
    """The same tolerances as test_activations: float64 to 1e-7, float32 where x is exact to 2e-6."""
    act = REGISTRY[row["key"]]
    f, df = act.value_and_grad(np.array(row["x"]), **row["params"])
    np.testing.assert_allclose(f, row["f"], rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(df, row["grad"], rtol=1e-7, atol=1e-12)
    x32 = np.array(row["x"], dtype=np.float32)
    keep = x32.astype(np.float64) == np.array(row["x"])
    f, df = act.value_and_grad(x32, **row["params"])
    assert f.dtype == df.dtype == np.float32
    np.testing.assert_allclose(f[keep], np.array(row["f"])[keep], rtol=2e-6, atol=2e-6)
    np.testing.assert_allclose(df[keep], np.array(row["grad"])[keep], rtol=2e-6, atol=2e-6)


def _one_ulp_off(rule):
    def fused(x, **params):
        f, df = rule(x, **params)
        return f, np.nextafter(df, np.inf, dtype=df.dtype)
    return fused


def _elu_grad_from_f(x, alpha=1.0):
    """f' = f + α on the negative side: cheaper, but cancels in the tail (f → −α)."""
    x = np.asarray(x)
    f = F.elu(x, alpha)
    return f, np.where(x > 0, 1, f + alpha).astype(x.dtype)


@pytest.mark.parametrize("key", sorted(FUSED))
def test_a_one_ulp_or_wrong_derivative_is_caught(key):
    act = REGISTRY[key]
    broken = dataclasses.replace(act, fused=_one_ulp_off(act.fused))
    with pytest.raises(AssertionError):
        assert_same_as_fn_and_grad(broken, np.linspace(-5, 5, 11), {})
    if key == "elu":
        wrong = dataclasses.replace(act, fused=_elu_grad_from_f)
        with pytest.raises(AssertionError):
            assert_same_as_fn_and_grad(wrong, np.linspace(-20, 0, 21, dtype=np.float32), {})


@pytest.mark.parametrize("key, params", [
    ("celu", {"alpha": 0.0}), ("softplus", {"beta": 0.0}), ("softplus", {"threshold": -1.0}),
    ("rrelu", {"lower": 0.5, "upper": 0.2}), ("hardtanh", {"min_val": 2.0, "max_val": 1.0}),
])
def test_invalid_parameters_raise_as_fn_does(key, params):
    act = REGISTRY[key]
    with pytest.raises(ValueError) as fn_error:
        act.fn(np.zeros(3), **params)
    with pytest.raises(ValueError) as fused_error:
        act.value_and_grad(np.zeros(3), **params)
    assert str(fused_error.value) == str(fn_error.value)


@pytest.mark.parametrize("dtype", DTYPES)
def test_gelus_erf_skips_only_points_where_erf_is_exactly_one(dtype):
    """GELU calls scipy's erf only for |z| < ERF_IS_ONE; beyond, it must be ±1 to the bit."""
    from scipy.special import erf
    bound = F.smooth.ERF_IS_ONE[np.dtype(dtype)]
    edge = np.array([bound], dtype=dtype)
    near = np.concatenate([np.nextafter(edge, -np.inf), edge, np.nextafter(edge, np.inf)])
    z = np.concatenate([np.linspace(-1e4, 1e4, 20001), np.linspace(-10, 10, 200001),
                        near, -near, [0.0, -0.0, np.inf, -np.inf, np.nan]]).astype(dtype)
    np.testing.assert_array_equal(F.smooth._erf(z), erf(z))
    assert np.all(erf(z[np.abs(z) >= bound]) == np.sign(z[np.abs(z) >= bound]))
