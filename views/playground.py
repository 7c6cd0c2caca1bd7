"""Playground: watch a small network learn live, any activation in any layer (TF Playground
and past it: gradient norms, dead and saturated units, divergence explained)."""
from functools import partial

import numpy as np
import streamlit as st

from actlib.activations import REGISTRY
from actlib.figures import playground as figs
from actlib.figures import playground_frames as frames
from actlib.nets.playground import features as Fe
from actlib.nets.playground.datasets import split
from actlib.nets.playground.pictures import grid_pictures
from actlib.nets.playground.session import build, run_frame, run_pair, variant
from ui import page_setup, show_error, t
from ui import pacing
from ui import playground as controls
from ui.controls import Control, Controls
from ui.widgets import num
from ui.export import file_stem, show_chart

K = controls.K
FRAME_SECONDS = 0.125          # run_every while playing: at most 8 frames a second
TRAIN_BUDGET, MOST_EPOCHS = 0.015, 10     # per frame: train this long, at most this many
# Side by side: the second network doubles the training work, so the first gets half the
# budget and the second runs as many epochs (about as long): a frame costs what it did with
# one network. MOST_EPOCHS stays per network.
PAIR_BUDGET = TRAIN_BUDGET / 2
GRID = 50                                  # heatmap resolution (GRID × GRID points)


def own_split(own: dict, settings: dict):
    """The uploaded points split by the page's train share and seed (noise and the number of
    points belong to the generated sets)."""
    rng = np.random.default_rng([settings["seed"], 0])
    return split(own["x"], own["y"], own["kind"], settings["train_share"] / 100, rng)


url = page_setup("playground")
ctl = controls.declare(url)
if st.session_state.pop(K + "_stopped", False):
    st.session_state[K + "play"] = False    # set in the run that draws the switch: it shows
bar = st.columns([1.6, 1.25, 1.2, 6], vertical_alignment="bottom")
# Play is a switch, not a button: its value goes with every request, so a Pause that lands
# while a frame is being drawn cannot get lost (CI saw a Pause click lost under load).
playing = ctl.widget("play", where=bar[0], label="▶ " + t("playground.play"))
bar[1].button(t("playground.step"), key=K + "step_btn", on_click=controls.on_step,
              width="stretch", help=t("playground.step_help"))
bar[2].button(t("playground.reset"), key=K + "reset_btn", on_click=controls.on_reset,
              width="stretch")
hyper = controls.training_bar(ctl, bar[3])
# on a phone the columns stack: the picture first, the data settings below it (PAGE_CSS)
side, main = st.container(key="picture_first").columns([1, 3.4], gap="medium")
with side:
    settings = controls.data_controls(ctl)
    settings["compare"] = controls.compare_controls(ctl)
    with st.expander(t("playground.tf_import")):
        st.text_input(t("playground.tf_link"), key=K + "tf_link", on_change=controls.on_tf_link,
                      placeholder="https://playground.tensorflow.org/#activation=tanh&…")
note = st.session_state.pop(K + "_tf_note", None)
if note and note[0] == "error":
    show_error(t("playground.tf_bad"))
elif note:
    st.info(t("playground.tf_done", missing=note[1] or "—"), icon="🔗")
with main:
    live_box = st.container()
    st.markdown(f"**{t('playground.network')}**")
    settings["layers"] = controls.network_controls(ctl)
    curves_box = st.container()
settings["hyper"] = hyper
url.show_notes()
if not settings["features"]:
    show_error(t("playground.no_features"))
    url.sync()
    st.stop()

# ---- the run: kept while only the hyper-parameters change, rebuilt when the rest does.
# Side by side, a second run (one setting different) is kept next to it under the same
# structure and the comparison; a new or changed comparison restarts both at epoch 0, so
# their epochs stay equal.
compare = settings["compare"]
wanted = controls.structure(settings)
held, held2 = st.session_state.get(K + "trainer"), st.session_state.get(K + "trainer2")
hyper2 = None
if compare is not None:
    layers2, init2, hyper2 = variant(settings["layers"], settings["init"], hyper, *compare)
