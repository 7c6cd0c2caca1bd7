"""Playground: watch a small network learn live, any activation in any layer (TF Playground
and past it: gradient norms, dead and saturated units, divergence explained)."""
import numpy as np
import streamlit as st

from actlib.activations import REGISTRY
from actlib.figures import playground as figs
from actlib.figures import playground_frames as frames
from actlib.playground import features as Fe
from actlib.playground.datasets import split
from actlib.playground.pictures import grid_pictures
from actlib.playground import tflink
from actlib.playground.session import build, run_frame
from ui import page_setup, show_error, t
from ui import playground as controls
from ui.widgets import num
from ui.export import file_stem, show_chart

K = controls.K
FRAME_SECONDS = 0.125          # run_every while playing: at most 8 frames a second
TRAIN_BUDGET, MOST_EPOCHS = 0.015, 10     # per frame: train this long, at most this many
GRID = 50                                  # heatmap resolution (GRID × GRID points)


def own_split(own: dict, settings: dict):
    """The uploaded points split by the page's train share and seed (noise and the number of
    points belong to the generated sets)."""
    rng = np.random.default_rng([settings["seed"], 0])
    return split(own["x"], own["y"], own["kind"], settings["train_share"] / 100, rng)


def on_play() -> None:
    st.session_state[K + "play"] = not st.session_state[K + "play"]


def on_step() -> None:
    st.session_state[K + "play"] = False
    st.session_state[K + "_steps"] = st.session_state.get(K + "_steps", 0) + 1


def on_reset() -> None:
    st.session_state[K + "play"] = False
    st.session_state.pop(K + "trainer", None)
    st.session_state[K + "epoch"] = 0


def on_tf_link() -> None:
    """Read a TF Playground link as if it were this page's own link: its settings go to the
    address bar, every Playground setting is forgotten, and the next run reads the URL as a
    first visit does (so bad values get the usual note)."""
    raw = st.session_state.get(K + "tf_link", "")
    try:
        query, missing = tflink.parse(raw)
    except ValueError:
        st.session_state[K + "_tf_note"] = ("error", "")
        return
    for key in [k for k in st.session_state if str(k).startswith(K) and k != K + "tf_link"]:
        del st.session_state[key]
    st.session_state.pop("_url_read.playground", None)
    st.query_params.from_dict({"lang": st.session_state.get("lang", "en"), **query})
    st.session_state[K + "_tf_note"] = ("ok", ", ".join(missing))


url = page_setup("playground")
controls.declare(url)
playing = bool(st.session_state[K + "play"])
bar = st.columns([1.6, 1.25, 1.2, 6], vertical_alignment="bottom")
bar[0].button(t("playground.pause") if playing else t("playground.play"), key=K + "play_btn",
              on_click=on_play, type="primary", width="stretch",
              icon=":material/pause:" if playing else ":material/play_arrow:")
bar[1].button(t("playground.step"), key=K + "step_btn", on_click=on_step,
              width="stretch", help=t("playground.step_help"))
bar[2].button(t("playground.reset"), key=K + "reset_btn", on_click=on_reset,
              width="stretch")
hyper = controls.training_bar(bar[3])
side, main = st.columns([1, 3.4], gap="medium")
with side:
    settings = controls.data_controls()
    with st.expander(t("playground.tf_import")):
        st.text_input(t("playground.tf_link"), key=K + "tf_link", on_change=on_tf_link,
                      placeholder="https://playground.tensorflow.org/#activation=tanh&…")
note = st.session_state.pop(K + "_tf_note", None)
if note and note[0] == "error":
    show_error(t("playground.tf_bad"))
elif note:
    st.info(t("playground.tf_done", missing=note[1] or "—"), icon="🔗")
with main:
    live_box = st.container()
    st.markdown(f"**{t('playground.network')}**")
    settings["layers"] = controls.network_controls(url)
    curves_box = st.container()
settings["hyper"] = hyper
url.show_notes()
if not settings["features"]:
    show_error(t("playground.no_features"))
    url.sync()
    st.stop()

# ---- the run: kept while only the hyper-parameters change, rebuilt when the rest does
wanted = controls.structure(settings)
held = st.session_state.get(K + "trainer")
try:
    if held is None or held[0] != wanted:
        restore = int(st.session_state[K + "epoch"]) if held is None else 0
        own = settings["own"]
        trainer = build(settings["dataset"], settings["points"], settings["noise"] / 100,
                        settings["train_share"] / 100, settings["seed"], settings["features"],
                        settings["layers"], settings["output"], settings["init"],
                        data=own_split(own, settings) if own else None)
        if restore:
            with st.spinner(t("playground.restoring", epochs=restore)):
                while trainer.epoch < restore and trainer.diverged is None:
                    trainer.run_epoch(settings["hyper"])
        st.session_state[K + "trainer"] = (wanted, trainer)
    trainer = st.session_state[K + "trainer"][1]
except ValueError:             # an activation's parameters that do not fit (RReLU l > u)
    show_error(t("playground.bad_setting"))
    url.sync()
    st.stop()
for _ in range(st.session_state.pop(K + "_steps", 0)):
    trainer.run_epoch(settings["hyper"])

layer_names = [t("playground.layer", k=i + 1) for i in range(len(settings["layers"]))]
units = [(li, j) for li, layer in enumerate(settings["layers"]) for j in range(layer.units)]
unit_options = ["out"] + [f"{li}.{j}" for li, j in units]
url.choice("unit", K + "unit", unit_options, "out")
if st.session_state[K + "unit"] not in unit_options:      # its layer was just removed
    st.session_state[K + "unit"] = "out"


