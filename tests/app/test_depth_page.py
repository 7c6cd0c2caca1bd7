"""Depth page under AppTest: every section drawn from its defaults, every control changes
what is shown, the two training buttons, URL state with bad values, all three languages."""
import numpy as np
import pytest

from actlib.lessons.depth import born_dead, regions, signal
from actlib.figures import depth as figs

from tests.app.conftest import assert_valid_plain_spec, decode, figure, open_page, texts

PAGE = "views/depth.py"
CHARTS = ("depth_saw", "depth_width", "depth_regions", "depth_breaks", "depth_dead",
          "depth_hist_act", "depth_hist_grad", "depth_var")
QUICK = dict(dtrials="100", swidth="64", sdepth="6")      # light settings for control tests


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_opens_with_every_section_computed_and_the_papers_numbers(monkeypatch):
    built, plain = [], figs.plain_figure
    monkeypatch.setattr(figs, "plain_figure", lambda tr, la: built.append({"data": tr, "layout": la})
                        or plain(tr, la))
    at = open_page(PAGE)
    assert not at.exception, at.exception
    for key in CHARTS:
        assert_valid_plain_spec(figure(at, key))
    assert len(built) == len(CHARTS)
    assert metric(at, "Linear pieces") == "16" and metric(at, "2^k") == "16"
    said = texts(at)
    # the regions note quotes the library's counts at the page's seed
    means = [np.mean(regions.at_init(w, 50)) for w in regions.ARRANGEMENTS]
    assert "1×48, 3×16 and 6×8: " + ", ".join(f"{m:.1f}" for m in means) in said
    # born dead: width 2 at depth 5, 10, 20 as the library computes them, within 0.03 of Lu et al.
    table = born_dead.table(trials=2000)
    for d in (5, 10, 20):
        assert f"{table[0, d - 1]:.3f}" in said
        assert abs(table[0, d - 1] - born_dead.QUOTED[2][d]) <= 0.03
    spec = figure(at, "depth_dead")
    np.testing.assert_allclose(decode(spec["data"][0]["y"]), table[0], atol=1e-6)
    # signal: Glorot + ReLU halves the variance per layer, and the page says so
    assert "½·n·Var[w]" in [m.label for m in at.metric] and metric(at, "½·n·Var[w]") == "0.5"
    assert "Closed form: × 0.5 per layer" in said
    assert at.query_params["k"] == "4" and at.query_params["sinit"] == "glorot"
    assert at.query_params["dtrials"] == "2000"


def test_sawtooth_controls():
    at = open_page(PAGE, k="3", w="4", **QUICK)
    assert metric(at, "Linear pieces") == "8"
    at.slider(key="depth.k").set_value(6).run()
    assert not at.exception and metric(at, "Linear pieces") == "64"
    assert metric(at, "Units one layer needs") == "63"
    saw = figure(at, "depth_saw")
    assert len(decode(saw["data"][0]["x"])) == 65               # 2^6 pieces: 65 breakpoints
    at.slider(key="depth.w").set_value(70).run()
    assert "could represent the sawtooth exactly" in texts(at)
    assert at.query_params["k"] == "6" and at.query_params["w"] == "70"


def test_region_controls_and_training_button():
    at = open_page(PAGE, **QUICK)
    at.slider(key="depth.r_width").set_value(4).run()
    at.slider(key="depth.r_depth").set_value(3).run()
    at.selectbox(key="depth.r_act").set_value("leaky_relu").run()
    at.selectbox(key="depth.r_init").set_value("glorot").run()
    at.number_input(key="depth.r_bias").set_value(0.0).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0])[-1] == "yours 3×4"
    # zero biases: every net is positively homogeneous, two regions each
    assert list(table.iloc[:, 2]) == ["2.0 ± 0.0"] * 4
    assert figure(at, "depth_breaks")["layout"]["title"]["text"] == "One random 3×4 net: 2 regions"
    at.number_input(key="depth.r_bias").set_value(0.03).run()
    at.selectbox(key="depth.r_act").set_value("relu").run()
    at.button(key="depth.r_train").click().run()
    assert not at.exception, at.exception
    spec = figure(at, "depth_regions")
    assert [tr["name"] for tr in spec["data"] if tr["type"] == "box"] == [
        "at initialisation", "after training (8 seeds)"]
    assert "after training" in list(at.dataframe[0].value.columns)
    assert at.query_params["ract"] == "relu" and at.query_params["rinit"] == "glorot"
    assert at.query_params["rwidth"] == "4" and at.query_params["rdepth"] == "3"


