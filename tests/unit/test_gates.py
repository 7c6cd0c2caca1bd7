"""The course's gate models on actlib.nets.mlp, and the gate figures."""
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from actlib.nets import gates as gm
from actlib.nets import mlp
from actlib.nets.datasets import GATE_INPUTS, GATES, LINEARLY_SEPARABLE
from actlib.figures import gates as figs
from actlib.figures.common import wrap_title
from actlib.nets.gates import (BLOWUP_LOSS, fit_gate, grid_output, layer_weights, model_spec,
                          predicts_one, success_table)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_model_specs_are_the_courses():
    assert mlp.n_params(model_spec("linear"), 2) == 3            # w₁, w₂, b
    assert mlp.n_params(model_spec("sigmoid"), 2) == 3
    assert mlp.n_params(model_spec("hidden"), 2) == 2 * 2 + 2 + 2 + 1   # 9
    assert mlp.n_params(model_spec("hidden", 5, "prelu"), 2) == 2 * 5 + 5 + 1 + 5 + 1
    assert [layer.activation for layer in model_spec("hidden")] == ["sigmoid", "linear"]
    with pytest.raises(ValueError, match="Unknown model"):
        model_spec("deep")


def test_prediction_rule_is_strictly_above_one_half():
    assert predicts_one(np.array([0.5, 0.5000001, 0.49, -3, 7])).tolist() == \
        [False, True, False, False, True]


def test_linear_model_finds_the_least_squares_plane():
    """MSE on a linear model has a closed-form optimum: the least-squares fit."""
    X, y = GATES["AND"]
    A = np.c_[X, np.ones(4)]
    w1, w2, b = np.linalg.lstsq(A, y.astype(float), rcond=None)[0]      # 0.5, 0.5, −0.25
    np.testing.assert_allclose([w1, w2, b], [0.5, 0.5, -0.25], atol=1e-12)
    fit = fit_gate("AND", "linear", seeds=[0, 1, 2], epochs=3000)
    for k in range(3):
        (layer,) = layer_weights(fit, k)
        np.testing.assert_allclose(layer["W"][:, 0], [w1, w2], atol=2e-3)
        np.testing.assert_allclose(layer["b"], [b], atol=2e-3)
    assert fit.solved.all()


@pytest.mark.parametrize("setup", ["linear", "sigmoid"])
def test_one_unit_solves_and_or_but_never_xor(setup):
    for gate in LINEARLY_SEPARABLE:
        assert fit_gate(gate, setup, seeds=range(40)).success_rate >= 0.95, gate
    for gate in ("XOR", "XNOR"):                 # impossible for one line: 0 for every seed
        fit = fit_gate(gate, setup, seeds=range(200))
        assert fit.success_rate == 0 and not fit.blew_up.any()


def test_two_sigmoid_hidden_units_solve_xor_in_most_seeds():
    """The course's claim, measured: ~71 % of seeds after 1000 epochs (issue 5 reference)."""
    fit = fit_gate("XOR", "hidden", seeds=range(400))
    assert 0.62 <= fit.success_rate <= 0.80, fit.success_rate
    longer = fit_gate("XOR", "hidden", seeds=range(200), epochs=5000)
    assert longer.success_rate > fit_gate("XOR", "hidden", seeds=range(200)).success_rate


def test_learned_weights_reproduce_the_outputs_by_hand():
    fit = fit_gate("XOR", "hidden", seeds=[5, 6])
    for k in range(2):
        (l1, l2) = layer_weights(fit, k)
        assert l1["W"].shape == (2, 2) and l2["W"].shape == (2, 1) and l1["alpha"] is None
        by_hand = sigmoid(GATE_INPUTS @ l1["W"] + l1["b"]) @ l2["W"][:, 0] + l2["b"][0]
        np.testing.assert_allclose(fit.outputs[k], by_hand, rtol=0, atol=1e-12)


