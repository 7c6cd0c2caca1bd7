"""The registry against independent truth: PyTorch's table, central differences, closed forms."""
import json
import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st

from actlib.activations import REGISTRY, sigmoid, softmax, softmax_jvp
from actlib.errors import ParamError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "torch_reference.json"
TABLE = json.loads(DATA.read_text())
KEYS = list(REGISTRY)


def test_every_entry_is_complete():
    for key, act in REGISTRY.items():
        assert act.key == key and act.name and act.latex and act.grad_latex and act.torch
        assert len({p.name for p in act.params}) == len(act.params)


def test_every_key_has_a_pytorch_row_and_every_row_a_key():
    keys = {row["key"] for row in TABLE["rows"]}
    assert keys == set(REGISTRY)
    tool = (ROOT / "tools" / "make_torch_reference.py").read_text()
    for key in REGISTRY:                    # the generator tabulates every key
        assert f'"{key}"' in tool, key


def test_every_parameter_has_its_slider_help_in_every_locale():
    import tomllib
    for lang in ("en", "ko", "ja"):
        texts = tomllib.loads((ROOT / "locales" / f"{lang}.toml").read_text())["param"]
        for key, act in REGISTRY.items():
            for p in act.params:
                assert texts[key][p.name].strip(), (lang, key, p.name)


def test_every_parameter_rule_has_a_translated_message():
    import tomllib
    codes = {rule.code for act in REGISTRY.values() for rule in act.rules}
    assert codes >= {"hardtanh_order", "rrelu_order", "celu_alpha", "lambd_negative"}
    for lang in ("en", "ko", "ja"):
        errors = tomllib.loads((ROOT / "locales" / f"{lang}.toml").read_text())["errors"]
        assert codes <= set(errors), lang


