"""The Playground's controls: each declared once (URL name, key, default, bounds) and drawn.

`declare(url)` seeds every setting from the link (first run) or its default; the functions
below draw the widgets and return the settings as plain values the page hands to actlib.
A hidden layer's controls and its activation's parameters are made by `layer_controls`
and `ui.widgets.param_controls`, one declaration for every layer.

The pieces a frame draws are here too; how frames are paced under a class is ui/pacing.py.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from actlib.activations import REGISTRY
from actlib.figures import playground as figs
from actlib.nets.playground import datasets as D
from actlib.nets.playground import features as Fe
from actlib.nets.playground import net
from actlib.nets.playground import tflink
from actlib.nets.playground import train as T
from actlib.nets.playground.session import COMPARES
from ui.controls import Control, Controls, SeededControls
from ui import pacing
from ui.pacing import K                    # every widget key starts with it
from ui.i18n import t
from ui.urlstate import PageUrl
from ui.widgets import num, param_sliders

LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]  # TF's
REG_RATES = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]                   # TF's
DEFAULT_LAYERS = (4, 2)                  # TF's networkShape
MAX_RESTORE = 3000                       # a link may ask for at most this many epochs


def outputs_for(kind: str) -> list[str]:
    """Output + loss pairs that fit the data: regression is linear + MSE (as TF); three
    classes need softmax."""
    if kind == D.REGRESSION:
        return ["linear_mse"]
    if kind == D.MULTICLASS:
        return ["softmax_ce"]
    return ["tanh_mse", "sigmoid_ce", "softmax_ce"]


CONTROLS = Controls(     # each once: the URL accepts exactly what its widget does
    Control.select("data", K + "dataset", "circle", D.DATASETS),
    Control.slider("noise", K + "noise", 0, 0, 50),
    Control.slider("train", K + "train_share", 50, 10, 90, 10, extra={"format": "%d %%"}),
    Control.slider("points", K + "points", D.DEFAULT_POINTS, 100, 1000, 50),
    Control.number("seed", K + "seed", 0, 0, 2**31 - 1, 1, help=True),
    Control.checkbox("test", K + "show_test", False),
    Control.checkbox("discrete", K + "discrete", False),
    *(Control.checkbox(name, K + "f." + name, name in Fe.DEFAULT_FEATURES, label=Fe.label(name))
      for name in Fe.FEATURES),
    Control.slider("layers", K + "layers", len(DEFAULT_LAYERS), 0, net.MAX_LAYERS),
    Control.select("lr", K + "lr", 0.03, LEARNING_RATES),
    Control.number("batch", K + "batch", 10, 1, 30, 1),
    Control.select("reg", K + "reg", "none", net.REGS),
    Control.select("rate", K + "reg_rate", 0.0, REG_RATES),
    Control.select("opt", K + "optimiser", "sgd", T.OPTIMISERS, help=True),
    Control.select("init", K + "init", "tf", net.INITS),
    Control.select("out", K + "output", "tanh_mse", net.OUTPUTS, help=True),
    Control.toggle("play", K + "play", False),
    Control.number("epoch", K + "epoch", 0, 0, MAX_RESTORE),   # no widget: the run's epoch
    Control.select("cmp", K + "cmp", "none", COMPARES, help=True),
)


def declare(url: PageUrl) -> SeededControls:
    return CONTROLS.seed(url)


def layer_controls(i: int) -> Controls:
    """Hidden layer i's (1-based) units and activation: URL u<i> and a<i>."""
    units = DEFAULT_LAYERS[i - 1] if i <= len(DEFAULT_LAYERS) else 4
    return Controls(Control.number(f"u{i}", f"{K}u{i}", units, 1, net.MAX_UNITS, 1),
                    Control.select(f"a{i}", f"{K}a{i}", "tanh", REGISTRY))


def _layer_controls(url: PageUrl, i: int, where) -> net.Layer:
    """Hidden layer i (1-based): units, activation, that activation's parameters (URL
    l<i>.<name>, key playground.l<i>.<act>.<name>)."""
    ctl = layer_controls(i).seed(url)
    units = ctl.widget(f"u{i}", where=where, label=t("playground.units_of", k=i))
    key = ctl.widget(f"a{i}", where=where, label=t("playground.activation"),
                     format_func=lambda k: REGISTRY[k].name)
    values = param_sliders(REGISTRY[key], url, where, prefix=f"l{i}.", key_prefix=f"{K}l{i}.")
    return net.Layer(int(units), key, tuple((name, float(v)) for name, v in values.items()))


