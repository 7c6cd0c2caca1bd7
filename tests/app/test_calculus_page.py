"""Calculus page under AppTest: opens drawn, every kind of control changes what is drawn,
values checked against numpy computed here, URL state and languages."""
import numpy as np
import pytest

from actlib.activations import REGISTRY

from tests.app.conftest import assert_valid_plain_spec, decode, figure, open_page, texts

PAGE = "views/calculus.py"
X = np.linspace(-5, 5, 1001)


def calc(**query):
    """The Calculus page with `query` in its URL (see conftest.open_page)."""
    at = open_page(PAGE, **query)
    assert not at.exception
    return at


def url_value(at, name):
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def traces(at, key):
    return figure(at, key)["data"]


def derivative(at):
    data = traces(at, "calculus_derivative")
    return [decode(data[i]["y"]).astype(np.float64) for i in range(3)]


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_opens_on_the_courses_setting_with_every_chart_drawn():
    at = calc()
    for key in ("calculus_derivative", "calculus_error", "calculus_collapse",
                "calculus_softmax", "calculus_overflow"):
        assert traces(at, key), key
    assert at.selectbox(key="calculus.act").value == "sigmoid"
    assert at.radio(key="calculus.scheme").value == "forward"
    assert at.slider(key="calculus.log_h").value == -15.0
    numerical, analytic, difference = derivative(at)
    # The course: h = 1e-15 forward difference of the sigmoid, garbage next to the truth.
    # Round-off makes it a multiple of ε/h ≈ 0.111: a 1-ulp difference in σ moves it by one.
    course = (sigmoid(X + 1e-15) - sigmoid(X)) / 1e-15
    np.testing.assert_allclose(analytic, sigmoid(X) * (1 - sigmoid(X)), rtol=1e-6)
    assert np.median(np.abs(numerical - course)) < 0.12
    assert np.max(np.abs(difference)) > 0.1
    assert not at.get("error")


def test_h_slider_moves_towards_the_truth():
    at = calc()
    at.slider(key="calculus.log_h").set_value(-8.0).run()
    numerical, analytic, difference = derivative(at)
    assert np.max(np.abs(difference)) < 1e-7
    np.testing.assert_allclose(numerical, (sigmoid(X + 1e-8) - sigmoid(X)) / 1e-8, atol=1e-6)
    vline = [s for s in figure(at, "calculus_error")["layout"]["shapes"] if s["type"] == "line"]
    assert vline[0]["x0"] == pytest.approx(1e-8)
    # its label sits on it: an annotation on a log axis takes log10 of the value
    now = figure(at, "calculus_error")["layout"]["annotations"][0]
    assert now["x"] == pytest.approx(-8) and "1.0e-08" in now["text"]


def test_every_chart_is_what_plotly_would_send():
    """The charts are built without plotly's validation (plain_figure); the validating
    constructor must make exactly the same of each, the NaN regions' shading included."""
    at = calc(layers="3", between="relu")
    for key in ("calculus_derivative", "calculus_error", "calculus_collapse",
                "calculus_softmax", "calculus_overflow"):
        assert_valid_plain_spec(figure(at, key))
    shading = [s for s in figure(at, "calculus_overflow")["layout"]["shapes"] if s["type"] == "rect"]
    assert len(shading) == 2 and shading[0]["x1"] == -shading[1]["x0"]


def test_scheme_radio_changes_the_numerical_curve():
    at = calc()
    at.slider(key="calculus.log_h").set_value(-2.0).run()
    forward = derivative(at)[0]
    at.radio(key="calculus.scheme").set_value("central").run()
    central = derivative(at)[0]
    h = 1e-2
    np.testing.assert_allclose(central, (sigmoid(X + h) - sigmoid(X - h)) / (2 * h), atol=1e-6)
    assert np.max(np.abs(central - forward)) > 1e-4
    at.radio(key="calculus.scheme").set_value("backward").run()
    np.testing.assert_allclose(derivative(at)[0], (sigmoid(X) - sigmoid(X - h)) / h, atol=1e-6)


