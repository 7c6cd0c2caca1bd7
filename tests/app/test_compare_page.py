"""Compare page under AppTest: opens drawn, each kind of control changes what is drawn,
values checked against the registry, URL state, notes and languages."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from actlib.activations import REGISTRY
from tests.app.conftest import APP, TIMEOUT, assert_valid_plain_spec, decode, figure, texts

PAGE = "views/compare.py"
COURSE_SET = ["binary_step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu"]
CHARTS = ("compare_f", "compare_df", "compare_grid", "compare_flow")


def compare(**query) -> AppTest:
    """The app opened directly on /compare with `query` in the address bar."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def lines(at, key) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name → (x, y) of every named line in a chart (x rebuilt from x0 + dx where sent so)."""
    out = {}
    for trace in figure(at, key)["data"]:
        if trace.get("fill") or "name" not in trace:
            continue
        y = decode(trace["y"]).astype(np.float64)
        x = (decode(trace["x"]).astype(np.float64) if "x" in trace
             else trace["x0"] + trace["dx"] * np.arange(y.size))
        out.setdefault(trace["name"], (x, y))
    return out


def url_value(at, name):
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def flow_medians(at) -> dict[str, np.ndarray]:
    """The magnitude panel's median lines (x axis "x"), by activation name."""
    return {t["name"]: decode(t["y"]).astype(np.float64) for t in figure(at, "compare_flow")["data"]
            if t.get("xaxis") == "x" and not t.get("fill")}


def test_opens_with_the_courses_eight_curves_drawn():
    at = compare()
    names = [REGISTRY[k].name for k in COURSE_SET]
    f, df = lines(at, "compare_f"), lines(at, "compare_df")
    assert list(f) == names and list(df) == names
    for key in COURSE_SET:
        act = REGISTRY[key]
        x, y = f[act.name]
        assert x[0] == -5 and x[-1] == pytest.approx(5) and len(x) == 1001
        np.testing.assert_allclose(y, act.fn(x), atol=2e-6)
        np.testing.assert_allclose(df[act.name][1], act.grad(x), atol=2e-6)
    assert len(figure(at, "compare_grid")["data"]) == 16           # f and f′ for each of 8
    assert len(at.dataframe[0].value) == 8
    assert at.multiselect(key="compare.sel").value == COURSE_SET


def test_every_chart_is_a_valid_plotly_figure():
    """The builders skip plotly's validation for speed: the validating constructor must accept
    them unchanged."""
    at = compare()
    for key in CHARTS:
        assert_valid_plain_spec(figure(at, key))


def test_multiselect_changes_the_number_of_traces():
    at = compare()
    at.multiselect(key="compare.sel").set_value(["sigmoid", "relu", "gelu"]).run()
    assert not at.exception
    assert list(lines(at, "compare_f")) == ["Sigmoid", "ReLU", "GELU"]
    assert len(lines(at, "compare_df")) == 3
    assert len(figure(at, "compare_grid")["data"]) == 6
    assert set(flow_medians(at)) == {"Sigmoid", "ReLU", "GELU", "0.25ⁿ (sigmoid's ceiling)"}
    assert url_value(at, "sel") == "sigmoid,relu,gelu"


def test_a_parameter_slider_moves_only_its_own_curve():
    at = compare()
    before = lines(at, "compare_f")
    at.slider(key="elu.alpha").set_value(0.5).run()
    after = lines(at, "compare_f")
    x, y = after["ELU"]
    assert y[0] == pytest.approx(0.5 * np.expm1(-5.0), abs=1e-6)   # ELU(−5) = α(e⁻⁵ − 1)
    assert not np.array_equal(y, before["ELU"][1])
    for name in before:
        if name != "ELU":
            np.testing.assert_array_equal(after[name][1], before[name][1])
    assert at.slider(key="leaky_relu.alpha").value == pytest.approx(0.01)   # its own default


def test_rrelu_with_lower_above_upper_says_so_and_the_rest_still_draw():
    at = compare(sel="rrelu,sigmoid,relu")
    at.slider(key="rrelu.lower").set_value(0.9).run()
    assert not at.exception
    assert any("RReLU" in e.value and "upper" in e.value for e in at.error)
    assert list(lines(at, "compare_f")) == ["Sigmoid", "ReLU"]
    assert set(flow_medians(at)) == {"Sigmoid", "ReLU", "0.25ⁿ (sigmoid's ceiling)"}
    at.slider(key="rrelu.lower").set_value(0.1).run()
    assert not at.error and "RReLU" in lines(at, "compare_f")


def test_show_all_lists_every_activation_in_the_table():
    at = compare()
    at.toggle(key="compare.all_props").set_value(True).run()
    table = at.dataframe[0].value
    assert len(table) == len(REGISTRY)
    assert set(table.iloc[:, 0]) == {a.name for a in REGISTRY.values()}
    assert len(lines(at, "compare_f")) == 8                         # the charts keep the selection


def test_table_values_are_the_registrys_properties():
    at = compare(sel="tanh,relu")
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["Tanh", "ReLU"]
    mean_output = table.iloc[:, 4]
    assert mean_output[0] == pytest.approx(0.0, abs=1e-4)            # tanh is odd
    assert mean_output[1] == pytest.approx(1 / np.sqrt(2 * np.pi), abs=1e-4)   # E[max(0, z)]