def training_bar(ctl: SeededControls, where) -> T.Hyper:
    """TF's top bar: learning rate, batch, optimiser, regularisation and its rate (these
    change a running network at once)."""
    c = where.container(key="playground_training_bar").columns(5)
    lr = ctl.widget("lr", where=c[0], format_func=lambda v: f"{v:g}")
    batch = ctl.widget("batch", where=c[1])
    optimiser = ctl.widget("opt", where=c[2], format_func=lambda k: t(f"playground.opt_{k}"))
    reg = ctl.widget("reg", where=c[3], format_func=lambda k: t(f"playground.reg_{k}"))
    rate = ctl.widget("rate", where=c[4], format_func=lambda v: f"{v:g}",
                      disabled=reg == "none")
    return T.Hyper(lr=float(lr), batch=int(batch), reg=reg,
                   reg_rate=float(rate) if reg != "none" else 0.0, optimiser=optimiser)


def data_controls(ctl: SeededControls) -> dict:
    """The data set, its split and seed, the inputs, the initialisation and the output."""
    st.markdown(f"**{t('playground.data')}**")
    dataset = ctl.widget("data", format_func=lambda k: t(f"playground.ds_{k}"))
    noise = ctl.widget("noise")
    share = ctl.widget("train")
    points = ctl.widget("points")
    seed = ctl.widget("seed")
    show_test = ctl.widget("test")
    discrete = ctl.widget("discrete")
    st.markdown(f"**{t('playground.features')}**")
    cols = st.columns(2)
    features = [name for k, name in enumerate(Fe.FEATURES)
                if ctl.widget(name, where=cols[k % 2])]
    own = own_data()
    kind = own["kind"] if own else D.DATASETS[dataset][1]
    init = ctl.widget("init", format_func=lambda k: t(f"playground.init_{k}"))
    allowed = outputs_for(kind)              # a value that does not fit becomes the first
    output = ctl.widget("out", options=allowed, format_func=lambda k: t(f"playground.out_{k}"),
                        disabled=len(allowed) == 1)
    return dict(dataset=dataset, kind=kind, own=own, noise=int(noise), train_share=int(share),
                points=int(points), seed=int(seed), show_test=bool(show_test),
                discrete=bool(discrete), features=tuple(features), output=output, init=init)


def own_data() -> dict | None:
    """The student's CSV, if one is uploaded and good: {"id", "name", "x", "y", "kind"}.
    A bad file is explained and the data in use stay (the last good upload, or the set)."""
    from actlib.nets.playground.owndata import MAX_ROWS, CsvError, parse_csv
    from ui.layout import show_error

    with st.expander(t("playground.own_data")):
        upload = st.file_uploader(t("playground.upload"), type=["csv", "txt"],
                                  key=K + "upload")
        st.caption(t("playground.upload_help", limit=f"{MAX_ROWS:,}"))
        held = st.session_state.get(K + "own")
        if upload is None:
            st.session_state.pop(K + "own", None)
            return None
        if held is None or held["id"] != upload.file_id:
            try:
                x, y, kind = parse_csv(upload.getvalue())
            except CsvError as err:
                show_error(t(f"playground.csv_{err.code}", **err.values) + " "
                             + t("playground.csv_kept" if held else "playground.csv_kept_set"))
                return held
            held = dict(id=upload.file_id, name=upload.name, x=x, y=y, kind=kind)
            st.session_state[K + "own"] = held
        st.success(t("playground.own_in_use", name=held["name"], rows=f"{len(held['y']):,}"),
                   icon=":material/table:")
    return held


# the second network's setting: its choices, default and label, per kind of comparison
COMPARE_TO = {"act": (list(REGISTRY), "relu"), "init": (list(net.INITS), "he"),
              "lr": (LEARNING_RATES, 0.1), "opt": (list(T.OPTIMISERS), "adam")}


def compare_value_label(kind: str, value) -> str:
    """A setting's short name, as the titles and legends say it ("ReLU", "He", "lr 0.1")."""
    if kind == "act":
        return REGISTRY[value].name
    if kind == "init":
        return t(f"playground.cmp_init_{value}")
    if kind == "lr":
        return t("playground.cmp_lr_value", value=f"{value:g}")
    return t(f"playground.opt_{value}")


def compare_controls(ctl: SeededControls):
    """"Compare with…": none, or a kind of setting and the second network's value of it
    (URL cmp and cmp_to; each kind keeps its own value, so switching back finds it).
    Returns (kind, value) or None."""
    st.markdown(f"**{t('playground.side_by_side')}**")
    kind = ctl.widget("cmp", format_func=lambda k: t(f"playground.cmp_{k}"))
    if kind == "none":
        return None
    options, default = COMPARE_TO[kind]
    to = Controls(Control.select("cmp_to", f"{K}cmp_to.{kind}", default, options)).seed(ctl.url)
    value = to.widget("cmp_to", label=t(f"playground.cmp_to_{kind}"),
                      format_func=lambda v: compare_value_label(kind, v) if kind != "init"
                      else t(f"playground.init_{v}"),
                      help=t("playground.cmp_to_act_help") if kind == "act" else None)
    return kind, value


