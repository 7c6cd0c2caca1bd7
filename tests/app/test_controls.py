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


def _run(page=None, **query) -> AppTest:
    """`page` (default: _page) under AppTest, opened with `query` in its URL."""
    at = AppTest.from_function(page or _page, default_timeout=30)
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


# ---------------------------------------------------------------- generated and special controls

def _generated_page():
    """Controls the Playground and Compare need: numbers as options, checkboxes, a multiselect
    that drops unknown names with a note, narrowed options, and a registry parameter's slider
    made by a function (one per layer)."""
    import streamlit as st

    from actlib.activations import REGISTRY
    from ui.controls import Control, Controls
    from ui.urlstate import PageUrl
    from ui.widgets import param_sliders

    st.session_state.setdefault("lang", "en")
    controls = Controls(
        Control.select("rate", "demo.rate", 0.03, (0.01, 0.03, 1.0, 3.0)),
        Control.checkbox("box", "demo.box", False, label="x₁"),
        Control.multiselect("acts", "demo.acts", ["relu"], ["relu", "elu", "tanh"],
                            unknown_note="compare.unknown_acts"),
        Control.multiselect("strict", "demo.strict", ["relu"], ["relu", "elu"]),
        Control.select("out", "demo.out", "b", ("a", "b", "c")),
    )
    url = PageUrl("demo")
    ctl = controls.seed(url)
    ctl.widget("rate", format_func=lambda v: f"{v:g}")
    ctl.widget("box")
    ctl.widget("acts")
    ctl.widget("strict")
    ctl.widget("out", options=["a", "c"] if st.session_state.get("narrow") else ["a", "b", "c"])
    for i in (1, 2):
        param_sliders(REGISTRY["elu"], url, prefix=f"l{i}.", key_prefix=f"demo.l{i}.")
    url.sync()


def _run_generated(**query) -> AppTest:
    return _run(_generated_page, **query)


def _notes(at) -> str:
    return " ".join(w.value for w in at.warning)


def test_numbers_as_options_are_read_as_numbers():
    c = Control.select("lr", "k.lr", 0.03, (0.01, 0.03, 1.0))
    parse = c.parser()
    assert parse("1") == 1.0 and parse("1.0") == 1.0 and parse("3e-2") == 0.03
    for bad in ("0.02", "abc", "", "inf"):
        try:
            parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")
    at = _run_generated(rate="1")                # what sync writes for 1.0
    assert not at.exception and at.selectbox(key="demo.rate").value == 1.0
    assert at.warning == []
    at.selectbox(key="demo.rate").set_value(3.0).run()
    assert at.query_params["rate"] == "3"


def test_a_multiselect_drops_unknown_names_with_a_note():
    at = _run_generated(acts="elu,nope, TANH,elu")
    assert not at.exception
    assert at.multiselect(key="demo.acts").value == ["elu", "tanh"]
    assert "nope" in _notes(at) and "left out" in _notes(at)
    assert at.query_params["acts"] == "elu,tanh"


def test_a_multiselect_with_no_known_name_falls_back_with_the_usual_note():
    at = _run_generated(acts="nope,nada")
    assert at.multiselect(key="demo.acts").value == ["relu"]
    assert "acts=" in _notes(at) and "left out" not in _notes(at)


def test_without_an_unknown_note_a_multiselect_refuses_an_unknown_name():
    at = _run_generated(strict="elu,nope")
    assert at.multiselect(key="demo.strict").value == ["relu"]
    assert "strict=" in _notes(at)


def test_a_checkbox_control_reads_and_writes_the_url():
    at = _run_generated(box="1")
    assert at.checkbox(key="demo.box").value is True
    assert at.checkbox(key="demo.box").label == "x₁"          # a declared, fixed label
    at.checkbox(key="demo.box").uncheck().run()
    assert at.query_params["box"] == "0"
    assert "box=" in _notes(_run_generated(box="yes"))


def test_narrowed_options_move_a_value_that_no_longer_fits_to_the_first():
    at = _run_generated(out="b")
    assert at.selectbox(key="demo.out").value == "b"
    at.session_state["narrow"] = True
    at.run()
    assert not at.exception
    assert at.selectbox(key="demo.out").options == ["a", "c"]
    assert at.selectbox(key="demo.out").value == "a" and at.query_params["out"] == "a"


def test_a_registry_parameter_becomes_a_declared_slider_per_layer():
    at = _run_generated(**{"l1.alpha": "0.5", "l2.alpha": "9"})
    assert not at.exception
    first, second = at.slider(key="demo.l1.elu.alpha"), at.slider(key="demo.l2.elu.alpha")
    assert first.value == 0.5 and second.value == 1.0          # 9 is outside [0, 3]
    assert (first.min, first.max, first.step) == (0.0, 3.0, 0.05)    # the registry's Param
    assert first.label == "alpha" and first.help.startswith("α: ELU")
    assert "l2.alpha=" in _notes(at)
    second.set_value(2.0).run()
    assert at.query_params["l1.alpha"] == "0.5" and at.query_params["l2.alpha"] == "2"
