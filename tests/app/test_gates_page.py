"""Gate networks page under AppTest: opens trained and drawn, each model and hidden-layer
setting retrains, the weights shown reproduce the outputs by hand, the success rates are the
page's own, a diverging learning rate ends in a message, URL state and languages."""
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from actlib.nets.datasets import GATE_INPUTS, GATES
from tests.app import conftest
from actlib.figures import common
from tests.app.conftest import assert_valid_plain_spec, decode, figure, texts

PAGE = "views/gate_networks.py"


def open_page(**query) -> AppTest:
    """The Gate networks page with `query` in its URL (see conftest.open_page)."""
    at = conftest.open_page(PAGE, **query)
    assert not at.exception, at.exception
    return at


def points_table(at):
    return next(df.value for df in at.dataframe if "x₁" in df.value.columns)


def weight_tables(at):
    return [df.value for df in at.dataframe if "b" in df.value.index]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_opens_with_the_courses_xor_net_trained_and_drawn():
    at = open_page(seeds=20)
    for key in ("gates_region", "gates_surface", "gates_loss", "gates_success"):
        assert figure(at, key)["data"], key
        assert_valid_plain_spec(figure(at, key))      # built unvalidated, sent as plotly would
    assert at.selectbox(key="gates.gate").value == "XOR"
    assert at.radio(key="gates.model").value == "hidden"
    assert at.selectbox(key="gates.act").value == "sigmoid"
    table = points_table(at)
    assert table["y"].tolist() == [0, 1, 1, 0]
    # The learned weights shown reproduce the outputs shown, computed by hand here.
    w1, w2 = weight_tables(at)
    assert w1.shape == (3, 2) and w2.shape == (3, 1)
    hidden = sigmoid(GATE_INPUTS @ w1.values[:2] + w1.values[2])
    by_hand = hidden @ w2.values[:2, 0] + w2.values[2, 0]
    np.testing.assert_allclose(table.iloc[:, 3].to_numpy(float), by_hand, atol=2e-3)
    # The region's corners are the outputs at the four training inputs.
    z = decode(figure(at, "gates_region")["data"][0]["z"])
    assert z.shape == (101, 101)
    np.testing.assert_allclose([z[0, 0], z[0, 100], z[100, 0], z[100, 100]],
                               table.iloc[:, 3].to_numpy(float), atol=1e-4)


def test_single_units_fail_on_xor_and_say_so():
    at = open_page(seeds=20)
    at.radio(key="gates.model").set_value("linear").run()
    assert not at.exception
    assert "of the four XOR points right" in texts(at)
    (w,) = weight_tables(at)
    assert w.shape == (3, 1)                       # w₁, w₂, b of one unit
    at.number_input(key="gates.hidden").set_value(3).run()      # relabels the radio …
    assert at.radio(key="gates.model").value == "linear"         # … without resetting it
    at.radio(key="gates.model").set_value("sigmoid").run()
    assert not at.exception and "of the four XOR points right" in texts(at)


def test_hidden_layer_settings_keep_the_model_and_its_labels():
    """The browser sends a radio's choice back as its label text: a label that holds the hidden
    size or activation changed under it, so the chosen "Hidden layer" fell back to the linear
    unit (tests/browser: test_hidden_layer_settings_keep_the_chosen_model). The labels stay
    fixed; the current net is shown in the option's caption."""
    at = open_page(seeds=10)
    labels = list(at.radio(key="gates.model").options)
    at.selectbox(key="gates.act").set_value("tanh").run()
    at.number_input(key="gates.hidden").increment().run()
    radio = at.radio(key="gates.model")
    assert list(radio.options) == labels
    assert radio.value == "hidden"
    assert "Dense(3, Tanh) → Dense(1, linear)" in radio.proto.captions[2]
    w1, _ = weight_tables(at)
    assert w1.shape == (3, 3)
    at.selectbox(key="lang_picker").set_value("ko").run()          # nor the language
    assert list(at.radio(key="gates.model").options) == labels
    assert "은닉층" in at.radio(key="gates.model").proto.captions[2]


def test_switching_gate_retrains_and_and_is_solved():
    at = open_page(seeds=20)
    at.selectbox(key="gates.gate").set_value("AND").run()
    assert not at.exception
    assert points_table(at)["y"].tolist() == [0, 0, 0, 1]
    assert "gets all four AND points right" in texts(at)


def test_hidden_size_and_activation_change_the_net():
    at = open_page(seeds=20)
    at.number_input(key="gates.hidden").set_value(4).run()
    w1, _ = weight_tables(at)
    assert w1.shape == (3, 4)
    at.selectbox(key="gates.act").set_value("prelu").run()
    assert not at.exception
    text = texts(at)
    assert "learned PReLU slope" in text and "α = 0.2500" not in text


def test_success_rates_are_the_pages_own_and_worded():
    at = open_page(seeds=30)
    bars = figure(at, "gates_success")["data"]
    assert len(bars) == 3 and list(bars[0]["x"]) == list(GATES)
    xor = list(GATES).index("XOR")
    linear, sig, net = (decode(b["y"]).astype(float) for b in bars)
    assert linear[xor] == 0 and sig[xor] == 0 and 0 < net[xor] < 100
    summary = next(m.value for m in at.markdown if m.value.startswith("**XOR:**"))
    assert f"**{net[xor]:.0f}%** of 30 seeds" in summary