def test_error_chart_is_a_v_with_the_right_optima():
    at = calc()
    data = traces(at, "calculus_error")
    lines = [d for d in data if d.get("mode") == "lines+markers"]
    assert len(lines) == 3
    hs = decode(lines[0]["x"])
    assert hs[0] == pytest.approx(1e-16) and hs[-1] == pytest.approx(0.1)
    best = {}
    for line, scheme in zip(lines, ("forward", "backward", "central")):
        errors = decode(line["y"])
        best[scheme] = hs[int(np.argmin(errors))]
    assert 1e-9 <= best["forward"] <= 1e-7 and 1e-6 <= best["central"] <= 1e-4
    assert "6e-08" in texts(at) or f"{best['forward']:.0e}" in texts(at)


def test_activation_and_parameter_change_the_chart():
    at = calc()
    at.slider(key="calculus.log_h").set_value(-6.0).run()
    at.selectbox(key="calculus.act").set_value("elu").run()
    analytic = derivative(at)[1]
    np.testing.assert_allclose(analytic, REGISTRY["elu"].grad(X), atol=1e-6)
    at.slider(key="elu.alpha").set_value(0.5).run()
    analytic = derivative(at)[1]
    np.testing.assert_allclose(analytic, REGISTRY["elu"].grad(X, alpha=0.5), atol=1e-6)
    assert url_value(at, "alpha") == "0.5" and url_value(at, "act") == "elu"


def test_kinked_activation_says_which_points_are_left_out():
    at = calc()
    at.selectbox(key="calculus.act").set_value("relu").run()
    assert "x = 0" in texts(at)


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_every_activation_draws(key):
    at = calc()
    at.selectbox(key="calculus.act").set_value(key).run()
    assert not at.exception and not at.get("error")
    np.testing.assert_allclose(derivative(at)[1], REGISTRY[key].grad(X), atol=1e-5)


