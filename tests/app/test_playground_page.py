"""Playground under AppTest: every control changes what is drawn, hyper-parameters keep the
run while data/network changes reset it, the URL restores a run, diverging training ends in
a message with the last finite picture, bad links and settings are explained."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app import conftest
from tests.app.conftest import decode, figure, texts

PAGE = "views/playground.py"
K = "playground."


def open_page(**query) -> AppTest:
    at = conftest.open_page(PAGE, **query)
    assert not at.exception, at.exception
    return at


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def epoch(at) -> int:
    return int(metric(at, "Epoch").replace(",", ""))


def points(at, name="training points"):
    data = figure(at, "playground_output")["data"]
    trace = next(d for d in data if d.get("name") == name)
    return decode(trace["x"]), decode(trace["y"])


def captions(at) -> str:
    """The pictures' captions (the network diagram says what each column is)."""
    return "\n".join(i.caption for img in at.get("image") for i in img.proto.imgs)


def image(at) -> str:
    return figure(at, "playground_output")["data"][0]["source"]


def press_play(at):
    """The Play switch flipped, as a click does (on: frames run; off: paused)."""
    switch = at.toggle(key=K + "play")
    return switch.set_value(not switch.value).run()


def step(at, times=1):
    for _ in range(times):
        at.button(key=K + "step_btn").click().run()
    assert not at.exception, at.exception
    return at


def test_opens_with_tf_defaults_drawn_at_epoch_zero():
    at = open_page()
    assert epoch(at) == 0
    x, _ = points(at)
    assert len(x) == 250                                  # 500 points, half for training
    assert image(at).startswith("data:image/png;base64,")
    pictures = [i.url for img in at.get("image") for i in img.proto.imgs]
    assert len(pictures) == 2 and all(u.startswith("data:image/jpeg;base64,") for u in pictures)
    assert at.selectbox(key=K + "lr").value == 0.03 and at.number_input(key=K + "batch").value == 10
    assert [at.selectbox(key=f"{K}a{i}").value for i in (1, 2)] == ["tanh", "tanh"]
    grads = figure(at, "playground_grads")["data"]
    assert [g["name"] for g in grads] == ["Layer 1", "Layer 2", "output"]


def test_step_trains_one_epoch_and_play_keeps_going():
    at = open_page()
    before = metric(at, "Training loss")
    step(at)
    assert epoch(at) == 1 and metric(at, "Training loss") != before
    press_play(at)           # play: each run is a frame
    assert at.session_state[K + "play"] and at.query_params["play"] in ("1", ["1"])
    first = epoch(at)
    at.run()
    assert epoch(at) > first > 1
    press_play(at)           # pause
    paused = epoch(at)
    at.run()
    assert epoch(at) == paused and not at.session_state[K + "play"]


def test_hyper_parameters_keep_the_run_structure_resets_it():
    at = step(open_page(), 3)
    for key, value in (("lr", 0.1), ("reg", "l2"), ("optimiser", "adam")):
        at.selectbox(key=K + key).set_value(value).run()
        assert epoch(at) == 3, key
    at.number_input(key=K + "batch").set_value(5).run()
    at.selectbox(key=K + "reg_rate").set_value(0.01).run()
    assert epoch(at) == 3
    step(at)
    assert epoch(at) == 4
    at.selectbox(key=K + "init").set_value("he").run()
    assert epoch(at) == 0


def test_data_controls():
    at = open_page()
    x0, y0 = points(at)
    at.slider(key=K + "train_share").set_value(80).run()
    assert len(points(at)[0]) == 400 and epoch(at) == 0
    at.slider(key=K + "points").set_value(200).run()
    assert len(points(at)[0]) == 160
    at.slider(key=K + "noise").set_value(30).run()
    at.number_input(key=K + "seed").set_value(9).run()
    x1, _ = points(at)
    assert not np.array_equal(x1, x0[:len(x1)])
    at.checkbox(key=K + "show_test").check().run()
    assert len(points(at, "test points")[0]) == 40
    before = image(at)
    at.checkbox(key=K + "discrete").check().run()
    assert image(at) != before
    at.selectbox(key=K + "dataset").set_value("plane").run()
    assert "Test accuracy" not in [m.label for m in at.metric]
    assert at.selectbox(key=K + "output").value == "linear_mse"
    at.selectbox(key=K + "dataset").set_value("spiral3").run()
    assert at.selectbox(key=K + "output").value == "softmax_ce"
    assert len(figure(at, "playground_output")["data"]) == 3     # picture, train, test
    step(at)
    assert not at.exception