def unit_label(option: str) -> str:
    if option == "out":
        return t("playground.output_unit")
    li, j = (int(v) for v in option.split("."))
    return t("playground.unit_of", layer=li + 1, unit=j + 1,
             activation=REGISTRY[settings["layers"][li].activation].name)


@st.fragment(run_every=FRAME_SECONDS if playing else None)
def live() -> None:
    """One frame: a few epochs while playing, then every picture of the current state."""
    if st.session_state[K + "play"] and trainer.diverged is None:
        run_frame(trainer, settings["hyper"], TRAIN_BUDGET, MOST_EPOCHS)
    if trainer.diverged is not None and st.session_state[K + "play"]:
        st.session_state[K + "play"] = False
        st.session_state[K + "epoch"] = trainer.epoch
        st.rerun()                      # the whole page: the button says Play again
    h, kind = trainer.history, trainer.kind
    m = st.columns(4)
    m[0].metric(t("playground.epoch"), f"{trainer.epoch:,}")
    m[1].metric(t("playground.train_loss"), num(h.train_loss[-1], 3))
    m[2].metric(t("playground.test_loss"), num(h.test_loss[-1], 3))
    if kind != "regression":
        m[3].metric(t("playground.accuracy"), f"{100 * h.test_acc[-1]:.1f} %",
                    help=t("playground.accuracy_help",
                           train=f"{100 * h.train_acc[-1]:.1f} %"))
    d = trainer.diverged
    if d is not None:
        show_error(t(f"playground.diverged_{d.cause}", epoch=d.epoch, start=num(d.loss_from, 3),
                     end=num(d.loss_to, 3), epochs=d.epochs))
    pics = grid_pictures(trainer.spec, trainer.params, trainer.features, GRID)
    data = trainer.data
    left, right = st.columns([1, 1.2])
    with left.container(key="playground_heatmap"):
        test = (data.test_x, data.test_y) if settings["show_test"] else None
        title = t("playground.output_title", epoch=trainer.epoch)
        if st.session_state[K + "play"]:        # an image while playing: no flicker
            st.markdown(f"**{title}**")
            st.image(figs.image_uri(frames.output_frame(
                pics.output, data.train_x, data.train_y, kind, settings["discrete"],
                test=test), jpeg=True), width="stretch")
        else:                                   # plotly when paused: hover shows values
            show_chart(figs.output_figure(
                pics.output, (data.train_x, data.train_y), test, kind,
                dict(title=title, train=t("playground.train_points"),
                     test=t("playground.test_points")),
                discrete=settings["discrete"]),
                key="playground_output", file_name=file_stem("playground-output"),
                config={"displayModeBar": False})
    with right:
        weights = [p["W"] for p in trainer.params]
        # data URIs, not media files: a frame replaces its images before the browser has
        # fetched the previous ones, and a fetched-too-late media file is a broken image
        st.image(figs.image_uri(figs.network_image(pics, weights), jpeg=True), width="stretch",
                 caption=t("playground.network_caption", columns=" → ".join(
                     [", ".join(Fe.label(f) for f in trainer.features)]
                     + [f"{layer.units} × {REGISTRY[layer.activation].name}"
                        for layer in settings["layers"]] + [t("playground.output_unit")])))
        chosen = st.session_state[K + "unit"]
        if chosen == "out":
            big = figs.unit_image(pics.output, output=True)
        else:
            li, j = (int(v) for v in chosen.split("."))
            big = figs.unit_image(pics.hidden[li][j])
        st.image(figs.image_uri(big, jpeg=True), caption=unit_label(chosen), width=220)


@st.fragment(run_every=FRAME_SECONDS if playing else None)
def curves() -> None:
    """The histories (a second fragment: it sits below the network's controls)."""
    h = trainer.history
    norms = np.array(h.grad_norm)
    losses = {t("playground.train_loss"): h.train_loss, t("playground.test_loss"): h.test_loss}
    grads = {name: norms[:, i] for i, name in
             enumerate(layer_names + [t("playground.output_unit")])}
    panels = [(t("playground.loss_title"), losses, t("playground.loss"), False,
               "playground_loss"),
              (t("playground.grad_title"), grads, "‖∂L/∂W‖", True, "playground_grads")]
    for col, (title, lines, y_name, log, key) in zip(st.columns(2), panels):
        with col:
            if st.session_state[K + "play"]:
                epochs, values = figs.downsample(h.epoch, list(lines.values()))
                st.markdown(f"**{title}**")
                st.image(figs.image_uri(frames.curves_frame(epochs, values, log)), width="stretch")
                st.markdown(frames.legend(list(lines)))
            else:
                show_chart(figs.curves_figure(
                    h.epoch, lines, dict(title=title, x=t("playground.epoch"), y=y_name),
                    log=log),
                           key=key, file_name=file_stem("key"), config={"displayModeBar": False})
    if layer_names:
        rows = "\n".join(f"| {name} | {100 * dead:.0f} % | {100 * sat:.0f} % |"
                         for name, dead, sat in zip(layer_names, h.dead[-1], h.saturated[-1]))
        st.markdown(f"| {t('playground.layer_col')} | {t('playground.dead')} | "
                    f"{t('playground.saturated')} |\n|---|---:|---:|\n{rows}")
        st.caption(t("playground.units_note"))


side.selectbox(t("playground.show_unit"), unit_options, key=K + "unit", format_func=unit_label)
with side.expander(t("playground.export"), icon=":material/download:"):
    controls.export_buttons(trainer, settings["hyper"])
with live_box:
    live()
with curves_box:
    curves()
st.caption(t("playground.about"))
st.session_state[K + "epoch"] = min(trainer.epoch, controls.MAX_RESTORE)
url.sync()