try:
    stale2 = compare is not None and (held2 is None or held2[0] != (wanted, compare))
    if held is None or held[0] != wanted or stale2:
        restore = int(st.session_state[K + "epoch"]) if held is None else 0
        own = settings["own"]

        def fresh(layers, init, data):
            return build(settings["dataset"], settings["points"], settings["noise"] / 100,
                         settings["train_share"] / 100, settings["seed"],
                         settings["features"], layers, settings["output"], init, data=data)

        trainer = fresh(settings["layers"], settings["init"],
                        own_split(own, settings) if own else None)
        runs = [(trainer, hyper)]
        st.session_state.pop(K + "trainer2", None)
        if compare is not None:        # the same data object: the same points, by design
            runs.append((fresh(layers2, init2, trainer.data), hyper2))
        if restore:
            with st.spinner(t("playground.restoring", epochs=restore)):
                for run, its_hyper in runs:
                    while run.epoch < restore and run.diverged is None:
                        run.run_epoch(its_hyper)
        st.session_state[K + "trainer"] = (wanted, trainer)
        if compare is not None:
            st.session_state[K + "trainer2"] = ((wanted, compare), runs[1][0])
    trainer = st.session_state[K + "trainer"][1]
except ValueError:             # an activation's parameters that do not fit (RReLU l > u)
    show_error(t("playground.bad_setting"))
    url.sync()
    st.stop()
if compare is None:
    st.session_state.pop(K + "trainer2", None)
trainer2 = st.session_state[K + "trainer2"][1] if compare is not None else None
runs = [(trainer, hyper)] + ([(trainer2, hyper2)] if trainer2 is not None else [])
for _ in range(st.session_state.pop(K + "_steps", 0)):
    for run, its_hyper in runs:                 # a step is one epoch of each
        run.run_epoch(its_hyper)
labels = controls.compare_labels(*compare, settings) if compare is not None else None

layer_names = [t("playground.layer", k=i + 1) for i in range(len(settings["layers"]))]
units = [(li, j) for li, layer in enumerate(settings["layers"]) for j in range(layer.units)]
unit_options = ["out"] + [f"{li}.{j}" for li, j in units]
# the options change with the network: a unit whose layer was just removed becomes "out"
unit_ctl = Controls(Control.select("unit", K + "unit", "out", unit_options)).seed(url)


def unit_label(option: str, layers=None) -> str:
    if option == "out":
        return t("playground.output_unit")
    li, j = (int(v) for v in option.split("."))
    return t("playground.unit_of", layer=li + 1, unit=j + 1,
             activation=REGISTRY[(layers or settings["layers"])[li].activation].name)


def network_columns(run, layers) -> str:
    return " → ".join([", ".join(Fe.label(f) for f in run.features)]
                      + [f"{layer.units} × {REGISTRY[layer.activation].name}"
                         for layer in layers] + [t("playground.output_unit")])


def show_output(run, pics, title: str, chart_key: str, height: int = 440) -> None:
    """The output heatmap with the points: an image while playing, plotly when paused."""
    data, kind = run.data, run.kind
    test = (data.test_x, data.test_y) if settings["show_test"] else None
    if st.session_state[K + "play"]:            # an image while playing: no flicker
        st.markdown(f"**{title}**")
        st.image(figs.image_uri(frames.output_frame(
            pics.output, data.train_x, data.train_y, kind, settings["discrete"],
            test=test), jpeg=True), width="stretch")
    else:                                       # plotly when paused: hover shows values
        show_chart(figs.output_figure(
            pics.output, (data.train_x, data.train_y), test, kind,
            dict(title=title, train=t("playground.train_points"),
                 test=t("playground.test_points")),
            discrete=settings["discrete"], height=height),
            key=chart_key, file_name=file_stem(chart_key), config={"displayModeBar": False})


# ---- the frame: the full run lays out the slots and what does not change while playing
# (titles, legends, notes); the fragment fills the slots every frame. Fewer elements per
# frame is less work for the server (docs/benchmarks.md, "The Playground under a class").
def history_panels() -> list[dict]:
    """The two history charts: title, y axis, log scale, chart key, line names, dashed."""
    grads = layer_names + [t("playground.output_unit")]
    if trainer2 is None:
        loss = dict(title=t("playground.loss_title"), y=t("playground.loss"),
                    names=[t("playground.train_loss"), t("playground.test_loss")], dashed=())
        grad_title = t("playground.grad_title")
    else:                      # both test losses on one chart; the first's gradients
        loss = dict(title=t("playground.cmp_loss_title"), y=t("playground.test_loss"),
                    names=list(labels), dashed=(1,))
        grad_title = t("playground.grad_title_of", setting=labels[0])
    return [dict(loss, log=False, key="playground_loss"),
            dict(title=grad_title, y="‖∂L/∂W‖", log=True, key="playground_grads",
                 names=grads, dashed=())]