def test_a_diverging_learning_rate_ends_in_a_message():
    at = open_page(lr=50, seeds=10)
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "blew up" in errors and "learning rate 50" in errors
    keys = [c.proto.id for c in at.get("plotly_chart")]
    assert not any("gates_region" in k or "gates_surface" in k for k in keys)
    assert figure(at, "gates_loss")["data"]          # the exploding loss is still shown


def test_bad_rrelu_parameters_are_explained():
    at = open_page(act="rrelu", seeds=10)
    at.slider(key="rrelu.lower").set_value(0.9).run()
    at.slider(key="rrelu.upper").set_value(0.1).run()
    assert not at.exception
    assert "lower ≤ upper" in " ".join(e.value for e in at.error)
    at.radio(key="gates.model").set_value("linear").run()     # the 1-unit model still trains,
    assert not at.exception                                   # the hidden net's chart says why
    assert "lower ≤ upper" in " ".join(e.value for e in at.error)
    assert figure(at, "gates_loss")["data"]


def test_url_opens_that_view_and_bad_values_are_noted():
    at = open_page(gate="NAND", model="sigmoid", hidden=3, seed=4, seeds=10)
    assert at.selectbox(key="gates.gate").value == "NAND"
    assert at.radio(key="gates.model").value == "sigmoid"
    assert at.number_input(key="gates.hidden").value == 3
    bad = open_page(model="deep", hidden="99", seeds=10)
    notes = " ".join(w.value for w in bad.warning)
    assert "deep" in notes and "99" in notes
    assert bad.radio(key="gates.model").value == "hidden"


@pytest.mark.parametrize("model", ["sigmoid", "linear"])
def test_an_undecided_unit_on_xor_is_drawn_on_the_full_scale(model):
    """One unit on XOR ends at output 0.5 everywhere (to ~1e-9): the colour scale spans the
    targets' range 0 … 1 (white = undecided), not 0.499999999 … 0.500000001, and weights that
    round to 0 show as 0, not −0."""
    at = open_page(model=model, seeds=10)
    heat = figure(at, "gates_region")["data"][0]
    assert (heat["zmin"], heat["zmax"]) == (0.0, 1.0)
    surface = figure(at, "gates_surface")["data"][0]
    assert (surface["cmin"], surface["cmax"]) == (0.0, 1.0)
    for table in weight_tables(at) + [points_table(at)]:
        values = table.select_dtypes("number").to_numpy(float)
        assert not np.any((values == 0) & np.signbit(values)), table


def test_the_output_colours_read_as_class_0_and_1_centred_on_the_cut():
    """The trained XOR net's output runs from class 0 to class 1: the low end of the scale is
    class 0's colour (the crosses'), the high end class 1's (the circles'), and the middle,
    undecided, sits exactly at the 0.5 cut."""
    at = open_page(seeds=10)
    region = figure(at, "gates_region")
    heat, points = region["data"][0], {t["name"]: t for t in region["data"][1:]}
    colours = [c for _, c in heat["colorscale"]]
    assert colours[0] == points["y = 0 (False)"]["marker"]["color"] == common.ZERO
    assert colours[-1] == points["y = 1 (True)"]["marker"]["color"] == common.ONE
    assert heat["colorscale"][1] == [0.5, common.MID_GREY]
    assert (heat["zmin"] + heat["zmax"]) / 2 == pytest.approx(0.5)
    surface = figure(at, "gates_surface")["data"][0]
    assert surface["colorscale"] == heat["colorscale"]
    assert (surface["cmin"] + surface["cmax"]) / 2 == pytest.approx(0.5)


@pytest.mark.parametrize("typed, gate", [("xor", "XOR"), ("Nand", "NAND"), (" and ", "AND")])
def test_gate_names_in_the_url_in_any_case(typed, gate):
    at = open_page(gate=typed, seeds=10)
    assert at.selectbox(key="gates.gate").value == gate
    assert not [w.value for w in at.warning if "gate=" in w.value]     # no "bad value" note
    assert at.query_params["gate"] == gate                            # the link is tidied


@pytest.mark.parametrize("lang, word", [("ko", "은닉층"), ("ja", "隠れ層")])
def test_translated(lang, word):
    at = open_page(lang=lang, seeds=10)
    assert word in at.title[0].value
    assert "points right" not in texts(at)
    names = [b["name"] for b in figure(at, "gates_success")["data"]]
    # prose translated, Keras code kept as code (reviews/locales.md): "…: Dense(1, linear)"
    assert all(re.search(r"[^\x00-\x7f]", n) and "Dense(" in n for n in names), names
    assert any(n.endswith("Dense(1, linear)") for n in names), names
    # CommonMark: a closing ** after punctuation must not touch a letter ("**71%**에" shows
    # the stars), so every bold in the page's own sentences is closed where markdown sees it.
    for md in at.markdown:
        assert not re.search(r"[^\w\s*]\*\*\w", md.value), md.value
