"""Playground side by side under AppTest: "Compare with…" trains a second network in lockstep
(same data and seed, one setting different), shows both heatmaps, both test losses and both
metrics, lives in the URL, and a bad link value is explained."""
import numpy as np

from actlib.nets.playground.session import build
from actlib.nets.playground.train import Hyper
from tests.app import conftest
from tests.app.conftest import figure
from tests.app.test_playground_page import press_play, step

PAGE = "views/playground.py"
K = "playground."


def open_page(**query):
    at = conftest.open_page(PAGE, **query)
    assert not at.exception, at.exception
    return at


def runs(at):
    return at.session_state[K + "trainer"][1], at.session_state[K + "trainer2"][1]


def param(at, name):
    got = at.query_params[name]
    return got[0] if isinstance(got, list) else got


def test_compare_off_is_one_network():
    at = open_page()
    assert at.selectbox(key=K + "cmp").value == "none"
    assert K + "trainer2" not in at.session_state
    assert [m.label for m in at.metric] == ["Epoch", "Training loss", "Test loss",
                                            "Test accuracy"]
    assert "cmp_to" not in at.query_params


def test_activation_compare_builds_a_relu_twin_in_lockstep():
    at = open_page()
    at.selectbox(key=K + "cmp").set_value("act").run()
    at.selectbox(key=K + "cmp_to.act").set_value("relu").run()
    assert not at.exception
    first, second = runs(at)
    assert [layer.activation for layer in first.spec.hidden] == ["tanh", "tanh"]
    assert [layer.activation for layer in second.spec.hidden] == ["relu", "relu"]
    assert second.spec.widths == first.spec.widths
    assert np.array_equal(second.data.train_x, first.data.train_x)       # the same points
    for p, q in zip(first.params, second.params):                         # the same start
        assert np.array_equal(p["W"], q["W"])
    step(at, 3)
    first, second = runs(at)
    assert first.epoch == second.epoch == 3
    assert first.history.test_loss != second.history.test_loss
    assert not at.metric                                  # one table row per network
    table = next(m.value for m in at.markdown if "| **Tanh** |" in m.value)
    assert table.splitlines()[0] == "| | Epoch | Training loss | Test loss | Test accuracy |"
    tanh_row, relu_row = table.splitlines()[2:]
    assert tanh_row.startswith("| **Tanh** | 3 |") and relu_row.startswith("| **ReLU** | 3 |")
    assert tanh_row != relu_row
    loss = figure(at, "playground_loss")["data"]
    assert [d["name"] for d in loss] == ["Tanh", "ReLU"]
    assert [d["line"]["dash"] for d in loss] == ["solid", "dash"]
    assert figure(at, "playground_output")["layout"]["title"]["text"] == "Tanh — epoch 3"
    assert figure(at, "playground_output_b")["layout"]["title"]["text"] == "ReLU — epoch 3"
    assert param(at, "cmp") == "act" and param(at, "cmp_to") == "relu"
    press_play(at)           # a frame: both move together
    at.run()
    first, second = runs(at)
    assert first.epoch == second.epoch > 3
    press_play(at)
    at.button(key=K + "reset_btn").click().run()
    assert runs(at)[0].epoch == runs(at)[1].epoch == 0


def test_the_link_restores_compare_mode():
    at = open_page(cmp="act", cmp_to="relu", data="spiral", epoch="4")
    assert at.selectbox(key=K + "cmp").value == "act"
    assert at.selectbox(key=K + "cmp_to.act").value == "relu"
    first, second = runs(at)
    assert first.epoch == second.epoch == 4
    assert [layer.activation for layer in second.spec.hidden] == ["relu", "relu"]
    assert param(at, "cmp") == "act" and param(at, "cmp_to") == "relu"
    # the same as stepping there by hand
    by_hand = step(open_page(cmp="act", cmp_to="relu", data="spiral"), 4)
    assert runs(by_hand)[1].history.test_loss == second.history.test_loss
    at.selectbox(key=K + "cmp").set_value("none").run()       # off: the first run stays
    assert K + "trainer2" not in at.session_state and at.session_state[K + "trainer"][1].epoch == 4
    assert "cmp_to" not in at.query_params and param(at, "cmp") == "none"


def test_bad_compare_values_fall_back_with_a_note():
    at = open_page(cmp="act", cmp_to="nonsense")
    assert at.selectbox(key=K + "cmp_to.act").value == "relu"
    assert "cmp_to=" in " ".join(w.value for w in at.warning)
    at = open_page(cmp="lr", cmp_to="0.07")
    assert at.selectbox(key=K + "cmp_to.lr").value == 0.1
    assert "cmp_to=" in " ".join(w.value for w in at.warning)
    at = open_page(cmp="height")
    assert at.selectbox(key=K + "cmp").value == "none"
    assert "cmp=" in " ".join(w.value for w in at.warning)


def test_learning_rate_compare_trains_the_twin_with_the_other_rate():
    at = step(open_page(cmp="lr", cmp_to="0.3"))
    first, second = runs(at)
    assert second.spec == first.spec
    fresh = build("circle", 500, 0.0, 0.5, 0, ("x1", "x2"), first.spec.hidden)
    fresh.run_epoch(Hyper(lr=0.3))
    for p, q in zip(second.params, fresh.params):
        assert np.array_equal(p["W"], q["W"]) and np.array_equal(p["b"], q["b"])
    same = build("circle", 500, 0.0, 0.5, 0, ("x1", "x2"), first.spec.hidden)
    same.run_epoch(Hyper(lr=0.03))
    assert np.array_equal(first.params[0]["W"], same.params[0]["W"])
    assert "lr 0.03 — epoch 1" == figure(at, "playground_output")["layout"]["title"]["text"]


def test_init_and_optimiser_compare():
    at = step(open_page(cmp="init", cmp_to="zeros"))
    first, second = runs(at)
    assert (first.spec.init, second.spec.init) == ("tf", "zeros")
    assert second.epoch == 1
    at.selectbox(key=K + "cmp").set_value("opt").run()
    at.selectbox(key=K + "cmp_to.opt").set_value("adam").run()
    first, second = runs(at)
    assert first.epoch == second.epoch == 0                   # a new comparison starts both
    step(at)
    assert "m" + "W" in second.state[0] and "mW" not in first.state[0]     # Adam's moments
    assert [d["name"] for d in figure(at, "playground_loss")["data"]] == ["SGD", "Adam"]


def test_the_twin_diverging_stops_only_it():
    at = open_page(data="plane", cmp="lr", cmp_to="3", epoch="0")
    step(at)
    first, second = runs(at)
    assert second.diverged is not None and first.diverged is None
    errors = " ".join(e.value for e in at.error)
    assert "lr 3:" in errors and "learning rate is too large" in errors
    assert "The other network trains on." in errors
    step(at, 2)
    first, second = runs(at)
    assert first.epoch == 3 and second.epoch == 0
    press_play(at)               # the first keeps playing
    assert at.session_state[K + "play"] and runs(at)[0].epoch > 3
    assert not at.exception


def test_korean_and_japanese_compare():
    for lang, title, label in (("ko", "ReLU — 0번째 에포크", "비교할 설정…"),
                               ("ja", "ReLU — 0 エポック目", "比較する設定…")):
        at = open_page(lang=lang, cmp="act", cmp_to="relu")
        assert figure(at, "playground_output_b")["layout"]["title"]["text"] == title, lang
        assert at.selectbox(key=K + "cmp").label == label