def test_feature_toggles_and_network_shape():
    at = open_page()
    at.checkbox(key=K + "f.x1sq").check().run()
    at.checkbox(key=K + "f.sin2").check().run()
    assert "X₁, X₂, X₁², sin(X₂) → 4 × Tanh → 2 × Tanh → output" in captions(at)
    at.checkbox(key=K + "f.x1").uncheck().run()
    at.checkbox(key=K + "f.x2").uncheck().run()
    at.checkbox(key=K + "f.x1sq").uncheck().run()
    at.checkbox(key=K + "f.sin2").uncheck().run()
    assert "Switch on at least one input" in texts(at)
    at.checkbox(key=K + "f.x1").check().run()
    at.slider(key=K + "layers").set_value(3).run()
    assert [n.value for n in at.number_input if n.key.startswith(K + "u")] == [4, 2, 4]
    at.number_input(key=K + "u3").set_value(8).run()
    at.selectbox(key=K + "a3").set_value("elu").run()
    at.slider(key=K + "l3.elu.alpha").set_value(0.5).run()
    assert at.query_params["l3.alpha"] in ("0.5", ["0.5"])
    assert len(figure(at, "playground_grads")["data"]) == 4
    assert "→ 8 × ELU → output" in captions(at)
    at.selectbox(key=K + "unit").set_value("2.7").run()
    assert "layer 3, unit 8 (ELU)" in captions(at)
    at.slider(key=K + "layers").set_value(0).run()
    assert at.selectbox(key=K + "unit").value == "out"
    step(at)
    assert len(figure(at, "playground_grads")["data"]) == 1


def test_bad_activation_parameters_are_explained():
    at = open_page()
    at.selectbox(key=K + "a1").set_value("rrelu").run()
    at.slider(key=K + "l1.rrelu.lower").set_value(0.9).run()
    at.slider(key=K + "l1.rrelu.upper").set_value(0.1).run()
    assert not at.exception
    assert "do not fit together" in texts(at)


def test_url_round_trip_restores_a_paused_run():
    query = dict(data="xor", noise="10", train="60", seed="4", layers="3", u1="6", a1="relu",
                 u2="3", a2="sigmoid", u3="2", a3="leaky_relu", **{"l3.alpha": "0.2"},
                 lr="0.1", batch="7", reg="l1", rate="0.001", opt="momentum", init="glorot",
                 out="sigmoid_ce", x1sq="1", epoch="6")
    at = open_page(**query)
    assert epoch(at) == 6
    for name, value in query.items():
        got = at.query_params[name]
        assert (got[0] if isinstance(got, list) else got) == value, name
    # the same run by hand: open the settings at epoch 0 and step six times
    fresh = open_page(**{**query, "epoch": "0"})
    step(fresh, 6)
    assert metric(fresh, "Training loss") == metric(at, "Training loss")
    assert image(fresh) == image(at)


def test_bad_url_values_fall_back_with_a_note():
    at = open_page(lr="0.07", data="donut", layers="9")
    assert at.selectbox(key=K + "lr").value == 0.03
    assert at.selectbox(key=K + "dataset").value == "circle"
    notes = " ".join(w.value for w in at.warning)
    assert "lr=" in notes and "data=" in notes and "layers=" in notes


def test_diverging_training_stops_with_a_message_and_keeps_the_picture():
    at = open_page(data="plane", lr="3", epoch="0")
    before = image(at)
    step(at)
    errors = " ".join(e.value for e in at.error)
    assert "stopped at epoch 1" in errors and "learning rate is too large" in errors
    assert epoch(at) == 0 and image(at) == before
    assert np.isfinite(float(metric(at, "Training loss").replace("−", "-")))
    press_play(at)           # playing a stopped run switches itself off
    assert not at.exception and epoch(at) == 0
    assert not at.toggle(key=K + "play").value
    at.selectbox(key=K + "lr").set_value(0.01).run()
    at.button(key=K + "reset_btn").click().run()
    step(at)
    assert epoch(at) == 1 and not at.error


def test_korean_and_japanese():
    for lang, word in (("ko", "에포크"), ("ja", "エポック")):
        at = open_page(lang=lang)
        assert any(m.label == word for m in at.metric), lang


def test_tf_playground_link_import():
    at = step(open_page(), 2)
    link = ("https://playground.tensorflow.org/#activation=relu&batchSize=12&dataset=xor"
            "&learningRate=0.1&networkShape=5,3&seed=0.2&x=true&y=true&xTimesY=true"
            "&cosX=false&problem=classification&regularization=L1&regularizationRate=0.003")
    at.text_input(key=K + "tf_link").input(link).run()
    assert not at.exception
    assert at.selectbox(key=K + "dataset").value == "xor"
    assert at.selectbox(key=K + "lr").value == 0.1 and at.number_input(key=K + "batch").value == 12
    assert [at.number_input(key=f"{K}u{i}").value for i in (1, 2)] == [5, 3]
    assert [at.selectbox(key=f"{K}a{i}").value for i in (1, 2)] == ["relu", "relu"]
    assert at.checkbox(key=K + "f.x1x2").value and at.selectbox(key=K + "reg").value == "l1"
    assert epoch(at) == 0
    assert "no counterpart: cosX, seed" in texts(at)
    at.text_input(key=K + "tf_link").input("not a link").run()
    assert "not a TF Playground link" in texts(at)
    assert at.selectbox(key=K + "dataset").value == "xor"            # nothing changed


