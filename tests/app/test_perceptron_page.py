"""Perceptron page under AppTest: opens trained and drawn, training follows every control,
the replay slider redraws the line, XOR's failure is shown, URL state and languages.

Numbers are checked against values computed here: the start weights straight from
default_rng(seed), the course's truth tables, the line equation."""
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from actlib.figures import common
from actlib.nets.datasets import GATE_INPUTS, GATES
from actlib.nets.perceptron import predict, train_perceptron
from tests.app import conftest
from tests.app.conftest import assert_valid_plain_spec, decode, figure, texts

PAGE = "views/perceptron.py"


def open_page(**query) -> AppTest:
    """The Perceptron page with `query` in its URL (see conftest.open_page)."""
    at = conftest.open_page(PAGE, **query)
    assert not at.exception, at.exception
    return at


def trace(at, key, name):
    return next(d for d in figure(at, key)["data"] if d.get("name") == name)


def line_points(at):
    """The decision line's two end points from the chart: ((x₁, x₁'), (x₂, x₂'))."""
    data = figure(at, "perceptron_line")["data"]
    line = next(d for d in data if d.get("mode") == "lines" and "4" in str(d["line"]["width"]))
    return decode(line["x"]).astype(float), decode(line["y"]).astype(float)


def start_weights(seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(2), rng.standard_normal(1)[0]


def test_opens_trained_and_drawn_with_the_course_defaults():
    at = open_page()
    for key in ("perceptron_line", "perceptron_curves", "perceptron_region",
                "perceptron_surface", "perceptron_success"):
        assert figure(at, key)["data"], key
        assert_valid_plain_spec(figure(at, key))      # built unvalidated, sent as plotly would
    # Predictions 0/1 in the two classes' tints: 0 is class 0's, 1 is class 1's.
    heat = figure(at, "perceptron_region")["data"][0]
    assert (heat["zmin"], heat["zmax"]) == (0, 1)
    assert heat["colorscale"][0][1] == common.ZERO_LIGHT
    assert heat["colorscale"][-1][1] == common.ONE_LIGHT
    assert at.selectbox(key="perceptron.gate").value == "AND"
    assert epoch_slider(at).value == 1000
    assert "learned AND" in texts(at)
    # The four points, coloured by the AND truth table.
    ones = trace(at, "perceptron_line", "y = 1 (True)")
    assert decode(ones["x"]).tolist() == [1.0] and decode(ones["y"]).tolist() == [1.0]
    # The 101×101 region after training: 1 only near (1, 1).
    region = decode(figure(at, "perceptron_region")["data"][0]["z"])
    assert region.shape == (101, 101)
    assert region[0, 0] == 0 and region[100, 100] == 1 and region[0, 100] == 0


def crosses_view(w, b):
    """Does w·x + b = 0 pass through the square [−0.25, 1.25]²? (sign change at corners)"""
    corners = np.array([[-0.25, -0.25], [1.25, -0.25], [-0.25, 1.25], [1.25, 1.25]])
    z = corners @ w + b
    return z.min() < 0 < z.max()


def test_replay_moves_the_line_back_to_the_random_start():
    seed = next(s for s in range(100) if crosses_view(*start_weights(s)))
    at = open_page(seed=seed)
    end = line_points(at)
    epoch_slider(at).set_value(0).run()
    assert not at.exception
    start = line_points(at)
    assert not np.allclose(start[0], end[0]) or not np.allclose(start[1], end[1])
    w, b = start_weights(seed)                 # this seed's draw, the course's N(0, 1) init
    for x1, x2 in zip(*start):
        assert abs(w[0] * x1 + w[1] * x2 + b) < 1e-9
    title = figure(at, "perceptron_line")["layout"]["title"]["text"]
    assert "epoch 0" in title
    curves = figure(at, "perceptron_curves")["layout"]["shapes"]
    assert all(s["x0"] == 1 for s in curves)    # the marker sits at the start


def epoch_slider(at):
    """The replay's epoch slider on screen: a disabled twin while playing, and after each
    replay one under a new key (views/perceptron.py says why)."""
    [slider] = [s for s in at.slider if s.key.startswith(("perceptron.epoch_slider_",
                                                           "perceptron.epoch_playing"))]
    return slider


def shown_epochs(at) -> dict:
    """The epoch each view of the replay shows: slider, chart titles, the curves' marker."""
    def number(text):
        return int(re.search(r"(?:epoch|에포크|エポック) (\d+)", text).group(1))
    curves = figure(at, "perceptron_curves")["layout"]
    slider = epoch_slider(at)
    assert slider.disabled == at.toggle(key="perceptron.playing").value
    return dict(slider=slider.value,
                line=number(figure(at, "perceptron_line")["layout"]["title"]["text"]),
                marker=curves["shapes"][0]["x0"], marker_text=number(
                    curves["annotations"][0]["text"]),
                region=number(figure(at, "perceptron_region")["layout"]["title"]["text"]),
                surface=number(figure(at, "perceptron_surface")["layout"]["title"]["text"]))


def assert_all_at(at, epoch):
    shown = shown_epochs(at)
    assert shown == dict(slider=epoch, line=epoch, marker=max(epoch, 1), marker_text=epoch,
                         region=epoch, surface=epoch), shown


def test_replay_play_pause_and_step_drive_every_view():
    """One control drives the slider, both chart titles, the accuracy marker, the grid and the
    3-D view. (AppTest runs the whole page per .run(); each run while playing is one frame.)"""
    at = open_page(epochs=100, epoch=0)
    at.select_slider(key="perceptron.speed").set_value(10).run()     # epochs per frame
    assert_all_at(at, 0)
    at.toggle(key="perceptron.playing").set_value(True).run()
    assert_all_at(at, 10)
    at.run()
    assert_all_at(at, 20)
    # the grid is epoch 20's model: its corners are that model's answers at the four inputs
    run = train_perceptron(*GATES["AND"], lr=0.01, threshold=0.0, epochs=100, seed=0)
    region = decode(figure(at, "perceptron_region")["data"][0]["z"])
    corners = [region[0, 0], region[0, 100], region[100, 0], region[100, 100]]
    assert corners == predict(run.weights[20], run.bias[20], GATE_INPUTS).tolist()
    at.toggle(key="perceptron.playing").set_value(False).run()        # pause
    assert_all_at(at, 20)
    at.run()
    assert_all_at(at, 20)                                             # paused: it stays
    at.button(key="perceptron.forward").click().run()
    assert_all_at(at, 21)
    at.button(key="perceptron.back").click().run()
    at.button(key="perceptron.back").click().run()
    assert_all_at(at, 19)
    assert at.query_params["epoch"] == "19"                           # the link follows


def test_replay_stops_at_the_end_and_play_starts_again():
    at = open_page(epochs=30, epoch=25)
    at.select_slider(key="perceptron.speed").set_value(50).run()
    at.toggle(key="perceptron.playing").set_value(True).run()
    assert_all_at(at, 30)
    assert not at.toggle(key="perceptron.playing").value              # switched off
    at.run()
    assert_all_at(at, 30)                                             # stopped at the end
    at.select_slider(key="perceptron.speed").set_value(1).run()
    at.toggle(key="perceptron.playing").set_value(True).run()
    assert_all_at(at, 1)                                              # from the start again
    assert at.toggle(key="perceptron.playing").value
    at.button(key="perceptron.back").click().run()                    # a step pauses
    assert_all_at(at, 0)
    assert not at.toggle(key="perceptron.playing").value


def test_a_start_without_a_line_in_view_says_so():
    seed = next(s for s in range(100) if not crosses_view(*start_weights(s)))
    at = open_page(seed=seed, epoch=0)
    layout = figure(at, "perceptron_line")["layout"]
    assert "No boundary in view" in layout["annotations"][0]["text"]
    assert layout["annotations"][0]["visible"] is True
    region = decode(figure(at, "perceptron_region")["data"][0]["z"])
    assert np.unique(region).size == 1                      # one answer everywhere


def test_switching_to_xor_shows_the_failure():
    at = open_page()
    at.selectbox(key="perceptron.gate").set_value("XOR").run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "XOR cannot be learned" in warning and "0.75" in warning
    accuracy = decode(trace(at, "perceptron_curves", "accuracy")["y"])
    assert accuracy.shape == (1000,) and accuracy.max() <= 0.75
    assert "0.75: the best one line can do" in [d.get("name") for d in
                                                 figure(at, "perceptron_curves")["data"]]
    ones = trace(at, "perceptron_line", "y = 1 (True)")
    assert sorted(zip(decode(ones["x"]), decode(ones["y"]))) == [(0.0, 1.0), (1.0, 0.0)]


def test_every_training_control_retrains():
    at = open_page(epochs=300)
    base = line_points(at)
    for key, value in (("perceptron.seed", 5), ("perceptron.lr", 0.3),
                       ("perceptron.threshold", 0.5)):
        fresh = open_page(epochs=300)
        widget = fresh.number_input(key=key) if key != "perceptron.threshold" \
            else fresh.slider(key=key)
        widget.set_value(value).run()
        assert not fresh.exception
        moved = line_points(fresh)
        assert not (np.allclose(moved[0], base[0]) and np.allclose(moved[1], base[1])), key


def test_fewer_epochs_pull_the_replay_slider_along():
    at = open_page()
    at.slider(key="perceptron.epochs").set_value(50).run()
    assert not at.exception
    assert epoch_slider(at).value == 50
    assert decode(trace(at, "perceptron_curves", "accuracy")["y"]).shape == (50,)


def test_success_rates_for_every_gate_in_one_run():
    at = open_page(seeds=100)
    bars = figure(at, "perceptron_success")["data"][0]
    assert list(bars["x"]) == list(GATES)
    rates = decode(bars["y"]).astype(float)
    assert np.all(rates[:4] == 100) and np.all(rates[4:] == 0)
    assert "no seed ever gets all four points right" in texts(at)


def test_url_opens_exactly_that_view_and_bad_values_are_noted():
    at = open_page(gate="OR", epoch=3, epochs=200, seed=7)
    assert at.selectbox(key="perceptron.gate").value == "OR"
    assert epoch_slider(at).value == 3
    assert "epoch 3" in figure(at, "perceptron_line")["layout"]["title"]["text"]
    bad = open_page(gate="MAYBE", lr="-1")
    notes = " ".join(w.value for w in bad.warning)
    assert "MAYBE" in notes and "lr=" in notes and "-1" in notes
    assert bad.selectbox(key="perceptron.gate").value == "AND"


def test_counts_are_worded_in_singular_and_plural():
    at = open_page(gate="XOR", seeds=10)                 # seed 0: at least 1 mistake per epoch
    warning = " ".join(w.value for w in at.warning)
    assert "at least 1 point," in warning and "(s)" not in warning
    at = open_page(gate="XOR", epochs=1, seeds=10)       # one epoch, two mistakes in it
    warning = " ".join(w.value for w in at.warning)
    assert "In 1 epoch the accuracy" in warning and "at least 2 points," in warning
    assert "after 1 epoch" in figure(at, "perceptron_success")["layout"]["title"]["text"]
    at = open_page(epochs=1, seeds=10)
    assert "After 1 epoch not all four points" in " ".join(i.value for i in at.info)
    ko = open_page(gate="XOR", lang="ko", seeds=10)
    assert "1 에포크" not in " ".join(w.value for w in ko.warning)      # 1000 에포크 동안
    assert "적어도 1개의 점을" in " ".join(w.value for w in ko.warning)
    ja = open_page(gate="XOR", lang="ja", seeds=10)
    assert "少なくとも 1 点を" in " ".join(w.value for w in ja.warning)


@pytest.mark.parametrize("typed, gate", [("xor", "XOR"), ("Or", "OR"), ("nor", "NOR")])
def test_gate_names_in_the_url_in_any_case(typed, gate):
    at = open_page(gate=typed, seeds=10)
    assert at.selectbox(key="perceptron.gate").value == gate
    assert not [w.value for w in at.warning if "gate=" in w.value]     # no "bad value" note
    assert at.query_params["gate"] == gate


@pytest.mark.parametrize("lang, word", [("ko", "퍼셉트론"), ("ja", "パーセプトロン")])
def test_translated(lang, word):
    at = open_page(lang=lang, gate="XOR")
    assert word in at.title[0].value
    assert "cannot" not in texts(at)
    names = [d.get("name") for d in figure(at, "perceptron_line")["data"]]
    assert "y = 1 (True)" not in names
