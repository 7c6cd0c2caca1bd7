"""Presenter mode and export: the spec transform, the CSV, file names, ?present=1 and ?hide=
on a page, and the presenter-link builder (ui/present.py, ui/export.py)."""
import copy
import csv
import io
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from actlib.figures.activations import overlay_figure
from tests.app.conftest import decode, figure, new_app
from ui.charts import function_chart
from ui.export import chart_config, chart_csv, file_stem
from ui.present import CHART_PX, LINE_MIN, LINE_SCALE, css_key, parse_hide, presenter_link, presenter_spec

LABELS = {"f": "f(x) = ELU", "df": "f′(x)", "flat": "flat", "x": "x"}


def rows_by_series(text: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        out.setdefault(row["series"], []).append(row)
    return out


# ---------------------------------------------------------------- presenter sizes
def test_presenter_spec_sets_every_text_size_and_thickens_lines():
    spec = function_chart("elu", {"alpha": 1.0}, -10.0, 10.0, LABELS)   # shared plain spec
    before = copy.deepcopy(spec)
    big = presenter_spec(spec)
    assert spec == before                                  # the shared chart is untouched
    lay = big["layout"]
    assert lay["xaxis"]["tickfont"]["size"] == CHART_PX["tick"] == lay["yaxis"]["tickfont"]["size"]
    assert lay["xaxis"]["title"]["font"]["size"] == CHART_PX["axis_title"]
    assert lay["xaxis"]["title"]["text"] == "x"
    assert lay["legend"]["font"]["size"] == CHART_PX["legend"]
    assert lay["legend"]["orientation"] == spec["layout"]["legend"]["orientation"]   # kept
    widths = [tr["line"]["width"] for tr in big["data"] if "line" in tr]
    assert widths == [3 * LINE_SCALE, max(2 * LINE_SCALE, LINE_MIN)]
    assert big["data"][0]["y"] is spec["data"][0]["y"]      # arrays shared, not copied
    assert big["data"][1]["line"]["dash"] == "dash"


def test_presenter_spec_on_a_go_figure_with_title_and_subplot_titles():
    fig = go.Figure(go.Scatter(x=[0, 1], y=[1, 2], mode="lines+markers", marker=dict(size=8)))
    fig.update_layout(title="Loss", xaxis2=dict(title=dict(text="epoch")),
                      annotations=[dict(text="left", font=dict(size=15))])
    big = presenter_spec(fig.to_dict())
    lay = big["layout"]
    assert lay["title"]["font"]["size"] == CHART_PX["title"] and lay["title"]["text"] == "Loss"
    assert lay["margin"]["t"] >= 80                          # the bigger title keeps its room
    assert lay["xaxis2"]["title"]["font"]["size"] == CHART_PX["axis_title"]
    assert lay["annotations"][0]["font"]["size"] == 21       # 15 × 1.4
    assert big["data"][0]["marker"]["size"] == 12 and big["data"][0]["line"]["width"] == LINE_MIN
    go.Figure(big)                                           # still a valid plotly figure


def test_presenter_spec_reaches_3d_axes_and_colour_bars():
    fig = go.Figure(go.Surface(z=np.ones((2, 2))))
    fig.update_layout(scene=dict(xaxis=dict(title=dict(text="x₁"))))
    big = presenter_spec(fig.to_dict())
    assert big["layout"]["scene"]["xaxis"]["tickfont"]["size"] == CHART_PX["tick"]
    assert big["data"][0]["colorbar"]["tickfont"]["size"] == CHART_PX["tick"]
    go.Figure(big)


# ---------------------------------------------------------------- the CSV
def test_csv_holds_the_traces_numbers():
    spec = function_chart("elu", {"alpha": 0.5}, -10.0, 10.0, LABELS)
    rows = rows_by_series(chart_csv(spec))
    assert list(rows) == ["f(x) = ELU", "f′(x)"]           # the legend-only "flat" entry has no data
    for i, name in enumerate(rows):
        x = decode(spec["data"][i]["x"])
        y = decode(spec["data"][i]["y"])
        assert len(rows[name]) == len(x) == 2001
        np.testing.assert_array_equal(np.array([r["x"] for r in rows[name]], dtype=np.float32), x)
        np.testing.assert_array_equal(np.array([r["y"] for r in rows[name]], dtype=np.float32), y)
    first = rows["f(x) = ELU"][0]
    assert (first["x"], float(first["y"])) == ("-10.0", pytest.approx(0.5 * np.expm1(-10), rel=1e-6))


def test_csv_of_an_evenly_spaced_grid_and_of_a_heatmap():
    x = np.linspace(-2, 2, 5)
    spec = overlay_figure(x, {"ReLU": np.maximum(x, 0)}, title="f", x_title="x").to_dict()
    assert "x0" in spec["data"][0]                           # sent as x0 + dx, not as points
    rows = rows_by_series(chart_csv(spec))["ReLU"]
    assert [float(r["x"]) for r in rows] == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert [float(r["y"]) for r in rows] == [0.0, 0.0, 0.0, 1.0, 2.0]
    heat = go.Figure(go.Heatmap(z=[[1, 2, 3], [4, 5, 6]], x=[10, 20, 30], y=[0.5, 1.5], name="h"))
    rows = list(csv.DictReader(io.StringIO(chart_csv(heat.to_dict()))))
    assert [(r["x"], r["y"], r["z"]) for r in rows] == [
        ("10", "0.5", "1"), ("20", "0.5", "2"), ("30", "0.5", "3"),
        ("10", "1.5", "4"), ("20", "1.5", "5"), ("30", "1.5", "6")]


def test_csv_of_categories_and_gaps():
    fig = go.Figure([go.Bar(x=["AND", "XOR"], y=[1.0, 0.75], name="accuracy"),
                     go.Scatter(x=[0, 1, None, 2], y=[0, 1, None, 3], name="line")])
    rows = rows_by_series(chart_csv(fig.to_dict()))
    assert [(r["x"], r["y"]) for r in rows["accuracy"]] == [("AND", "1.0"), ("XOR", "0.75")]
    assert [(r["x"], r["y"]) for r in rows["line"]] == [("0", "0"), ("1", "1"), ("2", "3")]


def test_file_names_and_png_size():
    assert file_stem("explorer", "elu", "alpha", 1.0) == "explorer-elu-alpha-1"
    assert file_stem("compare", "GELU (tanh)", 0.25) == "compare-gelu-tanh-0.25"
    assert file_stem("", "/") == "chart"
    png = chart_config("explorer-elu-alpha-1")["toImageButtonOptions"]
    assert png == {"format": "png", "filename": "explorer-elu-alpha-1", "width": 1920,
                   "height": 1080, "scale": 1}
    assert chart_config("x")["displaylogo"] is False


def test_hide_names_and_css_classes():
    assert parse_hide(" alpha, x,,alpha ") == ["alpha", "x"]
    assert parse_hide(None) == []
    assert css_key("elu.alpha") == "st-key-elu-alpha"
    link = presenter_link("http://host/relu", {"lang": "ko", "seed": "3", "present": "1"}, ["seed"])
    assert link == "http://host/relu?lang=ko&seed=3&present=1&hide=seed"


# ---------------------------------------------------------------- on a page
def _styles(at) -> str:
    """The page's presenter and hiding styles (the uploader's translated-text style, from
    ui/browser.py, also names a widget class and is left out)."""
    return "\n".join(el.proto.body for el in at.get("html")
                     if "stFileUploader" not in el.proto.body)


def _hidden(at) -> set[str]:
    """The widget classes that a `display: none` rule hides (other rules, such as the phone
    layout's, may name a keyed container too)."""
    selectors = re.findall(r"([^{}]+)\{[^}]*display:\s*none", _styles(at))
    return set(re.findall(r"\.(st-key-[\w-]+)", " ".join(selectors)))


def test_present_and_hide_on_the_explorer():
    at = new_app(present="1", hide="alpha", alpha="0.5")
    assert not at.exception
    assert ".st-key-elu-alpha { display: none" in _styles(at)
    assert "html { font-size: 20px; }" in _styles(at)
    assert at.slider(key="elu.alpha").value == 0.5           # hidden, yet its value applies
    f = decode(figure(at, "explorer_chart")["data"][0]["y"])
    assert f[0] == pytest.approx(0.5 * np.expm1(-10), abs=1e-6)
    assert dict(at.query_params) == {"lang": "en", "act": "elu", "x": "-10,10",
                                     "alpha": "0.5", "present": "1", "hide": "alpha",
                                     "probe": "1, -10, 0, 15, -20", "seed": "0",
                                     "grey": "luminance"}
    at.slider(key="explorer.x").set_value((-5.0, 5.0)).run()   # the URL keeps presenter mode
    assert at.query_params["present"] == "1" and at.query_params["hide"] == "alpha"


def test_unknown_hide_name_gets_a_note_and_hides_nothing():
    at = new_app(present="1", hide="nope")
    assert not at.exception
    notes = [w.value for w in at.warning if w.icon == "🔗"]
    assert any("`nope`" in n and "`alpha`" in n for n in notes), notes
    assert _hidden(at) == set()


def test_without_present_nothing_changes():
    at = new_app(hide="alpha")
    assert _hidden(at) == set() and "font-size: 20px" not in _styles(at)
    assert "present" not in at.query_params and "hide" not in at.query_params


def test_presenter_link_builder_follows_the_view():
    at = new_app(lang="ko")
    assert not at.sidebar.code                              # off: nothing drawn per move
    at.toggle(key="_present.tools_w").set_value(True).run()
    assert at.sidebar.code[0].value == ("?lang=ko&act=elu&x=-10,10&probe=1,+-10,+0,+15,+-20&seed=0"
                                         "&grey=luminance&alpha=1&present=1")
    at.slider(key="elu.alpha").set_value(0.3).run()
    at.multiselect(key="_present.pick.explorer").set_value(["alpha"]).run()
    assert at.sidebar.code[0].value == ("?lang=ko&act=elu&x=-10,10&probe=1,+-10,+0,+15,+-20"
                                         "&seed=0&grey=luminance&alpha=0.3&present=1&hide=alpha")
    at.toggle(key="_present.here_w").set_value(True).run()   # this screen into presenter mode
    assert at.query_params["present"] == "1"
    assert "font-size: 20px" in _styles(at)


def _chart_app():
    import plotly.graph_objects as go
    import streamlit as st

    from ui.export import show_chart
    show_chart(go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="s")), key="demo",
               file_name="demo-chart")