def test_depth_slider_changes_the_flow_chart_and_the_caption():
    at = compare()
    medians = flow_medians(at)
    assert len(medians["Sigmoid"]) == 20
    at.slider(key="compare.depth").set_value(5).run()
    medians = flow_medians(at)
    sig = medians["Sigmoid"]
    assert len(sig) == 5
    np.testing.assert_allclose(medians["0.25ⁿ (sigmoid's ceiling)"], 0.25 ** np.arange(1, 6))
    assert np.all(sig <= 0.25 ** np.arange(1, 6))                   # the vanishing is visible
    np.testing.assert_array_equal(medians["Linear"], 1.0)
    assert "after 5 layers" in texts(at) and "0.25^5" in texts(at)
    assert url_value(at, "depth") == "5"


def test_relu_zero_share_and_caption_follow_the_run():
    at = compare(depth="3")
    zeros = {t["name"]: decode(t["y"]) for t in figure(at, "compare_flow")["data"]
             if t.get("xaxis") == "x2"}
    np.testing.assert_allclose(zeros["ReLU"], 1 - 0.5 ** np.arange(1, 4), atol=0.05)
    assert np.all(zeros["Leaky ReLU"] == 0) and np.all(zeros["Binary step"] == 1)
    assert "87.5 %" in texts(at)                                    # expected 1 − 0.5³


def test_sigma_and_seed_change_the_flow():
    at = compare()
    before = flow_medians(at)["Tanh"]
    at.slider(key="compare.sigma").set_value(3.0).run()
    wider = flow_medians(at)["Tanh"]
    assert np.all(wider[5:] < before[5:])                           # larger |z|: tanh saturates
    at.number_input(key="compare.seed").set_value(11).run()
    assert not np.array_equal(flow_medians(at)["Tanh"], wider)


def test_x_range_changes_the_grid():
    at = compare()
    at.slider(key="compare.x").set_value((-2.0, 8.0)).run()
    x, _ = lines(at, "compare_f")["ReLU"]
    assert x[0] == -2 and x[-1] == pytest.approx(8)


def test_empty_selection_asks_for_one_and_does_not_crash():
    at = compare()
    at.multiselect(key="compare.sel").set_value([]).run()
    assert not at.exception and at.info
    assert not any(c.proto.id.endswith("-compare_f") for c in at.get("plotly_chart"))


def test_url_opens_that_view():
    at = compare(sel="tanh,sigmoid", depth="12", sigma="2.5", seed="4", x="-3,3")
    assert at.multiselect(key="compare.sel").value == ["tanh", "sigmoid"]
    assert at.slider(key="compare.depth").value == 12
    assert at.slider(key="compare.sigma").value == 2.5
    assert at.number_input(key="compare.seed").value == 4
    assert list(lines(at, "compare_f")) == ["Tanh", "Sigmoid"]
    assert not at.warning


def test_unknown_keys_are_dropped_with_a_visible_note():
    at = compare(sel="sigmoid,softmaxx,relu")
    assert at.multiselect(key="compare.sel").value == ["sigmoid", "relu"]
    assert any("softmaxx" in w.value for w in at.warning)
    assert url_value(at, "sel") == "sigmoid,relu"


@pytest.mark.parametrize("query", [{"sel": "nope"}, {"depth": "0"}, {"depth": "51"},
                                   {"sigma": "abc"}, {"sigma": "-1"}, {"x": "5,-5"}])
def test_bad_url_values_fall_back_with_a_note(query):
    at = compare(**query)
    assert at.warning, "a note must say the link's value was not used"
    assert at.multiselect(key="compare.sel").value == COURSE_SET or "sel" not in query
    assert at.slider(key="compare.depth").value == 20 or "depth" not in query


def test_japanese():
    at = compare(lang="ja")
    assert at.title[0].value == "比較"
    words = texts(at)
    assert "勾配" in words and "Gradient flow" not in words
    assert at.slider(key="compare.depth").label == "層の数 n"


def test_korean():
    at = compare(lang="ko")
    assert at.title[0].value == "비교" and "기울기" in texts(at)


def test_all_selected_draw_with_their_defaults():
    at = compare(sel=",".join(REGISTRY))
    assert not at.error
    f = lines(at, "compare_f")
    assert list(f) == [a.name for a in REGISTRY.values()]
    for act in REGISTRY.values():
        x, y = f[act.name]
        np.testing.assert_allclose(y, act.fn(x), atol=1e-5, rtol=1e-6)
    assert len(figure(at, "compare_grid")["data"]) == 2 * len(REGISTRY)
    assert len(flow_medians(at)) == len(REGISTRY) + 1               # and sigmoid's ceiling


def test_a_parameter_moves_that_activations_gradient_flow():
    at = compare(sel="leaky_relu,relu", depth="4")
    before = flow_medians(at)
    at.slider(key="leaky_relu.alpha").set_value(0.5).run()
    after = flow_medians(at)
    # after 4 layers the median path has met about two z ≤ 0: α² = 0.25 against 1e-4
    assert after["Leaky ReLU"][-1] > 100 * before["Leaky ReLU"][-1]
    np.testing.assert_array_equal(after["ReLU"], before["ReLU"])