def compare_labels(kind: str, value, settings: dict) -> tuple[str, str]:
    """What the titles call the first and the second network: the compared setting's value
    in each ("Tanh" vs "ReLU"; mixed hidden activations are listed, "Tanh / ELU")."""
    if kind == "act":
        names = list(dict.fromkeys(REGISTRY[layer.activation].name
                                   for layer in settings["layers"]))
        first = " / ".join(names) or "—"
    else:
        hyper = settings["hyper"]
        first = compare_value_label(kind, {"init": settings["init"], "lr": hyper.lr,
                                           "opt": hyper.optimiser}[kind])
    return first, compare_value_label(kind, value)


def network_controls(ctl: SeededControls) -> tuple[net.Layer, ...]:
    """How many hidden layers, then a column per layer: units, activation, parameters."""
    n_layers = ctl.widget("layers", label=t("playground.n_layers"))
    if not n_layers:
        return ()
    return tuple(_layer_controls(ctl.url, i, col)
                 for i, col in enumerate(st.columns(n_layers), start=1))


def structure(s: dict) -> tuple:
    """What a run depends on beyond the hyper-parameters: a change here resets it."""
    data = s["own"]["id"] if s["own"] else s["dataset"]
    return (data, s["noise"], s["train_share"], s["points"], s["seed"],
            s["features"], s["layers"], s["output"], s["init"])


def export_buttons(trainer: T.Trainer, hyper: T.Hyper) -> None:
    """Download the current weights (JSON) and a PyTorch script of the setup; each file is
    made when its button is pressed (callable data), and pressing it does not rerun the page."""
    from actlib.nets.playground import export

    def weights() -> str:
        return export.weights_json(trainer.spec, trainer.params, trainer.features,
                                   trainer.epoch)

    def script() -> str:
        data = trainer.data
        return export.torch_script(trainer.spec, trainer.features, hyper, trainer.seed,
                                   trainer.epoch or 300, (data.train_x, data.train_y),
                                   (data.test_x, data.test_y))

    st.download_button(t("playground.export_weights"), weights, "playground_weights.json",
                       "application/json", key=K + "export_json", on_click="ignore",
                       icon=":material/download:", width="stretch")
    st.download_button(t("playground.export_torch"), script, "playground_torch.py",
                       "text/x-python", key=K + "export_torch", on_click="ignore",
                       icon=":material/download:", width="stretch")
    st.caption(t("playground.export_note"))


# ---- the buttons' callbacks: here, not in the page script (Streamlit keeps a widget's
# callback in the session, and a page's function would keep that run alive: see
# ui.controls.labels_of)
def on_step() -> None:
    st.session_state[K + "play"] = False
    st.session_state[K + "_steps"] = st.session_state.get(K + "_steps", 0) + 1


def on_reset() -> None:
    st.session_state[K + "play"] = False
    st.session_state.pop(K + "trainer", None)
    st.session_state.pop(K + "trainer2", None)
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


# ---- what a frame draws (views/playground.py lays the frame out and fills it)
def show_metrics(run) -> None:
    """Epoch, losses and accuracy, into a horizontal container (one row, not columns: a
    frame's cost grows with its elements)."""
    h = run.history
    st.metric(t("playground.epoch"), f"{run.epoch:,}")
    st.metric(t("playground.train_loss"), num(h.train_loss[-1], 3))
    st.metric(t("playground.test_loss"), num(h.test_loss[-1], 3))
    if run.kind != "regression":
        st.metric(t("playground.accuracy"), f"{100 * h.test_acc[-1]:.1f} %",
                  help=t("playground.accuracy_help", train=f"{100 * h.train_acc[-1]:.1f} %"))


def divergence_message(run) -> str:
    d = run.diverged
    return t(f"playground.diverged_{d.cause}", epoch=d.epoch, start=num(d.loss_from, 3),
             end=num(d.loss_to, 3), epochs=d.epochs)


def big_unit(pics, chosen: str):
    if chosen == "out":
        return figs.unit_image(pics.output, output=True)
    li, j = (int(v) for v in chosen.split("."))
    return figs.unit_image(pics.hidden[li][j])


def diagram_picture(run, pics, name: str) -> str:
    weights = [p["W"] for p in run.params]
    return picture_while_playing(name, id(run), lambda: figs.image_uri(
        figs.network_image(pics, weights), jpeg=True))


def unit_picture(run, pics, chosen: str, name: str) -> str:
    return picture_while_playing(name, (id(run), chosen), lambda: figs.image_uri(
        big_unit(pics, chosen), jpeg=True))


def picture_while_playing(name: str, version, draw) -> str:
    """Drawn now when paused; while playing, a slow picture (ui.pacing.slow_picture)."""
    if st.session_state[K + "play"]:
        return pacing.slow_picture(name, version, draw)
    return draw()


def padded(columns):
    """Columns of unequal length (one network stopped earlier) filled up with NaN."""
    n = max(len(c) for c in columns)
    return [np.r_[np.asarray(c, float), np.full(n - len(c), np.nan)] for c in columns]
