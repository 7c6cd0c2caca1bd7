"""Gradient flow through depth: products of derivatives against closed forms and numpy."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from actlib.activations import REGISTRY
from actlib.lessons.gradflow import derivative_products, flow, pre_activations, summarise


@given(depth=st.integers(1, 50), sigma=st.floats(0.1, 5.0), seed=st.integers(0, 2**31 - 1))
def test_sigmoid_products_never_exceed_a_quarter_per_layer(depth, sigma, seed):
    p = derivative_products(REGISTRY["sigmoid"], depth, sigma, samples=500, seed=seed)
    bound = 0.25 ** np.arange(1, depth + 1)
    assert p.shape == (500, depth)
    assert np.all(p <= bound * (1 + 1e-6))                    # σ'(z) = σ(1 − σ) ≤ 1/4
    assert np.all(p > 0)                                       # never an exact zero (no underflow)


def test_sigmoid_products_reach_the_bound_only_near_zero():
    p = derivative_products(REGISTRY["sigmoid"], 1, sigma=1e-3, samples=200)
    np.testing.assert_allclose(p[:, 0], 0.25, rtol=1e-5)       # σ'(0) = 1/4 exactly


def test_relu_zero_fraction_is_one_minus_half_to_the_n():
    samples, depth = 20_000, 12
    s = flow(REGISTRY["relu"], depth, sigma=1.0, samples=samples, seed=3)
    p = 1 - 0.5 ** np.arange(1, depth + 1)                     # a path dies at its first z ≤ 0
    se = np.sqrt(p * (1 - p) / samples)
    assert np.all(np.abs(s["zero_fraction"] - p) <= 4 * se + 1e-12)


def test_relu_paths_are_exactly_zero_or_one():
    z = pre_activations(10, 2.0, 300, seed=5)
    prod = derivative_products(REGISTRY["relu"], 10, 2.0, samples=300, seed=5)
    alive = np.logical_and.accumulate(z > 0, axis=1)           # ReLU'(z) = 1 iff z > 0 (PyTorch)
    np.testing.assert_array_equal(prod, alive.astype(float))


def test_leaky_relu_product_is_alpha_to_the_number_of_negative_inputs():
    alpha = 0.3
    z = pre_activations(8, 1.0, 400, seed=9)
    prod = derivative_products(REGISTRY["leaky_relu"], 8, 1.0, samples=400, seed=9, alpha=alpha)
    negatives = np.cumsum(z <= 0, axis=1)
    np.testing.assert_allclose(prod, alpha ** negatives, rtol=1e-6)


@given(depth=st.integers(1, 50), sigma=st.floats(0.1, 5.0), seed=st.integers(0, 1000))
def test_linear_passes_every_gradient_exactly(depth, sigma, seed):
    p = derivative_products(REGISTRY["linear"], depth, sigma, samples=100, seed=seed)
    assert np.all(p == 1.0)
    s = summarise(p)
    assert np.all(s["median"] == 1.0) and np.all(s["zero_fraction"] == 0.0)


def test_binary_step_kills_every_path_at_once():
    s = flow(REGISTRY["binary_step"], 5, samples=100)
    assert np.all(s["zero_fraction"] == 1.0)
    for name in ("q10", "median", "q90"):                      # every path is 0: so is each quantile
        assert np.all(s[name] == 0.0)


def test_relu_median_is_zero_from_two_layers_on():
    # By hand: a ReLU path survives n layers only if all n inputs are > 0, probability 2⁻ⁿ
    # for symmetric z. So the share of zeros is ≥ 3/4 from n = 2 (median 0), ≥ 15/16 from
    # n = 4 (90 % quantile 0), and already 1/2 at n = 1 (10 % quantile 0).
    s = flow(REGISTRY["relu"], 12, sigma=1.0, samples=2000, seed=0)
    assert np.all(s["median"][1:] == 0.0)
    assert np.all(s["q90"][3:] == 0.0)
    assert np.all(s["q90"][:3] == 1.0)                         # ≥ 12.5 % still pass intact
    assert np.all(s["q10"] == 0.0)
    assert 0.0 <= s["median"][0] <= 1.0                        # n = 1: half the paths are 0


def test_tanh_vanishes_more_slowly_than_sigmoid():
    t = flow(REGISTRY["tanh"], 20)["median"]
    s = flow(REGISTRY["sigmoid"], 20)["median"]
    assert np.all(t > s) and np.all(t <= 1.0)


def test_same_seed_same_products_other_seed_other_products():
    a = derivative_products(REGISTRY["tanh"], 5, seed=1)
    assert np.array_equal(a, derivative_products(REGISTRY["tanh"], 5, seed=1))
    assert not np.array_equal(a, derivative_products(REGISTRY["tanh"], 5, seed=2))


def test_pre_activations_have_the_asked_spread():
    z = pre_activations(50, 3.0, samples=4000, seed=0).astype(float)
    assert z.std() == pytest.approx(3.0, rel=0.02)
    assert abs(z.mean()) < 0.05


@pytest.mark.parametrize("bad", [dict(depth=0), dict(depth=1001), dict(sigma=0.0),
                                 dict(sigma=-1.0)])
def test_bad_depth_or_sigma_is_a_clear_error(bad):
    args = dict(depth=5, sigma=1.0) | bad
    with pytest.raises(ValueError, match="depth"):
        derivative_products(REGISTRY["relu"], **args)


def test_rrelu_with_lower_above_upper_raises():
    with pytest.raises(ValueError):
        derivative_products(REGISTRY["rrelu"], 3, lower=0.9, upper=0.1)


@given(seed=st.integers(0, 10_000), zero_share=st.floats(0.0, 1.0))
def test_summarise_matches_numpy_quantile_over_all_products(seed, zero_share):
    rng = np.random.default_rng(seed)
    p = rng.lognormal(0, 3, size=(37, 6))
    p[rng.random(p.shape) < zero_share] = 0.0
    p[:, 0] = 0.0                                              # one column with nothing left
    s = summarise(p)
    for name, q in (("q10", 0.1), ("median", 0.5), ("q90", 0.9)):
        np.testing.assert_allclose(s[name], np.quantile(p, q, axis=0), rtol=1e-12)
    np.testing.assert_allclose(s["zero_fraction"], np.mean(p == 0, axis=0))


def test_summarise_by_hand():
    p = np.array([[0.0], [1.0], [2.0], [3.0], [5.0]])           # sorted: 0, 1, 2, 3, 5
    s = summarise(p)
    assert s["zero_fraction"][0] == 0.2
    assert s["median"][0] == 2.0                               # the middle one of five
    assert s["q10"][0] == pytest.approx(0.4)                   # position 0.4 → 0 + 0.4·(1 − 0)
    assert s["q90"][0] == pytest.approx(4.2)                   # position 3.6 → 3 + 0.6·(5 − 3)