def test_a_seed_alone_equals_its_row_in_a_batch():
    batch = fit_gate("XOR", "hidden", seeds=[10, 11, 12, 13])
    alone = fit_gate("XOR", "hidden", seeds=[12])
    np.testing.assert_allclose(alone.outputs[0], batch.outputs[2], rtol=0, atol=1e-12)
    np.testing.assert_allclose(alone.loss_curve[0], batch.loss_curve[2], rtol=0, atol=1e-12)


def test_prelu_learns_its_slope():
    fit = fit_gate("XOR", "hidden", activation="prelu", act_params={"alpha": 0.25},
                   seeds=[0, 1, 2])
    alphas = [layer_weights(fit, k)[0]["alpha"] for k in range(3)]
    assert all(a is not None and abs(a - 0.25) > 1e-3 for a in alphas), alphas


def test_fixed_parameters_reach_the_hidden_layer():
    a = fit_gate("XOR", "hidden", activation="leaky_relu", act_params={"alpha": 0.01},
                 seeds=[1], epochs=50)
    b = fit_gate("XOR", "hidden", activation="leaky_relu", act_params={"alpha": 0.5},
                 seeds=[1], epochs=50)
    assert not np.allclose(a.outputs, b.outputs)


def test_grid_output_orientation_matches_the_four_points():
    fit = fit_gate("XOR", "hidden", seeds=[3])
    axis, image = grid_output(fit, 0)
    assert image.shape == (101, 101) and axis[100] == 1
    # rows are x₂, columns x₁; the four corners are the training inputs (0,0),(1,0),(0,1),(1,1)
    corners = [image[0, 0], image[0, 100], image[100, 0], image[100, 100]]
    np.testing.assert_allclose(corners, fit.outputs[0], rtol=0, atol=1e-12)


def test_a_too_large_learning_rate_is_caught():
    calm = fit_gate("XOR", "hidden", seeds=range(10))
    assert not calm.blew_up.any() and np.all(calm.blew_up_epoch == 0)
    wild = fit_gate("XOR", "hidden", lr=10.0, seeds=range(10))
    assert wild.blew_up.all() and np.all(wild.blew_up_epoch >= 1)
    assert np.nanmax(wild.loss_curve) > BLOWUP_LOSS
    assert wild.success_rate == 0.0                 # a blown-up run never counts as solved
    # Overflow to inf/NaN: mlp's guard freezes the seed on its last finite parameters.
    inf = fit_gate("AND", "hidden", activation="linear", lr=1e160, seeds=[0, 1], epochs=20)
    assert inf.blew_up.all() and np.all(np.isfinite(inf.params.flat))


def test_success_table_reports_progress_and_rates():
    seen = []
    table = success_table(["AND", "XOR"], {"lin": dict(setup="linear"),
                                           "net": dict(setup="hidden")},
                          seeds=range(20), epochs=300, progress=seen.append)
    assert list(table) == ["lin", "net"] and table["lin"].shape == (2,)
    assert table["lin"][1] == 0.0
    assert seen == [0.25, 0.5, 0.75, 1.0]


# ---- figures: pure builders, checked on their data
TEXT = dict(title="t", x1="x₁", x2="x₂", one="one", zero="zero", line="line", no_line="none",
            output="out", boundary="cut", z="z", cut="plane", trail="trail")


def test_region_figure_draws_the_half_contour_only_when_crossed():
    axis = np.linspace(0, 1, 5)
    image = np.add.outer(axis, axis) / 2                   # 0 … 1: crosses 0.5
    fig = figs.region_figure(axis, image, GATE_INPUTS, GATES["AND"][1], TEXT, binary=False)
    kinds = [tr.type for tr in fig.data]
    assert kinds.count("contour") == 1 and fig.data[1].contours.start == 0.5
    flat = figs.region_figure(axis, np.full((5, 5), 0.2), GATE_INPUTS, GATES["AND"][1], TEXT,
                              binary=False)
    assert [tr.type for tr in flat.data].count("contour") == 0
    points = [tr for tr in fig.data if tr.type == "scatter"]
    assert [tr.name for tr in points] == ["one", "zero"] and list(points[0].x) == [1.0]


