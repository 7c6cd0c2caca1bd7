"""Signal through depth: init variances, per-layer ratios against the closed forms, the
trainer's gradients, and the 30-layer Glorot-vs-He run."""
import numpy as np
import pytest

from actlib.lessons.depth import inits, signal, train


@pytest.mark.parametrize("scheme, var", [("standard", 1 / (3 * 64)), ("glorot", 2 / (64 + 32)),
                                         ("he", 2 / 64), ("lecun", 1 / 64)])
def test_weight_variance_closed_forms_and_samples(scheme, var):
    assert inits.weight_variance(scheme, 64, 32) == pytest.approx(var)
    w = inits.weights(scheme, 64, 32, np.random.default_rng(0), lead=(200,))
    assert w.shape == (200, 64, 32)
    assert np.var(w) == pytest.approx(var, rel=0.02) and abs(np.mean(w)) < 0.01 * np.sqrt(var)
    if scheme == "standard":
        assert np.abs(w).max() <= 1 / 8                       # U[−1/√64, 1/√64]


@pytest.mark.parametrize("activation", ["linear", "relu"])
@pytest.mark.parametrize("scheme", ["standard", "glorot", "he", "lecun"])
def test_per_layer_variance_ratio_within_10_percent_of_the_closed_form(activation, scheme):
    """linear: × n·Var[w] per layer; ReLU: × ½·n·Var[w], forward and backward. 48 nets of
    width 128 at seed 0 (measured deviations ≤ 5 %)."""
    r = signal.propagate(activation, scheme, width=128, depth=6, batch=32, nets=48)
    factor = signal.per_layer_factor(activation, scheme, 128)
    np.testing.assert_allclose(r["ratio_z"], factor, rtol=0.10)
    np.testing.assert_allclose(r["ratio_grad"], factor, rtol=0.10)


def test_he_keeps_relu_variance_and_glorot_halves_it():
    assert signal.per_layer_factor("relu", "he", 200) == pytest.approx(1.0)
    assert signal.per_layer_factor("relu", "glorot", 200) == pytest.approx(0.5)
    assert signal.per_layer_factor("tanh", "he", 200) is None
    r = signal.propagate("relu", "glorot", width=64, depth=20, batch=64, nets=4)
    assert r["var_z"][-1] / r["var_z"][0] < 1e-4               # ≈ 0.5¹⁹ ≈ 2e−6


def test_sigmoid_under_standard_init_is_not_zero_centred_and_not_yet_saturated():
    r = signal.propagate("sigmoid", "standard", width=64, depth=5, batch=64, nets=2)
    np.testing.assert_allclose(r["mean_h"], 0.5, atol=0.02)
    assert r["saturated"].max() < 0.01
    assert np.all(np.diff(r["var_grad"]) > 0)                  # the gradient shrinks downward


def test_trainer_gradients_match_finite_differences():
    net = train.init_net((5, 4), 2, 1, "he", [0, 1], bias_std=0.1)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 2)), rng.normal(size=(7, 1))
    loss, grads = train.gradients(net, X, y, "tanh")
    for i, j, k in [(0, 1, 3), (1, 2, 1), (2, 0, 0)]:
        W = net[i][0]
        W[1, j, k] += 1e-6
        up = train.gradients(net, X, y, "tanh")[0][1]
        W[1, j, k] -= 2e-6
        down = train.gradients(net, X, y, "tanh")[0][1]
        W[1, j, k] += 1e-6
        assert grads[i][0][1, j, k] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-9)


def test_a_seed_alone_and_in_a_batch_is_the_same_net():
    both = train.init_net((3,), 1, 1, "he", [4, 7], bias_std=0.2)
    alone = train.init_net((3,), 1, 1, "he", [7], bias_std=0.2)
    for (W, b), (W1, b1) in zip(both, alone):
        np.testing.assert_array_equal(W[1], W1[0])
        np.testing.assert_array_equal(b[1], b1[0])


def test_30_layer_relu_moves_under_he_and_not_under_glorot():
    run = signal.train_deep(epochs=8)          # the page's run: 0.202 vs 0.123 at seed 0
    glorot, he = run["loss"][:, -1]
    assert glorot > 0.97 * run["var_y"]           # stuck at predicting the mean
    assert he < 0.7 * run["var_y"]                # learning


def test_the_top_sigmoid_layer_saturates_at_0_first():
    """Glorot & Bengio's Figure 2 in small: standard init, 4 sigmoid layers, plain SGD."""
    run = signal.sigmoid_saturation(epochs=3)
    top, below = run["means"][:, -1], run["means"][:, :-1]
    assert abs(top[0] - 0.5) < 0.05 and top[-1] < 0.1         # 0.51 → 0.02 at seed 0
    assert np.all(np.abs(below[-1] - 0.5) < 0.25)              # the lower layers do not
    assert run["loss"][-1] > 0.95 * run["var_y"]               # a plateau


@pytest.mark.parametrize("activation", ["binary_step", "hardshrink", "tanhshrink", "selu"])
def test_any_registry_activation_runs_without_warnings(activation):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = signal.propagate(activation, "he", width=64, depth=4, batch=16, nets=2)
    assert r["var_z"].shape == (4,) and r["h"].shape == (4, 16 * 64)
    if activation == "binary_step":                       # f′ = 0: no gradient reaches below
        assert np.all(r["var_grad"][:-1] == 0) and np.isnan(r["factor_grad"])