def test_show_chart_draws_the_chart_and_a_deferred_csv_button(monkeypatch):
    import ui.export
    built = []
    monkeypatch.setattr(ui.export, "chart_csv", lambda spec: built.append(spec) or "")
    at = AppTest.from_function(_chart_app).run()
    assert not at.exception
    chart = at.get("plotly_chart")[0].proto
    assert '"filename": "demo-chart"' in chart.config and '"width": 1920' in chart.config
    button = at.get("download_button")[0].proto
    assert button.label == "Data (CSV)"
    assert button.ignore_rerun                               # a download does not rerun the page
    assert button.HasField("deferred_file_id") and not button.url
    assert built == []                                       # no CSV until someone clicks


# ---------------------------------------------------------------- the README's lessons
def _readme_lessons():
    from tests.app.conftest import ROOT
    import re
    from urllib.parse import parse_qsl, urlsplit
    text = (ROOT / "README.md").read_text()
    section = text.split("## Teaching with it", 1)[1].split("\n## ", 1)[0]
    links = re.findall(r"\((http://localhost:8501/[^)\s]*)\)", section)
    return [(urlsplit(u).path.strip("/"), dict(parse_qsl(urlsplit(u).query))) for u in links]


PAGE_FILES = {"": None, "perceptron": "views/perceptron.py", "relu": "views/relu_approx.py",
              "playground": "views/playground.py"}


