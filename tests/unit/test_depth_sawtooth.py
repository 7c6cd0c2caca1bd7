"""Telgarsky's sawtooth: 2^k pieces exactly, the construction's weights, the shallow fits."""
import numpy as np
import pytest

from actlib.lessons.depth import pwl, sawtooth


def tent_composed(k, x):
    """Independent truth: the tent map T(x) = 1 − |2x − 1| applied k times."""
    for _ in range(k):
        x = 1 - np.abs(2 * x - 1)
    return x


@pytest.mark.parametrize("k", range(1, sawtooth.MAX_K + 1))
def test_the_deep_net_is_the_k_fold_tent_map_with_exactly_2_to_the_k_pieces(k):
    line = sawtooth.count(sawtooth.deep_net(k))
    assert line.pieces == 2 ** k and line.regions == 2 ** k
    # its breakpoints are the dyadic points j / 2^k, and it is the tent map composed k times
    np.testing.assert_array_equal(line.t, np.arange(2 ** k + 1) / 2 ** k)
    x = np.linspace(0, 1, 4097)
    np.testing.assert_allclose(sawtooth.target(k, x), tent_composed(k, x), atol=1e-12)
    layers = sawtooth.deep_net(k)
    assert len(layers) == k + 1 and all(W.shape[1] == 2 for W, _ in layers[:-1])


@pytest.mark.parametrize("k", [1, 3, 6])
def test_one_hidden_layer_needs_2_to_the_k_minus_1_units_and_they_suffice(k):
    layers = sawtooth.shallow_exact(k)
    hinges_inside = np.count_nonzero(-layers[0][1] > 0)        # kinks strictly inside (0, 1)
    assert hinges_inside == 2 ** k - 1
    x = np.linspace(0, 1, 2001)
    np.testing.assert_allclose(pwl.evaluate(layers, x), tent_composed(k, x), atol=1e-9)
    assert sawtooth.count(layers).pieces == 2 ** k


def test_a_shallow_net_of_width_w_has_at_most_w_plus_1_pieces_and_fails_below_2_to_the_k():
    fit = sawtooth.fit_shallow(4, width=7, epochs=100)
    assert fit["pieces"] <= 8
    # the best of 3 trained nets is far from the sawtooth: RMSE above half a constant's
    assert np.min(fit["rmse"]) > 0.5 * fit["std_y"]
    # the trained error never exceeds where training started by much (Adam fine-tunes)
    assert np.min(fit["rmse"]) <= np.min(fit["start_rmse"]) + 1e-6


def test_error_by_width_falls_only_once_width_passes_2_to_the_k():
    widths = [2, 4, 8, 64]
    err = sawtooth.sweep_widths(4, widths)
    std = np.std(sawtooth.target(4, np.linspace(0, 1, sawtooth.N_POINTS)))
    assert np.all(err[:3] > 0.75 * std)          # below 2^k − 1 = 15 units: barely better than a constant
    assert err[3] < 0.25 * std                   # 4·2^k units: close


def test_k_out_of_range_is_a_readable_error():
    with pytest.raises(ValueError, match="k must be"):
        sawtooth.deep_net(9)