def lay_out_frame(playing: bool) -> dict:
    """The slots a frame fills, in live_box and curves_box."""
    slots = {}
    with live_box:
        # the numbers: a row of metrics, or the side-by-side table (keyed for the phone CSS)
        slots["numbers"] = st.container(horizontal=True, gap="medium") if trainer2 is None \
            else st.container(key="playground_pair_metrics")
        slots["notes"] = st.container()
        if trainer2 is None:
            left, right = st.columns([1, 1.2])
            slots["outputs"] = [left.container(key="playground_heatmap")]
            slots["diagrams"] = right.container()
        else:
            cols = st.columns([1, 1, 0.8])
            slots["outputs"] = [cols[0].container(key="playground_heatmap"),
                                cols[1].container(key="playground_heatmap_b")]
            slots["diagrams"] = cols[2].container()
    with curves_box:
        slots["charts"] = []
        for col, panel in zip(st.columns(2), history_panels()):
            with col:
                if playing:            # the plotly charts of a paused run carry their own
                    st.markdown(f"**{panel['title']}**")
                slots["charts"].append(st.container())
                if playing:
                    st.markdown(frames.legend(panel["names"], dashed=panel["dashed"]))
        slots["units"] = st.container()
        if layer_names:
            st.caption(t("playground.units_note"))
    return slots


@st.fragment(run_every=FRAME_SECONDS if playing else None)
def live() -> None:
    """One frame: a few epochs while playing, then every picture of the current state,
    the histories included. One fragment, not two: two run_every timers on one page cut
    each other's runs short, and Streamlit drops the unsent pictures of a run cut short
    (bench/play_load.py's traces: half of one student's runs ended early that way)."""
    with pacing.frame_turn() as started:
        draw_frame()
    if st.session_state[K + "play"]:
        pacing.pause_if_busy(started)


def draw_frame() -> None:
    """Train (while playing), then draw. On a busy server a frame trains one epoch: the
    picture changes as often as the server can draw it."""
    alive = any(run.diverged is None for run, _ in runs)
    if st.session_state[K + "play"] and alive:
        most = 1 if pacing.busy() else MOST_EPOCHS
        if trainer2 is None:
            run_frame(trainer, settings["hyper"], TRAIN_BUDGET, most)
        else:                  # lockstep: the same number of epochs on both
            run_pair(trainer, trainer2, settings["hyper"], hyper2, PAIR_BUDGET, most)
    if st.session_state[K + "play"] and all(run.diverged is not None for run, _ in runs):
        st.session_state[K + "_stopped"] = True
        st.session_state[K + "epoch"] = max(run.epoch for run, _ in runs)
        st.rerun()                      # the whole page: the switch goes off, frames stop
    if trainer2 is not None:
        live_pair()
    else:
        live_single()
    curves()


def live_single() -> None:
    with slots["numbers"]:
        controls.show_metrics(trainer)
    if trainer.diverged is not None:
        with slots["notes"]:
            show_error(controls.divergence_message(trainer))
    pics = grid_pictures(trainer.spec, trainer.params, trainer.features, GRID)
    with slots["outputs"][0]:
        show_output(trainer, pics, t("playground.output_title", epoch=trainer.epoch),
                    "playground_output")
    with slots["diagrams"]:
        # data URIs, not media files: a frame replaces its images before the browser has
        # fetched the previous ones, and a fetched-too-late media file is a broken image
        st.image(controls.diagram_picture(trainer, pics, "diagram"), width="stretch",
                 caption=t("playground.network_caption",
                           columns=network_columns(trainer, settings["layers"])))
        chosen = st.session_state[K + "unit"]
        st.image(controls.unit_picture(trainer, pics, chosen, "unit"), caption=unit_label(chosen),
                 width=220)