def test_readme_has_four_lessons_in_three_languages():
    lessons = _readme_lessons()
    assert len(lessons) == 12
    assert {q["lang"] for _, q in lessons} == {"en", "ko", "ja"}
    assert {p for p, _ in lessons} == set(PAGE_FILES)


@pytest.mark.parametrize("path,query", [l for l in _readme_lessons() if l[1]["lang"] == "ko"],
                         ids=lambda v: v if isinstance(v, str) else None)
def test_readme_lesson_link_opens_its_view_with_no_note(path, query):
    """Each lesson link opens its page with every value and hidden name accepted."""
    from tests.app.conftest import open_page
    query = dict(query)
    hides = query["hide"].split(",")
    if PAGE_FILES[path] is None:
        at = new_app(**query)
    else:
        assert query.pop("present") == "1"
        at = AppTest.from_file(str(__import__("tests.app.conftest", fromlist=["APP"]).APP),
                               default_timeout=120)
        at.session_state["_present"] = True          # what ?present=1 sets when a session starts
        at.run()
        for name in list(at.query_params):
            del at.query_params[name]
        at.session_state["lang"] = query.pop("lang")
        for name, value in query.items():
            at.query_params[name] = value
        at.switch_page(PAGE_FILES[path]).run()
    assert not at.exception
    assert [w.value for w in at.warning if w.icon == "🔗"] == []       # the URL notes' icon
    hidden = _hidden(at)                              # a set: a fragment may repeat a rule
    assert len(hidden) == len(hides) and at.query_params["hide"] == ",".join(hides)
    for name, value in query.items():
        if name not in ("present", "hide", "lang"):
            assert at.query_params[name] == value, name


# ---------------------------------------------------------------- the same in PyTorch, on the pages
def _python_code(at) -> list[str]:
    return [c.value for c in at.code if c.language == "python"]


def test_explorer_snippet_follows_the_sliders_and_the_probe_points():
    at = new_app()
    at.slider(key="elu.alpha").set_value(0.5).run()
    at.text_input(key="explorer.probe").set_value("1, -2").run()
    [code] = _python_code(at)
    assert "act = torch.nn.ELU(alpha=0.5)" in code
    assert "x = torch.tensor([1.0, -2.0], requires_grad=True)" in code
    compile(code, "snippet", "exec")


def test_compare_and_calculus_snippets():
    from tests.app.conftest import open_page
    at = open_page("views/compare.py", sel="relu,leaky_relu")
    [code] = _python_code(at)
    assert "torch.nn.ReLU()" in code and "torch.nn.LeakyReLU(negative_slope=0.01)" in code
    assert "print('Leaky ReLU')" in code
    compile(code, "snippet", "exec")
    at = open_page("views/calculus.py", act="tanh")
    [code] = _python_code(at)
    assert "torch.nn.Tanh()" in code and "y.sum().backward()" in code
