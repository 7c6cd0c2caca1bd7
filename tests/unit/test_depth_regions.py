"""Exact linear-region counts (actlib.lessons.depth.pwl) and Hanin & Rolnick's headline."""
import numpy as np
import pytest

from actlib.activations import REGISTRY
from actlib.lessons.depth import pwl, regions, train


def patterns_on_grid(layers, activation, params, x):
    """Brute force: on which side of each kink every unit is, at every grid point; a region
    boundary is wherever that pattern changes between neighbours."""
    kinks = np.array(REGISTRY[activation].kinks(**params))
    h, codes = x[:, None], []
    for W, b in layers[:-1]:
        z = h @ W + b
        codes.append((z[:, :, None] > kinks).reshape(len(x), -1))
        h = REGISTRY[activation].fn(z, **params)
    code = np.concatenate(codes, axis=1)
    return 1 + int(np.count_nonzero(np.any(code[1:] != code[:-1], axis=1)))


@pytest.mark.parametrize("activation, params", [("relu", {}), ("leaky_relu", {"alpha": 0.1}),
                                                ("hardtanh", {}), ("relu6", {})])
@pytest.mark.parametrize("widths", [(6,), (5, 4), (3, 3, 3)])
def test_exact_count_matches_a_fine_grid(activation, params, widths):
    net = train.init_net(widths, 1, 1, "he", range(5), bias_std=0.5)
    x = np.linspace(-3, 3, 200_001)
    for k in range(5):
        layers = [(W[k], b[k, 0]) for W, b in net]
        line = pwl.along_line(layers, activation, params, -3, 3)
        assert line.regions == patterns_on_grid(layers, activation, params, x)
        # the outputs at the breakpoints are the net's outputs there
        np.testing.assert_allclose(line.y, pwl.evaluate(layers, line.t, activation, params),
                                   atol=1e-10)


def test_zero_biases_give_two_regions():
    assert set(regions.at_init((8, 8), trials=10, bias_std=0.0)) == {2}


def test_the_reachable_bound():
    assert regions.bound((48,)) == 49 and regions.bound((8,) * 6) == 9 ** 6
    assert regions.bound((2,) * 5) == 3 ** 5


def test_48_neurons_give_about_48_regions_wide_or_deep():
    """Hanin & Rolnick: ≈ the number of neurons. 50 nets each at seed 0 (as on the page):
    means 48.7, 50.9, 46.8 with standard errors 0.1, 0.9, 1.6; we require each within three
    standard errors + 1 of 48 and far below the bound."""
    for widths in regions.ARRANGEMENTS:
        counts = regions.at_init(widths, trials=50)
        se = np.std(counts) / np.sqrt(len(counts))
        assert abs(np.mean(counts) - 48) <= 3 * se + 1, (widths, np.mean(counts), se)
        assert np.mean(counts) < regions.bound(widths) / 10 or len(widths) == 1


def test_training_hardly_changes_the_count():
    out = regions.before_after([(16, 16, 16)], seeds=range(4), epochs=60)
    before, after = out["before"][0], out["after"][0]
    assert abs(np.mean(after) - np.mean(before)) < 10 and np.all(np.isfinite(out["loss"][0]))


def test_smooth_activations_are_refused():
    with pytest.raises(ValueError, match="piecewise-linear"):
        regions.at_init((4,), trials=2, activation="elu")