def live_pair() -> None:
    """Side by side: each network's metrics over its heatmap, both diagrams at the right."""
    pair = (trainer, trainer2)
    # one row per network: the numbers to compare sit under each other (st.metric boxes
    # side by side cut "Test accuracy" and its value at a laptop's width)
    heads = [t("playground.epoch"), t("playground.train_loss"), t("playground.test_loss")]
    if trainer.kind != "regression":
        heads.append(t("playground.accuracy"))
    rows = []
    for run, label in zip(pair, labels):
        h = run.history
        cells = [f"{run.epoch:,}", num(h.train_loss[-1], 3), num(h.test_loss[-1], 3)]
        if run.kind != "regression":
            cells.append(f"{100 * h.test_acc[-1]:.1f} %")
        rows.append(f"| **{label}** | " + " | ".join(cells) + " |")
    with slots["numbers"]:
        st.markdown("| | " + " | ".join(heads) + " |\n|---|" + "---:|" * len(heads) + "\n"
                    + "\n".join(rows))
    for run, label, other in ((trainer, labels[0], trainer2), (trainer2, labels[1], trainer)):
        if run.diverged is not None:
            goes_on = " " + t("playground.cmp_goes_on") if other.diverged is None else ""
            with slots["notes"]:
                show_error(f"**{label}:** {controls.divergence_message(run)}{goes_on}")
    pics = [grid_pictures(run.spec, run.params, run.features, GRID) for run in pair]
    for slot, run, p, label, key in zip(slots["outputs"], pair, pics, labels, ("", "_b")):
        with slot:
            show_output(run, p, t("playground.output_title_of", setting=label,
                                  epoch=run.epoch), "playground_output" + key, height=330)
    with slots["diagrams"]:
        chosen = st.session_state[K + "unit"]
        for run, p, label, key in zip(pair, pics, labels, ("", "_b")):
            st.image(controls.diagram_picture(run, p, "diagram" + key), width="stretch",
                     caption=f"{label}: {network_columns(run, run.spec.hidden)}")
        # the chosen unit of both, small and side by side (the colours are explained
        # beside the single network's diagram)
        st.image([controls.unit_picture(run, p, chosen, "unit" + key)
                  for run, p, key in zip(pair, pics, ("", "_b"))],
                 caption=[f"{label}: {unit_label(chosen, run.spec.hidden)}"
                          for run, label in zip(pair, labels)], width=90)


def history_lines(panel: dict):
    """(epochs, {name: values}) of a history chart, now."""
    h = trainer.history
    if panel["key"] == "playground_grads":
        norms = np.array(h.grad_norm)
        return h.epoch, {name: norms[:, i] for i, name in enumerate(panel["names"])}
    if trainer2 is None:
        return h.epoch, dict(zip(panel["names"], (h.train_loss, h.test_loss)))
    h2 = trainer2.history
    return (max(h.epoch, h2.epoch, key=len),
            dict(zip(panel["names"], controls.padded([h.test_loss, h2.test_loss]))))


def curves_picture(panel: dict) -> str:
    x, lines = history_lines(panel)
    xs, values = figs.downsample(x, list(lines.values()))
    return figs.image_uri(frames.curves_frame(xs, values, panel["log"], dashed=panel["dashed"]))


def curves() -> None:
    """The histories: losses, gradient norms, dead and saturated units."""
    for slot, panel in zip(slots["charts"], history_panels()):
        with slot:
            key = panel["key"]
            if st.session_state[K + "play"]:
                st.image(pacing.slow_picture(key, (id(trainer), id(trainer2)),
                                                  partial(curves_picture, panel)),
                         width="stretch")
            else:
                x, lines = history_lines(panel)
                show_chart(figs.curves_figure(
                    x, lines, dict(title=panel["title"], x=t("playground.epoch"),
                                   y=panel["y"]), log=panel["log"]),
                           key=key, file_name=file_stem(key), config={"displayModeBar": False})
    if layer_names:
        # one pair of columns (dead, saturated) per network, named when there are two
        h = trainer.history
        nets = [("", h)] if trainer2 is None else list(zip(labels, (h, trainer2.history)))
        heads = [t(f"playground.{col}") + (f" ({label})" if label else "")
                 for label, _ in nets for col in ("dead", "saturated")]
        rows = "\n".join(f"| {name} | " + " | ".join(
            f"{100 * hist.dead[-1][i]:.0f} % | {100 * hist.saturated[-1][i]:.0f} %"
            for _, hist in nets) + " |" for i, name in enumerate(layer_names))
        with slots["units"]:
            st.markdown(f"| {t('playground.layer_col')} | " + " | ".join(heads) + " |\n|---|"
                        + "---:|" * len(heads) + f"\n{rows}")


unit_ctl.widget("unit", where=side, label=t("playground.show_unit"), format_func=unit_label)
with side.expander(t("playground.export"), icon=":material/download:"):
    controls.export_buttons(trainer, settings["hyper"])
slots = lay_out_frame(playing)
live()
st.caption(t("playground.about"))
st.session_state[K + "epoch"] = min(max(run.epoch for run, _ in runs), controls.MAX_RESTORE)
url.sync()