def test_born_dead_controls():
    at = open_page(PAGE, **QUICK)
    at.selectbox(key="depth.d_act").set_value("leaky_relu").run()
    assert not at.exception and "no net here is exactly constant" in texts(at)
    at.selectbox(key="depth.d_act").set_value("relu").run()
    at.selectbox(key="depth.d_init").set_value("rai").run()
    said = texts(at)
    p10 = born_dead.table(trials=100, scheme="rai")[0, 9]
    assert f"depth 10 with probability {p10:.3f}" in said
    at.slider(key="depth.d_trials").set_value(200).run()
    assert figure(at, "depth_dead")["layout"]["title"]["text"] == "Share of nets born dead, 200 per point"
    assert at.query_params["dinit"] == "rai" and at.query_params["dtrials"] == "200"


def test_signal_controls_and_the_deep_training_run():
    at = open_page(PAGE, **QUICK)
    at.selectbox(key="depth.s_act").set_value("sigmoid").run()
    at.selectbox(key="depth.s_init").set_value("standard").run()
    assert not at.exception
    said = texts(at)
    r = signal.propagate("sigmoid", "standard", 64, 6)
    assert f"top layer's mean output is {r['mean_h'][-1]:.3f}" in said
    assert "Closed form" not in said                             # none for sigmoid
    at.selectbox(key="depth.s_act").set_value("relu").run()
    at.selectbox(key="depth.s_init").set_value("he").run()
    at.slider(key="depth.s_width").set_value(96).run()
    at.slider(key="depth.s_depth").set_value(8).run()
    assert metric(at, "½·n·Var[w]") == "1" and "× 1 per layer" in texts(at)
    var = figure(at, "depth_var")
    assert len(decode(var["data"][0]["y"])) == 8
    at.button(key="depth.s_train").click().run()
    assert not at.exception, at.exception
    run = signal.train_deep(epochs=8)
    g, h = run["loss"][:, -1]
    assert f"MSE **{g:.3g}** under Glorot and **{h:.3g}** under He" in texts(at)
    figure(at, "depth_train")
    sat = signal.sigmoid_saturation(epochs=10)
    assert f"from {sat['means'][0, -1]:.3f} at initialisation to {sat['means'][1, -1]:.3f}" in texts(at)
    assert_valid_plain_spec(figure(at, "depth_saturation"))
    assert at.query_params["sact"] == "relu" and at.query_params["swidth"] == "96"


def test_bad_url_values_fall_back_with_a_note():
    at = open_page(PAGE, k="99", sinit="orthogonal", rbias="-1", **QUICK)
    assert not at.exception
    notes = [w.value for w in at.warning]
    assert any("k=`99`" in n and "default 4" in n for n in notes)
    assert any("sinit=`orthogonal`" in n for n in notes)
    assert any("rbias=`-1`" in n for n in notes)
    assert metric(at, "Linear pieces") == "16"
    assert at.query_params["k"] == "4"


@pytest.mark.parametrize("lang, title", [("ko", "깊이와 초기화"), ("ja", "深さと初期化")])
def test_korean_and_japanese(lang, title):
    at = open_page(PAGE, lang=lang, **QUICK)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    for key in CHARTS:
        figure(at, key)


def test_a_failed_worker_is_a_message_and_the_page_goes_on(monkeypatch):
    import ui.training

    def broken(fn, /, **kwargs):
        raise RuntimeError("A process in the process pool was terminated abruptly")
    monkeypatch.setattr(ui.training, "run_in_worker", broken)
    at = open_page(PAGE, **QUICK)
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 3 and all("could not be computed" in e for e in errors)
    figure(at, "depth_regions")                 # computed here, not in a worker: still drawn
    assert "Depth buys pieces" in texts(at) and "Signal through depth" in texts(at)


def test_a_run_over_the_cpu_limit_is_a_message_and_the_other_sections_still_draw(monkeypatch):
    """Depth's runs share the class's workers under the same CPU limit as every training
    page (issue 14); a section whose run is stopped says why, and the page goes on."""
    import ui.training
    from actlib.offload import TooLong
    seen = []

    def over_the_limit(fn, /, **kwargs):
        seen.append(kwargs.get("cpu_limit"))
        raise TooLong(limit=kwargs["cpu_limit"])
    monkeypatch.setattr(ui.training, "run_in_worker", over_the_limit)
    at = open_page(PAGE, **QUICK)
    assert not at.exception, at.exception
    assert seen and all(limit == ui.training.RUN_CPU_LIMIT_S for limit in seen)
    errors = [e.value for e in at.error]
    assert len(errors) == 3 and all("more than 10 s of computing time" in e for e in errors)
    figure(at, "depth_regions")
    assert "Signal through depth" in texts(at)
