"""Explorer under AppTest: opens drawn, every kind of control changes what is drawn."""
import io
import re

import numpy as np
import pytest
from PIL import Image

from actlib.activations import REGISTRY
from tests.app.conftest import assert_valid_plain_spec, decode, figure, new_app, texts

CHARTS = ("explorer_chart", "explorer_hist", "explorer_photo_before", "explorer_photo_after")


def curves(at):
    spec = figure(at, "explorer_chart")
    return decode(spec["data"][0]["x"]), decode(spec["data"][0]["y"]), decode(spec["data"][1]["y"])


def test_opens_on_elu_with_the_course_grid_drawn():
    at = new_app()
    assert not at.exception
    x, f, df = curves(at)
    assert x[0] == -10 and x[-1] == 10 and 0.0 in x and len(x) == 2001
    elu = REGISTRY["elu"]
    np.testing.assert_allclose(f, elu.fn(x.astype(float)), atol=1e-6)
    np.testing.assert_allclose(df, elu.grad(x.astype(float)), atol=1e-6)
    assert at.slider(key="elu.alpha").value == 1.0
    assert at.selectbox(key="explorer.act").value == "elu"
    assert elu.latex in texts(at) and elu.grad_latex in texts(at)      # ELU's formulas shown


def test_alpha_slider_redraws_f_and_f_prime():
    at = new_app()
    at.slider(key="elu.alpha").set_value(0.5).run()
    x, f, df = curves(at)
    assert f[0] == pytest.approx(-0.5 * (1 - np.exp(-10)), abs=1e-6)   # ELU(−10) = α(e⁻¹⁰ − 1)
    assert df[0] == pytest.approx(0.5 * np.exp(-10), abs=1e-6)


@pytest.mark.parametrize("key", list(REGISTRY))
def test_every_activation_draws_with_its_own_defaults(key):
    at = new_app()
    at.selectbox(key="explorer.act").set_value(key).run()
    assert not at.exception and not at.get("error")
    act = REGISTRY[key]
    for p in act.params:
        assert at.slider(key=f"{key}.{p.name}").value == pytest.approx(p.default)
    x, f, _ = curves(at)
    np.testing.assert_allclose(f, act.fn(x.astype(float)), atol=1e-5, rtol=1e-6)
    # The figures are built as plain specs (no validation, for speed): plotly's validating
    # constructor must accept every one the page sends.
    for chart in CHARTS:
        assert_valid_plain_spec(figure(at, chart))


def test_switching_activation_keeps_each_ones_own_alpha():
    at = new_app()
    at.slider(key="elu.alpha").set_value(2.0).run()
    at.selectbox(key="explorer.act").set_value("leaky_relu").run()
    assert at.slider(key="leaky_relu.alpha").value == pytest.approx(0.01)


def test_x_range_changes_the_grid():
    at = new_app()
    at.slider(key="explorer.x").set_value((-3.0, 4.0)).run()
    x, _, _ = curves(at)
    assert x[0] == -3 and x[-1] == 4


def test_url_opens_that_view_in_korean():
    at = new_app(act="leaky_relu", alpha="1.5", lang="ko")
    assert not at.exception
    assert at.slider(key="leaky_relu.alpha").value == 1.5
    x, f, _ = curves(at)
    assert f[0] == pytest.approx(-15.0)            # where(), not max(): α·x for x = −10
    assert "탐색기" in texts(at)
    hist = figure(at, "explorer_hist")                # the charts speak Korean too
    assert hist["layout"]["yaxis"]["title"]["text"] == "빈도"
    assert all(re.search("[가-힣]", a["text"]) for a in hist["layout"]["annotations"])


@pytest.mark.parametrize("query", [{"act": "nope"}, {"alpha": "abc"}, {"alpha": "nan"},
                                   {"alpha": "1e308"}, {"x": "5,-5"}, {"lang": "xx"}])
def test_bad_url_values_fall_back_with_a_visible_note(query):
    at = new_app(**query)
    assert not at.exception
    assert at.selectbox(key="explorer.act").value in REGISTRY
    assert at.warning, "a note must say the link's value was not used"


def probe_rows(at) -> list[list[float]]:
    """The probe table's rows (x, f(x), f′(x)) read back from its Markdown."""
    [table] = [m.value for m in at.markdown if m.value.startswith("| x | f(x) | f′(x) |")]
    number = lambda cell: float(cell.replace("−", "-").replace("∞", "inf"))  # noqa: E731
    return [[number(cell) for cell in row.strip("| ").split(" | ")]
            for row in table.splitlines()[2:]]