def test_line_figure_trail_and_missing_line():
    fig = figs.line_figure(GATE_INPUTS, GATES["OR"][1], ((0, 1), (1, 0)), TEXT,
                           trail=[((0, 1), (0.5, 0.5)), None])
    assert fig.data[0].name == "trail" and list(fig.data[0].x) == [0, 1, None]
    assert fig.layout.annotations[0].visible is False
    none = figs.line_figure(GATE_INPUTS, GATES["OR"][1], None, TEXT)
    assert none.layout.annotations[0].text == "none" and none.layout.annotations[0].visible
    assert not none.data[0].showlegend                       # an empty trail has no legend


def test_success_figure_in_percent_and_titles_wrapped():
    # every title wraps to what a 390 px phone shows, full-width charts too (the server
    # cannot know the screen)
    fig = figs.success_figure(["AND", "XOR"], {"a": [1.0, 0.71]},
                              dict(title="Even a full-width chart wraps a title this long",
                                   gate="g", rate="r"))
    assert list(fig.data[0].y) == [100.0, 71.0] and list(fig.data[0].text) == ["100%", "71%"]
    assert fig.layout.title.text == wrap_title("Even a full-width chart wraps a title this long",
                                               figs.TITLE_COLUMNS)
    assert fig.layout.title.text.count("<br>") == 1
    half = figs.line_figure(GATE_INPUTS, GATES["OR"][1], None,
                            {**TEXT, "title": "A half-width chart wraps a title this long"})
    assert half.layout.title.text.count("<br>") == 1
    json.loads(fig.to_json())


def test_surface_and_loss_figures():
    axis = np.linspace(0, 1, 3)
    fig = figs.surface_figure(axis, np.eye(3), GATE_INPUTS, GATES["XOR"][1], TEXT)
    assert fig.data[0].type == "surface" and np.all(np.asarray(fig.data[1].z) == 0.5)
    loss = figs.loss_figure({"m": np.array([1.0, 0.5, np.nan])},
                            dict(title="t", epoch="e", loss="l"))
    assert loss.layout.yaxis.type == "log" and list(loss.data[0].x) == [1, 2, 3]


@pytest.mark.parametrize("key", sorted(__import__("actlib.activations",
                                                  fromlist=["REGISTRY"]).REGISTRY))
def test_every_registry_activation_trains_in_the_hidden_layer(key):
    fit = fit_gate("XOR", "hidden", activation=key, hidden=3, seeds=[0, 1], epochs=60)
    assert fit.outputs.shape == (2, 4) and np.all(np.isfinite(fit.outputs))
    assert fit.loss_curve.shape == (2, 60) and not fit.blew_up.any()
    axis, image = grid_output(fit, 1)
    assert np.all(np.isfinite(image))


def test_curves_figure_wraps_a_long_axis_title_within_its_half():
    """Each of the two stacked axes has half the chart's height: the Japanese "mistakes in the
    epoch" ran over the accuracy axis' title on one line."""
    text = dict(title="t", accuracy="正解率", errors="エポック中に間違えた点の数", epoch="e",
                ceiling="c", current="c")
    fig = figs.curves_figure(np.array([0.5, 1.0]), np.array([2, 0]), 1, text)
    assert fig.layout.yaxis.title.text == "正解率"
    assert fig.layout.yaxis2.title.text.count("<br>") == 1
    short = figs.curves_figure(np.array([0.5, 1.0]), np.array([2, 0]), 1,
                               {**text, "errors": "mistakes in the epoch"})
    assert short.layout.yaxis2.title.text == "mistakes in the epoch"
