"""actlib.nets.playground.datasets / features: TF Playground's formulas (src/dataset.ts), seeds."""
import numpy as np
import pytest

from actlib.nets.playground import datasets as D
from actlib.nets.playground import features as Fe


def points(name, n=600, noise=0.0, seed=3):
    """All points of a set, unsplit, in generation order (the generator itself)."""
    generate, _ = D.DATASETS[name]
    return generate(np.random.default_rng(seed), n, noise)


def test_circle_without_noise_is_an_inner_disc_and_an_outer_ring():
    x, y = points("circle")
    r = np.hypot(x[:, 0], x[:, 1])
    assert np.all(r[y > 0] < 2.5) and np.all((r[y < 0] >= 3.5) & (r[y < 0] <= 5))
    assert np.sum(y > 0) == np.sum(y < 0) == 300


def test_circle_noise_moves_the_labelling_point_not_the_point():
    """TF labels the point moved by U(−5, 5)·noise; the point drawn stays where it was."""
    x, y = points("circle", noise=0.5)
    r = np.hypot(x[:, 0], x[:, 1])
    assert r.max() <= 5
    assert np.any((r > 3.5) & (y > 0)) and np.any((r < 2.5) & (y < 0))


def test_xor_is_sign_of_product_with_padding():
    x, y = points("xor")
    assert np.all(np.abs(x) >= 0.3) and np.all(np.abs(x) <= 5.3)
    np.testing.assert_array_equal(y, np.where(x[:, 0] * x[:, 1] >= 0, 1.0, -1.0))


def test_two_gaussians_variance_scale():
    """Centres (2, 2) / (−2, −2); variance 0.5 at noise 0 and 4 at noise 0.5 (d3 linear)."""
    for noise, variance in ((0.0, 0.5), (0.5, 4.0), (0.25, 2.25)):
        x, y = points("gauss", n=40000, noise=noise)
        pos = x[y > 0]
        np.testing.assert_allclose(pos.mean(axis=0), [2, 2], atol=0.05)
        np.testing.assert_allclose(pos.var(axis=0), [variance] * 2, rtol=0.04)
        np.testing.assert_allclose(x[y < 0].mean(axis=0), [-2, -2], atol=0.05)


def test_spiral_points_lie_on_the_two_arms():
    n = 400
    x, y = points("spiral", n=n)
    half = n // 2
    i = np.arange(half)
    r, t = i / half * 5, 1.75 * i / half * 2 * np.pi
    np.testing.assert_allclose(x[:half], np.column_stack([r * np.sin(t), r * np.cos(t)]),
                               atol=1e-12)
    np.testing.assert_allclose(x[half:], -x[:half], atol=1e-12)      # δ = π: point mirror
    assert np.all(y[:half] == 1) and np.all(y[half:] == -1)


def test_plane_value_is_sum_over_ten():
    x, y = points("plane")
    np.testing.assert_allclose(y, (x[:, 0] + x[:, 1]) / 10)
    assert np.abs(x).max() <= 6


def test_multi_gaussian_value_at_centres_and_far_away():
    cx = np.array([-4.0, 0.0, 4.0, -4.0, 0.0, 4.0, 2.0, -6.0])
    cy = np.array([2.5, 2.5, 2.5, -2.5, -2.5, -2.5, 0.0, 6.0])
    np.testing.assert_allclose(D.multi_gauss_value(cx, cy), [1, -1, 1, -1, 1, -1, 0, 0])
    # 1 unit from the bump at (0, 2.5): 1 − 1/2
    assert D.multi_gauss_value(np.array([0.0]), np.array([1.5]))[0] == pytest.approx(-0.5)
    x, y = points("multi_gauss")
    np.testing.assert_allclose(y, D.multi_gauss_value(x[:, 0], x[:, 1]))


def test_checkerboard_and_moons_and_three_spirals():
    x, y = points("checkerboard")
    even = (np.floor(x[:, 0] / 3) + np.floor(x[:, 1] / 3)) % 2 == 0
    np.testing.assert_array_equal(y > 0, even)
    x, y = points("moons")
    upper = x[y > 0] / 3 + [0.5, 0.25]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    x, y = points("spiral3", n=301)
    assert sorted(np.bincount(y.astype(int))) == [100, 100, 101]
    assert np.abs(x).max() <= 5


@pytest.mark.parametrize("name", list(D.DATASETS))
def test_seed_reproduces_bit_for_bit_and_differs_across_seeds(name):
    a, b, c = D.make(name, 200, 0.2, 0.6, seed=7), D.make(name, 200, 0.2, 0.6, seed=7), \
        D.make(name, 200, 0.2, 0.6, seed=8)
    for field in ("train_x", "train_y", "test_x", "test_y"):
        assert getattr(a, field).tobytes() == getattr(b, field).tobytes()
    assert a.train_x.tobytes() != c.train_x.tobytes()
    assert len(a.train_x) == 120 and len(a.test_x) == 80


def test_split_and_kinds():
    d = D.make("spiral3", 90, 0.0, 0.1, seed=1)
    assert d.kind == D.MULTICLASS and d.n_classes == 3 and len(d.train_x) == 9
    assert D.make("plane").n_classes == 0 and D.make("circle").n_classes == 2
    with pytest.raises(ValueError, match="noise"):
        D.make("circle", noise=0.7)
    with pytest.raises(ValueError, match="Unknown data set"):
        D.make("donut")


def test_features_are_tfs_seven():
    p = np.array([[1.5, -2.0], [0.0, 3.0]])
    got = Fe.transform(p, list(Fe.FEATURES))
    want = np.array([[1.5, -2.0, 2.25, 4.0, -3.0, np.sin(1.5), np.sin(-2.0)],
                     [0.0, 3.0, 0.0, 9.0, 0.0, 0.0, np.sin(3.0)]])
    np.testing.assert_allclose(got, want)
    assert Fe.transform(p, ["x2sq"]).shape == (2, 1)
    with pytest.raises(ValueError, match="at least one"):
        Fe.transform(p, [])