def test_export_offers_weights_and_script_without_rerunning():
    at = step(open_page(), 2)
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert {"Weights (JSON)", "PyTorch script"} <= set(buttons)   # beside each chart's CSV
    assert all(b.ignore_rerun for b in buttons.values())     # on_click="ignore"
    assert epoch(at) == 2


GOOD_CSV = "x1,x2,label\n" + "".join(
    f"{(i % 10) - 4.5},{(i // 10) - 4.5},{int((i % 10) > (i // 10))}\n" for i in range(100))


def test_own_csv_is_trained_on_and_a_bad_one_keeps_it():
    at = open_page()
    at.file_uploader(key=K + "upload").set_value(("mine.csv", GOOD_CSV.encode(), "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert any("mine.csv (100 points)" in s.value for s in at.success)
    x, y = points(at)
    assert len(x) == 50                                   # 100 rows, half for training
    assert set(np.round(np.asarray(x) * 2) % 2) == {1.0}  # the uploaded grid, not the circle
    step(at)
    at.file_uploader(key=K + "upload").set_value(
        ("bad.csv", b"1,2,1\n3,4,cat\n5,6,0\n7,8,1\n", "text/csv")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Line 2: the label “cat” is not a number. Use 0/1 (or −1/1) for two classes, "
        "or numbers for values to fit. Your previous data stay in use."]
    assert np.array_equal(points(at)[0], x) and epoch(at) == 1    # same data, same run


def test_bad_csv_first_keeps_the_data_set():
    at = open_page()
    circle = points(at)[0]
    at.file_uploader(key=K + "upload").set_value(("empty.csv", b"", "text/csv")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The file is empty. The chosen data set stays in use."]
    assert np.array_equal(points(at)[0], circle)


@pytest.mark.parametrize("wall, cpu, pause", [(0.05, 0.05, 0.0),     # quiet: never waited
                                              (3.00, 0.05, "most"),  # very busy: capped
                                              (0.12, 0.04, 0.08)])   # waited 80 ms
def test_a_frame_pauses_as_long_as_it_waited_for_the_cpu(monkeypatch, wall, cpu, pause):
    from ui import pacing as controls
    clock = {"wall": 10.0, "cpu": 2.0}
    slept = []
    monkeypatch.setattr(controls.time, "perf_counter", lambda: clock["wall"])
    monkeypatch.setattr(controls.time, "thread_time", lambda: clock["cpu"])
    monkeypatch.setattr(controls.time, "sleep", slept.append)
    started = controls.frame_clock()
    clock["wall"] += wall
    clock["cpu"] += cpu
    controls.pause_if_busy(started)
    if pause == "most":
        assert 0 < controls.MAX_PAUSE < wall - cpu       # this case really waited past the cap
        pause = controls.MAX_PAUSE
    assert slept == [pytest.approx(pause)]


def test_slow_pictures_are_redrawn_every_frame_unless_the_server_is_busy(monkeypatch):
    """A quiet server draws the curves every frame; a busy one (the last frame waited for
    the CPU) sends the last picture again for up to SLOW_SECONDS_BUSY, but a new run is
    drawn at once."""
    import streamlit as st
    from ui import pacing as controls
    clock = {"now": 100.0}
    monkeypatch.setattr(controls.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(controls, "_players", {})     # this session plays alone
    drawn = []

    def draw():
        drawn.append(clock["now"])
        return f"picture {len(drawn)}"

    def frame(version="run 1"):
        return controls.slow_picture("loss", version, draw)

    st.session_state[controls.K + "_busy"] = False
    assert [frame(), frame()] == ["picture 1", "picture 2"]        # quiet: every frame
    st.session_state[controls.K + "_busy"] = True
    clock["now"] += 0.4
    assert frame() == "picture 2"                                  # busy: sent again
    assert frame("run 2") == "picture 3"                           # a new run: drawn
    clock["now"] += controls.SLOW_SECONDS_BUSY
    assert frame("run 2") == "picture 4"                           # a second on: drawn
    assert len(drawn) == 4


@pytest.mark.parametrize("for_turn, for_cpu, pause, busy",
                         [(0.0, 0.0, 0.0, False), (0.0, 0.019, 0.019, False),
                          (0.0, 0.03, 0.03, True),
                          (0.3, 0.0, 0.0, True),      # queued for its turn: busy, no pause
                          (0.3, 0.01, 0.01, True)])
def test_a_frame_that_waited_marks_the_server_busy(monkeypatch, for_turn, for_cpu, pause, busy):
    """Queueing for the turn or waiting for the CPU marks the server busy; only the CPU wait
    inside the turn is paused for (the event loop runs while a frame waits its turn)."""
    import streamlit as st
    from ui import pacing as controls
    clock = {"wall": 10.0, "cpu": 2.0}
    slept = []
    monkeypatch.setattr(controls.time, "perf_counter", lambda: clock["wall"])
    monkeypatch.setattr(controls.time, "thread_time", lambda: clock["cpu"])
    monkeypatch.setattr(controls.time, "sleep", slept.append)
    asked = clock["wall"]
    clock["wall"] += for_turn
    started = controls.frame_clock(asked, queued=for_turn > 0)
    clock["wall"] += 0.05 + for_cpu
    clock["cpu"] += 0.05
    assert controls.pause_if_busy(started) == pytest.approx(for_turn + for_cpu)
    assert slept == [pytest.approx(pause)]
    assert st.session_state[controls.K + "_busy"] is busy


def test_frames_take_turns_and_a_stopped_frame_gives_its_turn_back():
    """At most FRAMES_AT_ONCE frames compute at once, the others queue (and know it); a frame
    ended by an exception (st.rerun, a stop) frees its turn."""
    import threading
    import time as clock
    from ui import pacing as controls
    inside, most, lock, queued = [0], [0], threading.Lock(), []

    def frame(fail: bool = False):
        try:
            with controls.frame_turn() as started:
                queued.append(started[3])
                with lock:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                clock.sleep(0.02)
                with lock:
                    inside[0] -= 1
                if fail:
                    raise RuntimeError("stopped")
        except RuntimeError:
            pass

    threads = [threading.Thread(target=frame, args=(i % 2 == 0,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert not any(thread.is_alive() for thread in threads)
    assert most[0] == controls.FRAMES_AT_ONCE
    assert queued.count(False) >= controls.FRAMES_AT_ONCE and True in queued
    with controls.frame_turn() as started:              # alone again: a free turn
        assert started[3] is False
    for _ in range(controls.FRAMES_AT_ONCE):         # every turn was given back
        assert controls._frame_turns.take() is False
    for _ in range(controls.FRAMES_AT_ONCE):
        controls._frame_turns.give_back()


def test_three_students_playing_on_one_server_make_it_busy(monkeypatch):
    """Frames shrink when BUSY_PLAYERS sessions play on this process; a session that drew no
    frame for PLAYING_WITHIN seconds no longer counts."""
    import streamlit as st
    from ui import pacing as controls
    clock = {"now": 50.0}
    monkeypatch.setattr(controls.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(controls, "_players", {})
    st.session_state[controls.K + "_busy"] = False

    def frame_of(session: str) -> bool:
        st.session_state[controls.K + "_player"] = session
        return controls.busy()

    assert controls.BUSY_PLAYERS == 3
    assert [frame_of("a"), frame_of("b"), frame_of("a")] == [False, False, False]
    assert frame_of("c") is True and controls.players_here() == 3
    clock["now"] += controls.PLAYING_WITHIN + 0.1
    assert frame_of("c") is False and controls.players_here() == 1   # a and b stopped
    st.session_state[controls.K + "_busy"] = True                     # other work: busy
    assert frame_of("c") is True


def test_the_session_keeps_no_function_of_the_page_run():
    """Labels and callbacks (Step, Reset, the TF link) live in ui modules: a closed tab's
    session keeps no function of the page script, so not the run's networks and data."""
    from tests.app.conftest import script_functions_kept
    at = open_page(layers="2")
    assert not at.exception
    kept = script_functions_kept(at)
    assert {k: v for k, v in kept.items() if k.startswith("playground")} == {}, kept


def test_turns_go_to_the_frames_in_the_order_they_asked():
    """A released turn goes to the longest waiter, never to a newcomer that asks later."""
    import threading
    import time as clock
    from ui.pacing import Turns
    turns, order = Turns(1), []
    assert turns.take() is False                       # held by "the frame now computing"

    def frame(name: str):
        assert turns.take() is True                    # all taken: it queues
        order.append(name)
        turns.give_back()

    waiting = []
    for name in "abcd":
        waiting.append(threading.Thread(target=frame, args=(name,)))
        waiting[-1].start()
        clock.sleep(0.03)                              # a asks first, d last
    turns.give_back()
    for thread in waiting:
        thread.join(timeout=5)
    assert order == list("abcd") and turns.free() == 1
    assert turns.take() is False                       # free again: no wait