def test_probe_table_shows_the_course_values():
    at = new_app()
    at.selectbox(key="explorer.act").set_value("relu").run()
    assert probe_rows(at) == [[1, 1, 1], [-10, 0, 0], [0, 0, 0], [15, 15, 1], [-20, 0, 0]]
    # ReLU′(0) = 0 as PyTorch; and the numbers follow the activation and its parameters:
    at.selectbox(key="explorer.act").set_value("elu").run()
    at.slider(key="elu.alpha").set_value(0.5).run()
    elu = REGISTRY["elu"]
    for x, f, df in probe_rows(at):
        assert f == pytest.approx(elu.fn(np.array(x), alpha=0.5), rel=1e-5, abs=1e-12)
        assert df == pytest.approx(elu.grad(np.array(x), alpha=0.5), rel=1e-5, abs=1e-12)


def test_bad_probe_input_says_why():
    at = new_app()
    at.text_input(key="explorer.probe").set_value("1, two, 3").run()
    assert not at.exception
    assert any("two" in e.value for e in at.error)


def test_kink_convention_is_stated():
    at = new_app()
    at.selectbox(key="explorer.act").set_value("relu").run()
    assert any("PyTorch" in i.value and "0" in i.value for i in at.info)


def test_rrelu_with_lower_above_upper_explains_instead_of_crashing():
    at = new_app()
    at.selectbox(key="explorer.act").set_value("rrelu").run()
    at.slider(key="rrelu.lower").set_value(0.9).run()
    assert not at.exception
    assert [e.value for e in at.error if "upper" in e.value] != []
    below = [c.value for c in at.caption if "parameters above" in c.value]
    assert len(below) == 3                   # the probe table, histogram and photo point to it
    at.slider(key="rrelu.lower").set_value(0.1).run()
    assert not at.error


def test_histogram_seed_changes_the_samples():
    at = new_app()
    before = figure(at, "explorer_hist")
    at.number_input(key="explorer.seed").set_value(7).run()
    assert figure(at, "explorer_hist") != before


def _png(mode="L", size=(40, 30)):
    buf = io.BytesIO()
    Image.new(mode, size, 200).save(buf, "PNG")
    return buf.getvalue()


def test_upload_replaces_the_photo_and_a_bad_upload_keeps_it():
    at = new_app()
    bundled = figure(at, "explorer_photo_before")
    at.file_uploader(key="explorer.upload").set_value(("grey.png", _png(), "image/png")).run()
    assert not at.exception and not at.error
    mine = figure(at, "explorer_photo_before")
    assert mine != bundled
    at.file_uploader(key="explorer.upload").set_value(("bad.png", b"not an image", "image/png")).run()
    assert not at.exception
    assert at.error, "a bad upload must say what is wrong"
    assert figure(at, "explorer_photo_before") == mine


def test_channel_switch_redraws_the_photo():
    at = new_app()
    before = figure(at, "explorer_photo_before")
    at.radio(key="explorer.channel").set_value("first").run()
    assert figure(at, "explorer_photo_before") != before


def _gradient_png(angle: int) -> bytes:
    buf = io.BytesIO()
    Image.linear_gradient("L").resize((40, 30)).rotate(angle).save(buf, "PNG")
    return buf.getvalue()


def test_charts_shared_between_students_only_when_everything_shown_is_the_same():
    """ui/charts caches each chart for every session: one student's upload, parameters or
    language must never show up in another student's page."""
    plain = new_app()
    first, second = new_app(), new_app()
    for at, angle in ((first, 0), (second, 90)):
        at.file_uploader(key="explorer.upload").set_value(
            (f"g{angle}.png", _gradient_png(angle), "image/png")).run()
        assert not at.exception and not at.error
    photos = [figure(at, "explorer_photo_before") for at in (plain, first, second)]
    assert photos[0] != photos[1] and photos[1] != photos[2] and photos[0] != photos[2]
    assert figure(new_app(), "explorer_photo_before") == photos[0]   # still the bundled photo
    first.slider(key="elu.alpha").set_value(0.3).run()
    assert figure(first, "explorer_chart") != figure(plain, "explorer_chart")
    assert figure(second, "explorer_chart") == figure(plain, "explorer_chart")
    korean = new_app(lang="ko")
    title = lambda at: figure(at, "explorer_photo_after")["layout"]["title"]["text"]  # noqa: E731
    assert title(korean) != title(plain) and re.search("[가-힣]", title(korean))


def test_chart_caches_stay_within_their_size_and_drop_the_least_recently_used():
    """What keeps a day of classes from growing the server's memory (ui/charts.py)."""
    from ui.charts import SharedCharts
    cache, builds = SharedCharts(2), []

    def chart(name):
        return cache.get((name,), lambda: builds.append(name) or {"name": name})

    assert chart("a") == {"name": "a"} and chart("b") == {"name": "b"}
    assert chart("a") is chart("a")                  # a hit is the same object, not rebuilt
    chart("c")                                       # b is the least recently used: it goes
    assert len(cache) == 2 and builds == ["a", "b", "c"]
    chart("a")
    chart("b")
    assert builds == ["a", "b", "c", "b"]