# ---------------------------------------------------------------- linear layers collapse
def collapse_panels(at) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Panel axis ("x", "x2", "x3") → (x, y) of all its grid lines (NaN between lines)."""
    out = {}
    for d in traces(at, "calculus_collapse"):
        if d["mode"] != "lines":
            continue                                  # the dots per linear piece
        x, y = decode(d["x"]).astype(float), decode(d["y"]).astype(float)
        px, py = out.get(d.get("xaxis", "x"), (np.array([]), np.array([])))
        out[d.get("xaxis", "x")] = (np.concatenate([px, x]), np.concatenate([py, y]))
    return out


def test_linear_layers_collapse_and_a_nonlinearity_bends_the_grid():
    at = calc()
    panels = collapse_panels(at)
    (xs, ys), (x1, y1) = panels["x2"], panels["x3"]
    ok = ~np.isnan(xs)
    np.testing.assert_allclose(xs[ok], x1[ok], atol=1e-5)          # stack == single matrix
    np.testing.assert_allclose(ys[ok], y1[ok], atol=1e-5)
    assert at.get("success")
    at.selectbox(key="calculus.between").set_value("relu").run()
    panels = collapse_panels(at)
    assert np.nanmax(np.abs(panels["x2"][0] - panels["x3"][0])) > 0.05
    assert at.get("warning") and not at.get("success")


def test_the_text_says_what_is_true_with_and_without_relu():
    # Linear between the layers: one matrix. ReLU: piecewise linear, not that matrix.
    at = calc(layers="6")
    said = texts(at)
    assert "The single layer that the 6 layers multiply out to" in said
    assert "exactly one linear layer" in said
    at.selectbox(key="calculus.between").set_value("relu").run()
    said = texts(at)
    assert "multiply out to:" not in said
    assert "Without ReLU, the 6 layers would multiply out to this single layer" in said
    assert "piecewise linear" in said and "do not collapse into one matrix" in said
    assert "exactly one linear layer" not in said
    at.selectbox(key="calculus.between").set_value("tanh").run()
    said = texts(at)
    assert "The grid bends" in said and "piecewise linear" not in said
    at = calc(layers="1", between="relu")                             # nothing between one layer
    said = texts(at)
    assert "A single layer is already one matrix" in said and "1 layers" not in said


def test_the_relu_stack_fills_its_own_panel_so_the_fold_is_visible():
    # ReLU shrinks the grid (6 layers, seed 0: to a segment 0.35 wide) while W x + b keeps it
    # ~4 wide: in one shared panel the folded grid was a speck. Each picture has its panel.
    at = calc(layers="3", between="relu")
    spec = figure(at, "calculus_collapse")
    stack = [d for d in spec["data"] if d.get("xaxis") == "x2" and d["mode"] == "lines"]
    single = [d for d in spec["data"] if d.get("xaxis") == "x3" and d["mode"] == "lines"]
    assert len(stack) == 2 and len(single) == 2                      # rows and columns, apart
    assert spec["layout"]["xaxis2"]["domain"][1] < spec["layout"]["xaxis3"]["domain"][0]
    from actlib.activations import REGISTRY
    from actlib.lessons.numdiff import grid_lines, random_layers, run_layers
    grid = grid_lines()
    want = run_layers(random_layers(3, 2, 0), grid.reshape(-1, 2), REGISTRY["relu"].fn)
    got = np.concatenate([np.stack([decode(d["x"]), decode(d["y"])], axis=-1) for d in stack])
    got = got[~np.isnan(got[:, 0])]
    np.testing.assert_allclose(np.sort(got[:, 0]), np.sort(want[:, 0]), atol=1e-5)
    # A fold is visible: a straight input line comes out bent (its direction changes).
    line = want.reshape(grid.shape)[4]                                # the middle horizontal line
    steps = np.diff(line, axis=0)
    steps = steps[np.linalg.norm(steps, axis=1) > 1e-9]
    a, b = steps[:-1], steps[1:]
    turn = np.abs(a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]).max()     # 2-D cross product
    assert turn > 1e-4
    assert "piecewise linear" in texts(at)
    # Dots coloured by linear piece, on the input grid and on its image: 6 pieces here.
    from actlib.lessons.numdiff import linear_pieces
    dots = [d for d in spec["data"] if d["mode"] == "markers"]
    assert [d.get("xaxis", "x") for d in dots] == ["x", "x2"]
    pieces = linear_pieces(random_layers(3, 2, 0), grid.reshape(-1, 2), REGISTRY["relu"].fn,
                           REGISTRY["relu"].grad)
    z = grid.reshape(-1, 2) @ random_layers(3, 2, 0)[0][0].T + random_layers(3, 2, 0)[0][1]
    first_on = z > 0                                  # by hand: layer 1's units on/off …
    for piece in range(pieces.max() + 1):             # … agree within every piece
        assert len(np.unique(first_on[pieces == piece], axis=0)) == 1
    assert len(set(dots[0]["marker"]["color"])) == pieces.max() + 1 == 6
    assert "6 pieces here" in texts(at)


def test_a_flattened_stack_says_so():
    at = calc(layers="6", between="relu")                             # seed 0: onto a line
    assert "ends up on one straight line" in texts(at)
    at = calc(layers="10", between="relu")                            # seed 0: to one point
    assert "ends up at a single point" in texts(at)


def test_layers_and_seed_change_the_matrix():
    at = calc()
    first = [el.value for el in at.get("latex")]
    at.slider(key="calculus.layers").set_value(7).run()
    seven = [el.value for el in at.get("latex")]
    at.number_input(key="calculus.seed").set_value(5).run()
    reseeded = [el.value for el in at.get("latex")]
    assert first != seven != reseeded
    from actlib.lessons.numdiff import collapse, random_layers
    w, b = collapse(random_layers(7, 2, 5))
    assert f"{w[0, 0]:.4f}" in reseeded[0] and f"{b[1]:.4f}" in reseeded[0]


# ---------------------------------------------------------------- softmax
def bars(at):
    return decode(traces(at, "calculus_softmax")[0]["y"]).astype(float)


def test_softmax_bars_follow_logits_and_temperature():
    at = calc()
    z = np.array([2, 1, 0.1])
    np.testing.assert_allclose(bars(at), np.exp(z) / np.exp(z).sum(), rtol=1e-9)
    at.text_input(key="calculus.logits").input("1, 2, 3, 4").run()
    z = np.array([1.0, 2, 3, 4])
    np.testing.assert_allclose(bars(at), np.exp(z) / np.exp(z).sum(), rtol=1e-9)
    at.slider(key="calculus.temperature").set_value(2.0).run()
    np.testing.assert_allclose(bars(at), np.exp(z / 2) / np.exp(z / 2).sum(), rtol=1e-9)
    assert bars(at).sum() == pytest.approx(1, abs=1e-12)


def test_huge_logits_button_stays_finite_where_naive_gives_nan():
    at = calc()
    at.button(key="calculus.try_large").click().run()
    assert at.text_input(key="calculus.logits").value == "1000, 1001, 1002"
    p = bars(at)
    np.testing.assert_allclose(p, np.exp([-2, -1, 0]) / np.exp([-2, -1, 0]).sum(), rtol=1e-9)
    assert any("NaN" in w.value for w in at.get("warning"))


def test_bad_logits_say_why_and_keep_the_last_good_ones():
    at = calc()
    at.text_input(key="calculus.logits").input("3, 1, 2").run()
    good = bars(at)
    at.text_input(key="calculus.logits").input("3, x, 2").run()
    assert not at.exception
    assert any("“x”" in e.value or "x" in e.value for e in at.get("error"))
    np.testing.assert_array_equal(bars(at), good)
    at.text_input(key="calculus.logits").input("1, 2").run()
    assert any("2" in e.value for e in at.get("error"))


def test_two_class_check_is_shown():
    at = calc()
    at.text_input(key="calculus.logits").input("3, 1, 0").run()
    expected = f"{1 / (1 + np.exp(-2)):.10f}"
    assert texts(at).count(expected) == 2          # softmax and sigmoid, side by side


# ---------------------------------------------------------------- overflow
def test_overflow_chart_marks_710_in_float64_and_89_in_float32():
    at = calc()
    spec = figure(at, "calculus_overflow")
    course = decode(spec["data"][1]["y"]).astype(float)
    x = decode(spec["data"][1]["x"]).astype(float)
    assert np.all(np.isnan(course[np.abs(x) > 710])) and np.all(np.isfinite(course[np.abs(x) < 709]))
    assert "709.783" in texts(at)
    at.radio(key="calculus.dtype").set_value("float32").run()
    spec = figure(at, "calculus_overflow")
    course = decode(spec["data"][1]["y"]).astype(float)
    assert np.all(np.isnan(course[np.abs(x) > 89])) and np.all(np.isfinite(course[np.abs(x) < 88]))
    assert "88.7228" in texts(at)


def test_overflow_table_shows_nan_and_minus_infinity():
    at = calc()
    table = at.dataframe[0].value
    assert "NaN" in table.iloc[:, 1].tolist() and "−∞" in table.iloc[:, 5].tolist()


# ---------------------------------------------------------------- URL and languages
def test_url_opens_that_view():
    at = calc(act="tanh", scheme="central", log_h="-5", layers="4", between="tanh",
              logits="1, 1, 1", T="2", dtype="float32")
    assert at.selectbox(key="calculus.act").value == "tanh"
    assert at.radio(key="calculus.scheme").value == "central"
    assert at.slider(key="calculus.log_h").value == -5.0
    assert at.slider(key="calculus.layers").value == 4
    assert at.text_input(key="calculus.logits").value == "1, 1, 1"
    np.testing.assert_allclose(bars(at), [1 / 3] * 3)
    assert at.radio(key="calculus.dtype").value == "float32"
    assert not at.get("warning") or all("link" not in w.value for w in at.get("warning"))


def test_bad_url_values_fall_back_with_a_note():
    at = calc(act="nope", log_h="5", logits="1, zz")
    assert at.selectbox(key="calculus.act").value == "sigmoid"
    assert at.slider(key="calculus.log_h").value == -15.0
    assert at.text_input(key="calculus.logits").value == "2, 1, 0.1"
    notes = " ".join(w.value for w in at.get("warning"))
    assert "nope" in notes and "log_h" in notes and "logits" in notes


def test_state_is_written_back_to_the_url():
    at = calc()
    at.radio(key="calculus.scheme").set_value("central").run()
    at.slider(key="calculus.layers").set_value(6).run()
    assert url_value(at, "scheme") == "central" and url_value(at, "layers") == "6"


@pytest.mark.parametrize("lang,word", [("ja", "微分"), ("ko", "미분")])
def test_other_languages(lang, word):
    at = calc(lang=lang)
    assert word in at.title[0].value
    assert not at.exception
    assert "Numerical vs analytic" not in texts(at)


def test_controls_work_in_japanese():
    """Radio labels are translated; AppTest must still map values to them on later runs."""
    at = calc(lang="ja")
    at.radio(key="calculus.scheme").set_value("central").run()
    assert not at.exception
    at.run()
    assert not at.exception and at.radio(key="calculus.scheme").value == "central"
    assert at.radio(key="calculus.scheme").options[2] == "(f(x+h) − f(x−h)) / 2h"  # any language
    assert "中心差分" in at.radio(key="calculus.scheme").proto.captions[2]