@pytest.mark.parametrize("row", TABLE["rows"], ids=lambda r: f"{r['key']}{r['params']}")
def test_matches_pytorch_float64(row):
    act = REGISTRY[row["key"]]
    x = np.array(row["x"])
    # torch computes Hardsigmoid's slope 1/6 in float32 (0.16666667), hence rtol 1e-7
    np.testing.assert_allclose(act.fn(x, **row["params"]), row["f"], rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(act.grad(x, **row["params"]), row["grad"], rtol=1e-7, atol=1e-12)
    if "grad_alpha" in row:
        np.testing.assert_allclose(act.param_grads["alpha"](x, **row["params"]),
                                   row["grad_alpha"], rtol=1e-12, atol=0)


@pytest.mark.parametrize("row", TABLE["rows"], ids=lambda r: f"{r['key']}{r['params']}")
def test_matches_pytorch_float32(row):
    act = REGISTRY[row["key"]]
    x = np.array(row["x"], dtype=np.float32)
    exact = np.array(row["x"], dtype=np.float64)
    keep = x.astype(np.float64) == exact             # points float32 holds exactly
    f = act.fn(x, **row["params"])
    g = act.grad(x, **row["params"])
    assert f.dtype == np.float32 and g.dtype == np.float32
    np.testing.assert_allclose(f[keep], np.array(row["f"])[keep], rtol=2e-6, atol=2e-6)
    np.testing.assert_allclose(g[keep], np.array(row["grad"])[keep], rtol=2e-6, atol=2e-6)


def _param_values(act, draw):
    return {p.name: draw(st.floats(p.low, p.high)) for p in act.params}


def _valid(act, params) -> bool:
    try:
        act.fn(np.zeros(1), **params)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize("key", [k for k in KEYS if k != "binary_step"])
@given(data=st.data())
def test_derivative_matches_central_difference(key, data):
    act = REGISTRY[key]
    params = _param_values(act, data.draw)
    if not _valid(act, params):
        return
    x = np.array(data.draw(st.lists(st.floats(-8, 8), min_size=1, max_size=20)))
    kinks = np.array(act.kinks(**params) or [np.inf])
    x = x[np.min(np.abs(x[:, None] - kinks[None, :]), axis=1) > 1e-3]
    h = 1e-6
    numeric = (act.fn(x + h, **params) - act.fn(x - h, **params)) / (2 * h)
    np.testing.assert_allclose(act.grad(x, **params), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extremes_are_finite_and_silent(key, dtype):
    act = REGISTRY[key]
    x = np.concatenate([np.linspace(-1e4, 1e4, 2001), [-1e4, -710, -89, 0, 89, 710, 1e4]]).astype(dtype)
    settings = [act.defaults()]
    for p in act.params:
        settings += [{**act.defaults(), p.name: p.low}, {**act.defaults(), p.name: p.high}]
    checked = 0
    for params in settings:
        if not _valid(act, params):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")            # a RuntimeWarning fails the test
            f, g = act.fn(x, **params), act.grad(x, **params)
        assert np.all(np.isfinite(f)) and np.all(np.isfinite(g)), params
        assert f.dtype == dtype and g.dtype == dtype
        checked += 1
    assert checked >= 1


def test_course_tables():
    x = np.array([1, -10, 0, 15, -20], dtype=float)
    np.testing.assert_array_equal(REGISTRY["relu"].fn(x), [1, 0, 0, 15, 0])
    np.testing.assert_allclose(REGISTRY["leaky_relu"].fn(x), [1, -0.1, 0, 15, -0.2])


def test_kink_conventions_follow_pytorch_not_the_articles():
    assert REGISTRY["relu"].grad(np.array(0.0)) == 0          # articles: 1
    assert REGISTRY["leaky_relu"].grad(np.array(0.0), alpha=0.01) == pytest.approx(0.01)


@pytest.mark.parametrize("key", ["leaky_relu", "prelu"])
def test_slope_above_one_uses_where_not_max(key):
    # max(αx, x) would give −2 for x = −2, α = 1.5; the definition gives αx = −3
    act = REGISTRY[key]
    np.testing.assert_allclose(act.fn(np.array([-2.0, 2.0]), alpha=1.5), [-3.0, 2.0])
    np.testing.assert_allclose(act.grad(np.array([-2.0, 2.0]), alpha=1.5), [1.5, 1.0])


@pytest.mark.parametrize("key, params, words", [
    ("hardtanh", {"min_val": 1.0, "max_val": 1.0}, "min_val < max_val"),
    ("hardtanh", {"min_val": 2.0, "max_val": 1.0}, "min_val < max_val"),
    ("softshrink", {"lambd": -0.1}, "≥ 0"),
    ("hardshrink", {"lambd": -1.0}, "≥ 0"),
    ("softplus", {"beta": 0.0}, "beta > 0"),
    ("softplus", {"beta": -1.0}, "beta > 0"),
    ("celu", {"alpha": 0.0}, "alpha > 0"),
    ("rrelu", {"lower": 0.5, "upper": 0.2}, "lower ≤ upper"),
])
def test_invalid_parameters_raise_a_readable_error(key, params, words):
    act = REGISTRY[key]
    for call in (act.fn, act.grad, lambda x, **p: act.value_and_grad(x, **p)):
        with pytest.raises(ParamError, match=words) as caught:
            call(np.zeros(3), **params)
        assert caught.value.values == {**act.defaults(), **params}    # what a page quotes
    with pytest.raises(ParamError, match=words):
        act.properties(**params)


def test_param_error_carries_its_code_and_values():
    with pytest.raises(ParamError) as caught:
        REGISTRY["hardtanh"].fn(0.0, min_val=2.0, max_val=1.0)
    err = caught.value
    assert isinstance(err, ValueError)
    assert (err.code, err.values) == ("hardtanh_order", {"min_val": 2.0, "max_val": 1.0})
    assert str(err) == "Hardtanh needs min_val < max_val (got 2.0 ≥ 1.0)."


def test_coded_errors_survive_pickling():
    """Training runs in worker processes: their errors come back pickled."""
    import pickle
    from actlib.lessons.curves import parse_probes
    from actlib.errors import ParseError
    with pytest.raises(ParamError) as param_error:
        REGISTRY["rrelu"].fn(0.0, lower=0.9, upper=0.1)
    with pytest.raises(ParseError) as parse_error:
        parse_probes("1, x")
    for err in (param_error.value, parse_error.value):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and (back.code, back.values) == (err.code, err.values)
        assert str(back) == str(err)


@pytest.mark.parametrize("key", KEYS)
def test_value_and_grad_is_fn_and_grad_for_scalars_and_integers(key):
    act = REGISTRY[key]
    for x in (0.5, np.float32(-0.75), np.arange(-3, 4)):     # 0-d, float32 0-d, ints → float64
        f, df = act.value_and_grad(x)
        np.testing.assert_array_equal(f, act.fn(x))
        np.testing.assert_array_equal(df, act.grad(x))
        assert np.asarray(f).dtype == np.asarray(act.fn(x)).dtype


@pytest.mark.parametrize("key", KEYS)
def test_calling_without_parameters_uses_the_registry_defaults(key):
    act = REGISTRY[key]
    x = np.linspace(-5, 5, 101)
    np.testing.assert_array_equal(act.fn(x), act.fn(x, **act.defaults()))
    np.testing.assert_array_equal(act.grad(x), act.grad(x, **act.defaults()))


def test_unknown_parameter_is_an_error():
    with pytest.raises(ParamError, match="ReLU has no parameter alpha"):
        REGISTRY["relu"].with_defaults(alpha=1.0)
    with pytest.raises(ParamError, match="ReLU has no parameter alpha"):
        REGISTRY["relu"].fn(0.0, alpha=1.0)


def test_slider_ranges_contain_defaults_and_are_valid():
    for act in REGISTRY.values():
        for p in act.params:
            assert p.low <= p.default <= p.high and p.step > 0, (act.key, p)
            for end in (p.low, p.high):
                params = {**act.defaults(), p.name: end}
                if act.key == "rrelu":          # the lower ≤ upper constraint couples the two
                    params = {"lower": end, "upper": end}
                act.fn(np.zeros(1), **params)   # must not raise


def test_prelu_alpha_gradient_matches_central_difference():
    act = REGISTRY["prelu"]
    x = np.linspace(-5, 5, 101)
    h = 1e-6
    numeric = (act.fn(x, alpha=0.3 + h) - act.fn(x, alpha=0.3 - h)) / (2 * h)
    np.testing.assert_allclose(act.param_grads["alpha"](x, alpha=0.3), numeric, atol=1e-8)


# ---------------------------------------------------------------- properties
def test_leaky_relu_with_negative_alpha_is_not_monotonic():
    act = REGISTRY["leaky_relu"]
    assert act.properties(alpha=0.01).monotonic
    assert not act.properties(alpha=-0.5).monotonic
    assert act.properties(alpha=1.5).monotonic


def test_elu_is_c1_only_at_alpha_one():
    act = REGISTRY["elu"]
    assert act.properties(alpha=1.0).smoothness == "C¹"
    assert act.properties(alpha=0.5).smoothness == "C⁰"
    # the one-sided derivatives at 0 agree only for α = 1
    for alpha in (0.5, 1.0, 2.0):
        left, right = act.grad(np.array([-1e-12, 1e-12]), alpha=alpha)
        assert (abs(left - right) < 1e-9) == (alpha == 1.0)


def test_gaussian_means_match_closed_forms():
    inv_sqrt_2pi = 1 / math.sqrt(2 * math.pi)
    relu = REGISTRY["relu"].properties()
    assert relu.mean_output == pytest.approx(inv_sqrt_2pi, abs=1e-9)    # E[max(0, z)]
    assert relu.mean_slope == pytest.approx(0.5, abs=1e-9)
    gelu = REGISTRY["gelu"].properties()
    assert gelu.mean_output == pytest.approx(1 / (2 * math.sqrt(math.pi)), abs=1e-9)  # E[zΦ(z)]
    # E[σ'(z)]: check against a Monte-Carlo estimate with a fixed seed
    z = np.random.default_rng(0).standard_normal(2_000_000)
    assert REGISTRY["sigmoid"].properties().mean_slope == pytest.approx(
        float(np.mean(sigmoid(z) * (1 - sigmoid(z)))), abs=1e-3)


@pytest.mark.parametrize("key, centred", [("tanh", True), ("selu", True), ("softsign", True),
                                          ("sigmoid", False), ("relu", False), ("elu", False)])
def test_zero_centred(key, centred):
    assert REGISTRY[key].properties().zero_centred is centred


def test_sigmoid_flat_regions_start_where_slope_is_a_tenth():
    # σ(1 − σ) = 0.1  ⇒  σ = (1 + √0.6)/2  ⇒  x = log(σ / (1 − σ))
    s = (1 + math.sqrt(0.6)) / 2
    edge = math.log(s / (1 - s))
    (lo1, hi1), (lo2, hi2) = REGISTRY["sigmoid"].properties().flat_regions
    assert lo1 == -math.inf and hi2 == math.inf
    assert hi1 == pytest.approx(-edge, abs=2e-3) and lo2 == pytest.approx(edge, abs=2e-3)
    assert REGISTRY["relu"].properties().flat_regions == ((-math.inf, 0.0),)
    assert REGISTRY["linear"].properties().flat_regions == ()


@pytest.mark.parametrize("key", KEYS)
def test_output_range_bounds_the_function_and_is_reached(key):
    act = REGISTRY[key]
    lo, hi = act.properties().output_range
    x = np.concatenate([np.linspace(-1e5, 1e5, 200_001), np.linspace(-20, 20, 400_001)])
    y = act.fn(x)
    assert np.all(y >= lo - 1e-9) and np.all(y <= hi + 1e-9)
    if math.isfinite(lo):
        assert np.min(y) == pytest.approx(lo, abs=1e-3)
    else:
        assert np.min(y) < -100
    if math.isfinite(hi):
        assert np.max(y) == pytest.approx(hi, abs=1e-3)
    else:
        assert np.max(y) > 100


def _on_slider(p, k):
    return min(p.high, round(p.low + k * p.step, 10))


@pytest.mark.parametrize("key", KEYS)
@given(data=st.data())
def test_declared_monotonicity_matches_the_function(key, data):
    """Slider values only: there a decrease is large enough to see on a grid."""
    act = REGISTRY[key]
    params = {p.name: _on_slider(p, data.draw(st.integers(0, round((p.high - p.low) / p.step))))
              for p in act.params}
    if not _valid(act, params):
        return
    kinks = np.array(act.kinks(**params), dtype=float)
    x = np.sort(np.concatenate([np.linspace(-100, 100, 200_001), kinks - 1e-10, kinks + 1e-10]))
    d = np.diff(act.fn(x, **params))
    numeric = bool(np.all(d >= -1e-6) or np.all(d <= 1e-6))   # 1e-6: Softplus's 2e-9 step
    assert act.properties(**params).monotonic == numeric, params


@pytest.mark.parametrize("key, expected", [("sigmoid", True), ("tanh", True), ("relu", True),
                                           ("gelu", False), ("silu", False), ("mish", False),
                                           ("hardswish", False), ("tanhshrink", True)])
def test_monotonic_without_parameters(key, expected):
    assert REGISTRY[key].properties().monotonic is expected


# ---------------------------------------------------------------- softmax
@given(st.lists(st.floats(-50, 50), min_size=2, max_size=10), st.floats(0.05, 20),
       st.floats(-1e3, 1e3))
def test_softmax_sums_to_one_and_is_shift_invariant(z, temperature, shift):
    z = np.array(z)
    p = softmax(z, temperature=temperature)
    assert p.sum() == pytest.approx(1.0, abs=1e-12) and np.all(p >= 0)
    np.testing.assert_allclose(softmax(z + shift, temperature=temperature), p, atol=1e-9)


def test_softmax_is_stable_for_large_logits():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax(np.array([1000.0, 1001.0, 1002.0]))
    np.testing.assert_allclose(p, softmax(np.array([0.0, 1.0, 2.0])), rtol=1e-12)
    e = np.exp([0.0, 1.0, 2.0])
    np.testing.assert_allclose(p, e / e.sum(), rtol=1e-12)


def test_two_class_softmax_is_sigmoid_of_the_difference():
    a, b = np.meshgrid(np.linspace(-20, 20, 41), np.linspace(-20, 20, 41))
    p = softmax(np.stack([a, b], axis=-1))[..., 0]
    np.testing.assert_allclose(p, sigmoid(a - b), rtol=1e-12, atol=1e-15)


def test_softmax_jvp_matches_the_explicit_jacobian():
    rng = np.random.default_rng(1)
    z, v = rng.normal(size=6), rng.normal(size=6)
    for temperature in (0.5, 1.0, 3.0):
        h = 1e-6
        jac = np.stack([(softmax(z + h * e, temperature=temperature)
                         - softmax(z - h * e, temperature=temperature)) / (2 * h)
                        for e in np.eye(6)], axis=1)
        np.testing.assert_allclose(softmax_jvp(z, v, temperature=temperature), jac @ v, atol=1e-8)


def test_softmax_rejects_non_positive_temperature():
    for temperature in (0.0, -1.0):
        with pytest.raises(ValueError, match="temperature"):
            softmax(np.array([1.0, 2.0]), temperature=temperature)


def test_actlib_never_imports_streamlit():
    code = ("import sys, pkgutil, importlib, actlib\n"
            "for m in pkgutil.walk_packages(actlib.__path__, 'actlib.'):\n"
            "    importlib.import_module(m.name)\n"
            "assert 'streamlit' not in sys.modules, 'actlib imported streamlit'\n")
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)
