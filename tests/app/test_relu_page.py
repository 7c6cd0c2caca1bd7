"""ReLU approximation page under AppTest: opens with the course experiment run, controls
retrain, URL state, bad input, and a conclusion that follows the numbers."""
import copy
import json
import re

import numpy as np

from actlib.nets import approx
from actlib.figures import approx as figs

from tests.app.conftest import (assert_valid_plain_spec, decode, figure, open_page,
                                script_functions_kept, texts)

PAGE = "views/relu_approx.py"
QUICK = dict(epochs="5", seeds="2")            # enough to exercise the page, fast to train


def new_app(page, **query):
    """`page` with `query` in its URL (see conftest.open_page)."""
    return open_page(page, **query)


def seed_lines(at, panel_axis: str) -> int:
    """How many thin per-seed lines the fits figure draws in one panel."""
    spec = figure(at, "relu_fits")
    return sum(1 for tr in spec["data"] if tr.get("xaxis", "x") == panel_axis
               and tr.get("opacity") == 0.25)


def test_opens_with_the_course_experiment_already_run():
    at = new_app(PAGE)
    assert not at.exception, at.exception
    for key in ("relu_fits", "relu_hinges", "relu_loss", "relu_mse", "relu_dead",
                "relu_yarotsky", "relu_sweep"):
        figure(at, key)
    assert seed_lines(at, "x") == seed_lines(at, "x2") == 8
    # the page's numbers are the library's numbers for the course settings
    fit = approx.fit_parallel_vs_serial(seeds=range(8))
    said = texts(at)
    p = np.median(fit["parallel"].mse)
    assert f"{p:,.0f}" in said and "Parallel (6) wins this run" in said
    assert "Parallel (6) has 19, Serial (2-2-2) has 19" in said
    mse = figure(at, "relu_mse")
    points = np.concatenate([decode(tr["y"]) for tr in mse["data"]
                             if tr.get("mode") == "markers"])
    np.testing.assert_allclose(np.sort(points), np.sort(np.concatenate(
        [fit["parallel"].mse, fit["serial"].mse])), rtol=1e-6)
    assert at.query_params["seeds"] == "8" and at.query_params["target"] == "x2"


def test_every_chart_is_a_valid_plotly_figure(monkeypatch):
    """The builders skip plotly's validation for speed: every chart must be what the
    validating constructor makes of it. Checked as the page sends them, and as the builders
    wrote them: plotly's constructor expands a trace shorthand (line_width) even unvalidated,
    so only the builders' own dicts still show one."""
    built, plain_figure = [], figs.plain_figure

    def recording(traces, layout):
        built.append(copy.deepcopy({"data": traces, "layout": layout}))
        return plain_figure(traces, layout)

    monkeypatch.setattr(figs, "plain_figure", recording)
    at = new_app(PAGE)
    assert not at.exception, at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == len(built) == 7
    for spec in [*built, *(json.loads(chart.proto.spec) for chart in charts)]:
        assert_valid_plain_spec(spec)


def test_changing_seeds_and_pressing_train_retrains():
    at = new_app(PAGE, **QUICK)
    assert seed_lines(at, "x") == 2
    at.slider(key="relu.seeds").set_value(3)
    at.button(key="relu.train").click().run()
    assert not at.exception
    assert seed_lines(at, "x") == seed_lines(at, "x2") == 3
    assert at.query_params["seeds"] == "3"


def test_switching_target_draws_the_new_curve():
    at = new_app(PAGE, **QUICK)
    at.selectbox(key="relu.target").set_value("abs")
    at.button(key="relu.train").click().run()
    assert not at.exception
    spec = figure(at, "relu_fits")
    clean = next(tr for tr in spec["data"] if tr.get("line", {}).get("dash") == "dash")
    x, y = decode(clean["x"]).astype(float), decode(clean["y"]).astype(float)
    np.testing.assert_allclose(y, np.abs(x), atol=1e-5)
    assert "y = |x|" in spec["layout"]["title"]["text"] and at.query_params["target"] == "abs"


def test_url_opens_exactly_that_view_and_bad_values_fall_back_with_a_note():
    at = new_app(PAGE, epochs="3", seeds="2", target="sin", activation="tanh", serial="3,3",
                 lr="0.01")
    assert not at.exception
    assert at.selectbox(key="relu.target").value == "sin"
    assert at.selectbox(key="relu.activation").value == "tanh"
    assert at.text_input(key="relu.serial").value == "3,3"
    assert "curved" in texts(at)                         # tanh nets have no kinks to count
    at = new_app(PAGE, epochs="3", seeds="999", parallel="zero")
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "999" in notes and "zero" in notes
    assert at.slider(key="relu.seeds").value == 8


def test_bad_widths_give_a_clear_message_not_a_traceback():
    at = new_app(PAGE, **QUICK)
    at.text_input(key="relu.serial").set_value("2,0,2")
    at.button(key="relu.train").click().run()
    assert not at.exception
    assert any("Widths must be" in e.value for e in at.error)
    assert not at.get("plotly_chart")


def test_the_conclusion_flips_when_serial_is_given_more_width():
    at = new_app(PAGE, epochs="40", seeds="3", parallel="1", serial="8,8,8")
    assert not at.exception
    said = texts(at)
    assert "Serial (8-8-8) wins this run" in said and "Parallel (1) wins" not in said
    assert re.search(r"Parallel \(1\) has 4, Serial \(8-8-8\) has 169", said)


def test_korean_conclusions_are_computed_and_translated():
    at = new_app(PAGE, lang="ko", **QUICK)
    assert not at.exception
    verdict = " ".join(s.value for s in [*at.success, *at.info])
    assert re.search(r"[\uac00-\ud7a3]", verdict) and "2개 시드" in verdict


def test_the_session_keeps_no_function_of_the_page_run():
    """The select boxes' labels come from dicts, so a closed tab's session (kept 2 minutes for
    a reconnect) does not keep the run's fit and figures (~3 MiB each) alive."""
    at = new_app(PAGE, **QUICK)
    assert not at.exception, at.exception
    assert at.selectbox(key="relu.activation").format_func("gelu") == "GELU"
    assert at.selectbox(key="relu.target").format_func("x2") == f"y = {approx.TARGETS['x2'][0]}"
    kept = script_functions_kept(at)
    assert {k: v for k, v in kept.items() if k.startswith("relu")} == {}, kept
