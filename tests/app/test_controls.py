"""Declared page controls: the URL and the widget come from one declaration."""
from streamlit.testing.v1 import AppTest

from ui.controls import Control
from ui.parsers import parse_choice, parse_choices


def _page():
    import streamlit as st

    from ui.controls import Control, Controls
    from ui.urlstate import PageUrl

    st.session_state.setdefault("lang", "en")
    controls = Controls(
        Control.slider("lr", "demo.lr", 0.01, 1e-4, 1.0, 0.005),
        Control.slider("epochs", "demo.epochs", 100, 1, 500),
        Control.select("gate", "demo.gate", "AND", ["AND", "OR", "XOR"]),
        Control.toggle("all", "demo.all", False),
        Control.range("x", "demo.x", (-5, 5), -20.0, 20.0, 0.5),
        Control.multiselect("sel", "demo.sel", ["relu"], ["relu", "elu", "tanh"]),
        Control.select_slider("speed", "demo.speed", 10, (1, 2, 5, 10, 20)),
    )
    url = PageUrl("demo")
    ctl = controls.seed(url)
    url.show_notes()
    ctl.widget("lr")
    ctl.widget("epochs", high=200)
    ctl.widget("gate")
    ctl.widget("all")
    ctl.widget("x")
    ctl.widget("sel")
    ctl.widget("speed")
    url.sync()


def _run(**query) -> AppTest:
    at = AppTest.from_function(_page, default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def test_url_values_reach_the_widgets():
    at = _run(lr="0.3", gate="xor", all="1", x="-2,3", sel="tanh,ELU", speed="5")
    assert not at.exception
    assert at.slider(key="demo.lr").value == 0.3
    assert at.selectbox(key="demo.gate").value == "XOR"       # any case
    assert at.toggle(key="demo.all").value is True
    assert at.slider(key="demo.x").value == (-2.0, 3.0)
    assert at.multiselect(key="demo.sel").value == ["tanh", "elu"]
    assert at.select_slider(key="demo.speed").value == 5             # options that are ints
    assert at.warning == []


def test_a_value_the_widget_would_refuse_falls_back_with_a_note():
    at = _run(lr="7", epochs="abc", speed="3")
    assert not at.exception
    assert at.slider(key="demo.lr").value == 0.01
    assert at.slider(key="demo.epochs").value == 100
    assert at.select_slider(key="demo.speed").value == 10
    notes = " ".join(w.value for w in at.warning)
    assert "lr" in notes and "epochs" in notes and "speed" in notes


def test_widget_changes_are_written_back_to_the_url():
    at = _run()
    at.slider(key="demo.lr").set_value(0.25).run()
    at.selectbox(key="demo.gate").set_value("OR").run()
    at.multiselect(key="demo.sel").set_value(["elu", "relu"]).run()
    at.select_slider(key="demo.speed").set_value(20).run()
    assert at.query_params["lr"] == "0.25"
    assert at.query_params["gate"] == "OR"
    assert at.query_params["sel"] == "elu,relu"
    assert at.query_params["speed"] == "20"


def test_a_narrowed_widget_clips_the_value_it_holds():
    at = _run(epochs="450")                     # valid for the URL (≤ 500), above high=200
    assert not at.exception
    assert at.slider(key="demo.epochs").value == 200


def test_choice_parsers():
    assert parse_choice(["AND", "XOR"])("xOr") == "XOR"
    assert parse_choices(["relu", "elu"])("relu, ELU,relu") == ["relu", "elu"]
    for bad in ("nand", ""):
        try:
            parse_choice(["AND", "XOR"])(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")


def test_int_controls_parse_ints():
    c = Control.slider("n", "k.n", 3, 1, 10)
    assert c.parser()("7") == 7
    for bad in ("7.5", "11", "0"):
        try:
            c.parser()(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")


def test_a_choice_in_a_link_ignores_case_and_stray_spaces():
    parse = parse_choice(["AND", "XOR"])
    assert parse("xor") == "XOR" and parse(" Xor ") == "XOR" and parse("AND") == "AND"
    for bad in ("", "X OR", "maybe"):
        try:
            parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")
