"""actlib.lessons.numdiff: finite differences against closed forms, the error-vs-h curve, linear
layers collapsing, and the course's overflows (checked against ln(max float))."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from actlib.activations import REGISTRY, softmax
from actlib.lessons.numdiff import (COURSE_H, SCHEMES, activation_fns, away_from_kinks, best_h,
                            collapse, course_sigmoid, course_tanh, default_hs, difference,
                            error_vs_h, exp_overflows, first_nan, grid_lines,
                            linearity_residual, naive_softmax, overflow_table,
                            random_layers, run_layers, two_class_check)

X = np.linspace(-5, 5, 1001)                      # the course's diff_X
dyadic = st.integers(-64, 64).map(lambda k: k / 8)          # exact in binary
steps = st.integers(3, 20).map(lambda k: 2.0 ** -k)


# ---------------------------------------------------------------- exactness on polynomials
@given(dyadic, steps)
def test_every_scheme_is_exact_on_a_line(x, h):
    for scheme in SCHEMES:
        assert difference(lambda v: 3 * v - 1, x, h, scheme) == 3


@given(dyadic, steps)
def test_quadratic_errors_are_exactly_plus_minus_h_and_zero(x, h):
    """f = x²: forward = 2x + h, backward = 2x − h, central = 2x (truncation, in closed form)."""
    f = lambda v: v * v
    assert difference(f, x, h, "forward") == 2 * x + h
    assert difference(f, x, h, "backward") == 2 * x - h
    assert difference(f, x, h, "central") == 2 * x


@given(dyadic, st.integers(3, 12).map(lambda k: 2.0 ** -k))
def test_central_error_on_a_cubic_is_h_squared(x, h):
    """f = x³: ((x+h)³ − (x−h)³)/2h = 3x² + h², the h²/6·f''' term exactly."""
    assert difference(lambda v: v * v * v, x, h, "central") == 3 * x * x + h * h


def test_difference_rejects_bad_input():
    with pytest.raises(ValueError):
        difference(np.sin, 0.0, 1e-3, "sideways")
    with pytest.raises(ValueError):
        difference(np.sin, 0.0, 0.0, "central")


# ---------------------------------------------------------------- error vs h
def test_default_hs_span_the_slider():
    hs = default_hs()
    assert hs[0] == pytest.approx(1e-16) and hs[-1] == pytest.approx(1e-1)
    assert len(hs) == 61 and np.all(np.diff(np.log10(hs)) > 0)


def test_error_vs_h_is_the_max_over_x_of_the_pointwise_error():
    f, df = np.sin, np.cos
    hs = np.array([1e-3, 1e-6])
    errors = error_vs_h(f, df, X, hs, "forward")
    for h, e in zip(hs, errors):
        assert e == np.max(np.abs((np.sin(X + h) - np.sin(X)) / h - np.cos(X)))


@pytest.mark.parametrize("key", ["sigmoid", "tanh", "gelu", "softplus", "mish", "silu"])
def test_optimum_near_1e8_one_sided_and_1e5_central(key):
    f, df = activation_fns(key)
    hs = default_hs()
    for scheme, lo, hi in (("forward", 1e-9, 1e-7), ("backward", 1e-9, 1e-7),
                           ("central", 1e-6, 1e-4)):
        errors = error_vs_h(f, df, X, hs, scheme)
        assert lo <= best_h(hs, errors) <= hi, scheme
        # The V shape: both ends much worse than the bottom.
        assert errors[0] > 1e3 * errors.min() and errors[-1] > 10 * errors.min()


def test_truncation_slopes_on_the_right_of_the_v():
    """Large h: error ∝ h (one-sided) and ∝ h² (central): slopes 1 and 2 on log-log."""
    f, df = activation_fns("tanh")
    hs = np.array([1e-3, 1e-2])
    for scheme, slope in (("forward", 1), ("central", 2)):
        e = error_vs_h(f, df, X, hs, scheme)
        assert np.log10(e[1] / e[0]) == pytest.approx(slope, abs=0.1)


def test_round_off_slope_on_the_left_of_the_v():
    """Small h: error ∝ ε/h, slope −1 (averaged over a decade range: round-off is noisy)."""
    f, df = activation_fns("sigmoid")
    hs = np.logspace(-15, -11, 17)
    e = error_vs_h(f, df, X, hs, "central")
    slope = np.polyfit(np.log10(hs), np.log10(e), 1)[0]
    assert -1.3 < slope < -0.7


def test_the_courses_h_is_garbage():
    """The course's forward difference of the sigmoid with h = 1e-15: error ≥ 10 % of max f'."""
    f, df = activation_fns("sigmoid")
    error = error_vs_h(f, df, X, [COURSE_H], "forward")[0]
    assert error > 0.025                    # sigmoid' ≤ 0.25
    good = error_vs_h(f, df, X, [1e-8], "forward")[0]
    assert good < 1e-7


def test_kinks_are_masked_and_piecewise_linear_is_exact_elsewhere():
    act = REGISTRY["relu"]
    f, df = activation_fns("relu")
    hs = default_hs()
    raw = error_vs_h(f, df, X, hs, "forward")
    assert raw.min() >= 1.0 - 1e-12        # at x = 0, (relu(h) − 0)/h = 1 ≠ relu'(0) = 0
    keep = away_from_kinks(X, act.kinks(), hs.max())
    assert not keep[np.argmin(np.abs(X))] and 19 <= len(X) - keep.sum() <= 21   # |x| ≤ 0.1
    clean = error_vs_h(f, df, X[keep], hs, "forward")
    assert clean[-1] < 1e-14                  # large h: exact up to round-off (no curvature)
    assert clean[0] == 1.0                    # h = 1e-16 < ulp(5)/2: x + h == x, slope 0


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_every_activation_runs_without_warnings(key):
    act = REGISTRY[key]
    f, df = activation_fns(key, **act.defaults())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for scheme in SCHEMES:
            errors = error_vs_h(f, df, X, default_hs(), scheme)
            assert errors.shape == (61,) and np.all(np.isfinite(errors))


# ---------------------------------------------------------------- linear layers collapse
@pytest.mark.parametrize("k,width", [(1, 2), (3, 2), (10, 2), (5, 4)])
def test_linear_layers_collapse_to_one_affine_map(k, width):
    layers = random_layers(k, width, seed=k)
    w, b = collapse(layers)
    points = np.random.default_rng(0).normal(size=(200, width)) * 2
    stack = run_layers(layers, points)
    np.testing.assert_allclose(stack, points @ w.T + b, atol=1e-12)
    # By hand for the first two layers: W₂(W₁x + b₁) + b₂
    if k >= 2:
        (w1, b1), (w2, b2) = layers[:2]
        w12, b12 = collapse(layers[:2])
        np.testing.assert_allclose(w12, w2 @ w1, atol=1e-14)
        np.testing.assert_allclose(b12, w2 @ b1 + b2, atol=1e-14)
    assert linearity_residual(points, stack) < 1e-12


@pytest.mark.parametrize("key", ["relu", "tanh", "sigmoid", "elu", "leaky_relu", "gelu"])
def test_a_nonlinearity_between_layers_breaks_the_collapse(key):
    layers = random_layers(3, 2, seed=1)
    points = grid_lines().reshape(-1, 2)
    bent = run_layers(layers, points, REGISTRY[key].fn)
    assert linearity_residual(points, bent) > 0.01
    assert linearity_residual(points, run_layers(layers, points, REGISTRY["linear"].fn)) < 1e-12


def test_random_layers_are_reproducible_and_tame():
    a, b = random_layers(10, 3, seed=5), random_layers(10, 3, seed=5)
    assert all(np.array_equal(wa, wb) and np.array_equal(ba, bb) for (wa, ba), (wb, bb) in zip(a, b))
    for w, _ in a:
        s = np.linalg.svd(w, compute_uv=False)
        assert 0.6 <= s.min() and s.max() <= 1.4
    with pytest.raises(ValueError):
        random_layers(0)


def test_grid_lines_shape():
    g = grid_lines(-1, 1, lines=5, points=7)
    assert g.shape == (10, 7, 2)
    assert np.all(g[:5, :, 1] == g[:5, :1, 1]) and np.all(g[5:, :, 0] == g[5:, :1, 0])


# ---------------------------------------------------------------- overflow
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_course_tanh_turns_nan_at_ln_max_float(dtype):
    onset = first_nan(course_tanh, dtype)
    assert onset == pytest.approx(math.log(np.finfo(dtype).max), rel=1e-6)
    assert first_nan(lambda v: course_tanh(-v), dtype) == pytest.approx(onset)
    below, above = np.asarray([onset * 0.999, onset * 1.001], dtype=dtype)
    assert np.isfinite(course_tanh(below)) and np.isnan(course_tanh(above))


def test_onsets_are_710_and_89():
    assert round(first_nan(course_tanh, np.float64)) == 710
    assert round(first_nan(course_tanh, np.float32)) == 89


def test_overflow_table_values_and_no_warnings():
    xs = [-1000, -710, -100, -1, 0, 1, 100, 710, 1000]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):            # nothing may reach numpy's handler
            t64 = overflow_table(xs, np.float64)
            t32 = overflow_table(xs, np.float32)
    np.testing.assert_array_equal(np.isnan(t64["course_tanh"]),
                                  [True, True, False, False, False, False, False, True, True])
    np.testing.assert_array_equal(np.isnan(t32["course_tanh"]),
                                  [True, True, True, False, False, False, True, True, True])
    np.testing.assert_allclose(t64["tanh"], np.tanh(np.array(xs, float)))
    # The naive sigmoid's value survives (it rounds to 0) but its log does not:
    assert t64["course_sigmoid"][0] == 0 and t64["log_course_sigmoid"][0] == -np.inf
    np.testing.assert_allclose(t64["logsigmoid"][:3], [-1000, -710, -100], rtol=1e-12)
    # In float32 the true σ(−100) = 3.7e-44 is representable (subnormal): naive gives 0.
    assert t32["course_sigmoid"][2] == 0
    assert t32["sigmoid"][2] == pytest.approx(math.exp(-100), rel=1e-2)
    np.testing.assert_array_equal(t64["overflow"], np.abs(xs) > math.log(np.finfo(float).max))


def test_course_formulas_agree_with_stable_ones_where_they_work():
    x = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(course_tanh(x), np.tanh(x), atol=1e-15)
    np.testing.assert_allclose(course_sigmoid(x), REGISTRY["sigmoid"].fn(x), rtol=1e-14)
    assert not exp_overflows(x).any()


# ---------------------------------------------------------------- softmax
def test_naive_softmax_fails_where_the_registry_one_does_not():
    z = np.array([1000.0, 1001.0, 1002.0])
    assert np.all(np.isnan(naive_softmax(z)))
    p = softmax(z)
    np.testing.assert_allclose(p, naive_softmax(z - 1000), rtol=1e-15)
    assert p.sum() == pytest.approx(1, abs=1e-15)


@given(st.floats(-50, 50), st.floats(-50, 50), st.floats(0.05, 10))
def test_two_class_softmax_is_sigmoid_of_the_difference(a, b, temperature):
    p, s = two_class_check(a, b, temperature)
    assert p == pytest.approx(s, rel=1e-12, abs=1e-300)
    d = (a - b) / temperature
    by_hand = 1 / (1 + math.exp(-d)) if d >= 0 else math.exp(d) / (1 + math.exp(d))
    assert p == pytest.approx(by_hand, rel=1e-9, abs=1e-300)


# ---------------------------------------------------------------- the page's logits box
def test_parse_logits_accepts_3_to_10_numbers_in_any_separator():
    from actlib.lessons.numdiff import parse_logits
    np.testing.assert_array_equal(parse_logits("2, 1, 0.1"), [2, 1, 0.1])
    np.testing.assert_array_equal(parse_logits("1000 1001;1002"), [1000, 1001, 1002])
    assert parse_logits(",".join(["1"] * 10)).shape == (10,)


@pytest.mark.parametrize("text, code, value, message", [
    ("1, 2", "count", 2, "Give between 3 and 10 logits (got 2)."),
    ("", "count", 0, "Give between 3 and 10 logits (got 0)."),
    (",".join(["1"] * 11), "count", 11, "Give between 3 and 10 logits (got 11)."),
    ("1, two, 3", "not_number", "two", "two is not a number."),
    ("1, inf, 3", "out_of_range", "inf", "inf is outside ±1e+06."),
    ("1, nan, 3", "out_of_range", "nan", "nan is outside ±1e+06."),
    ("1, 2e6, 3", "out_of_range", "2e6", "2e6 is outside ±1e+06.")])
def test_parse_logits_names_what_is_wrong(text, code, value, message):
    from actlib.errors import ParseError
    from actlib.lessons.numdiff import parse_logits
    with pytest.raises(ParseError) as info:
        parse_logits(text)
    assert (info.value.code, info.value.values["value"], str(info.value)) == (code, value, message)



def test_piecewise_linear_tells_straight_pieces_from_curves():
    from actlib.activations import REGISTRY
    from actlib.lessons.numdiff import piecewise_linear
    straight = {"linear", "binary_step", "relu", "leaky_relu", "prelu", "hardtanh", "hardsigmoid",
                "relu6", "softshrink", "hardshrink", "threshold", "rrelu"}   # by their formulas
    for key, act in REGISTRY.items():
        fn = lambda x, a=act: a.fn(x)                                   # noqa: E731
        assert piecewise_linear(fn, act.kinks(**act.defaults())) == (key in straight), key
    assert not piecewise_linear(lambda x: x + 0.01 * x ** 2)          # a slight curve is caught


def test_image_dimension_of_an_area_a_line_and_a_point():
    from actlib.lessons.numdiff import grid_lines, image_dimension
    pts = grid_lines().reshape(-1, 2)
    assert image_dimension(pts, pts @ np.array([[1.0, 2.0], [0.5, -1.0]])) == 2
    assert image_dimension(pts, np.outer(pts @ [1.0, 2.0], [3.0, -1.0]) + 5) == 1   # rank one
    assert image_dimension(pts, np.zeros_like(pts) + 7.0) == 0
