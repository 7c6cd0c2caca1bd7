"""Born-dead ReLU nets (Lu et al. 2019): the paper's figures, and the check itself."""
import numpy as np
import pytest

from actlib.lessons.depth import born_dead, pwl


def test_width_2_matches_the_papers_figures_within_0_03():
    """He init, zero biases, 4000 nets at seed 0: Monte Carlo s.e. ≤ 0.008. Measured
    0.61, 0.91, 0.995 against the quoted 0.64, 0.91, 0.995."""
    p = born_dead.dead_by_depth(2, 20, trials=4000)
    for depth, quoted in born_dead.QUOTED[2].items():
        assert abs(p[depth - 1] - quoted) <= 0.03, (depth, p[depth - 1], quoted)


def test_width_10_stays_alive_out_to_depth_40():
    p = born_dead.dead_by_depth(10, 40, trials=2000)
    assert p.max() <= 0.03 and p[-1] > 0          # small, but it does happen


def test_depth_1_is_never_dead_and_deadness_only_grows():
    p = born_dead.dead_by_depth(3, 30, trials=1000)
    assert p[0] == 0.0                            # a unit is on at x = 1 or at x = −1
    assert np.all(np.diff(p) >= 0)                # a dead layer stays dead above


def test_one_sided_probability_closed_form():
    """Each layer of width N, given a non-zero input, is all-off with probability 2^−N
    (symmetric weights): alive at x = 1 after L layers with probability (1 − 2^−N)^L. The
    two-sided deadness lies between the one-sided value squared and the one-sided value."""
    for N, L in [(2, 5), (3, 10)]:
        one_side = 1 - (1 - 2.0 ** -N) ** L
        p = born_dead.dead_by_depth(N, L, trials=8000, seed=1)[-1]
        assert one_side ** 2 - 0.02 <= p <= one_side + 0.02


def test_leaky_relu_and_elu_are_never_exactly_constant():
    for act in ("leaky_relu", "elu"):
        assert born_dead.table((2, 3), 20, trials=300, activation=act).max() == 0.0


def test_rai_is_dead_less_often_than_he():
    he = born_dead.dead_by_depth(2, 10, trials=2000)[-1]
    rai = born_dead.dead_by_depth(2, 10, trials=2000, scheme="rai")[-1]
    assert rai < he - 0.2


def test_the_grid_check_agrees_with_the_exact_breakpoints_under_rai():
    """With biases the 33-point grid could miss variation between points; compare it with the
    exact piecewise-linear count (constant ⇔ every region's slope is zero)."""
    rng = np.random.default_rng(3)
    trials, width, depth = 300, 2, 8
    layers = [born_dead._layer("rai", 1 if d == 0 else width, width, trials, rng)
              for d in range(depth)]
    grid = np.linspace(*born_dead.DOMAIN, born_dead.GRID)
    agree = 0
    for k in range(trials):
        net = [(W[k], b[k, 0]) for W, b in layers] + [(np.ones((width, 1)), np.zeros(1))]
        # identical to dead_by_depth's rule: every last-layer unit takes one value on the grid
        h = grid[:, None]
        for W, b in net[:-1]:
            h = np.maximum(h @ W + b, 0)
        by_grid = bool(np.all(h == h[:1]))
        line = pwl.along_line(net, "relu", lo=-1.0, hi=1.0)
        exact = bool(np.all(np.abs(line.slopes) < 1e-12))
        agree += by_grid == exact
    assert agree == trials


def test_standard_error():
    np.testing.assert_allclose(born_dead.standard_error(0.5, 1000), np.sqrt(0.25 / 1000))


def test_unknown_init_is_a_readable_error():
    with pytest.raises(ValueError, match="Unknown initialisation"):
        born_dead.dead_by_depth(2, 3, trials=5, scheme="orthogonal")


def test_the_large_sample_values_the_page_quotes():
    """The page explains the depth-5 gap with these: 200 000 nets, seed 5."""
    p = born_dead.dead_by_depth(2, 20, trials=200_000, seed=5)
    assert abs(p[4] - 0.624) < 0.003 and abs(p[9] - 0.911) < 0.003 and abs(p[19] - 0.995) < 0.002
