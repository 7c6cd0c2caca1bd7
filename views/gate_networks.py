"""Gate networks: the course's Keras models on the six gates, and a hidden layer for XOR."""
import numpy as np
import pandas as pd
import streamlit as st

from actlib.nets import gates as gm
from actlib.nets import mlp
from actlib.activations import REGISTRY
from actlib.nets.datasets import GATES
from actlib.figures import gates as figs
from ui import page_setup, show_error, t
from ui.controls import Control, Controls
from ui.training import train_share   # in worker processes: sliders keep the GIL
from ui.widgets import param_sliders
from ui.export import file_stem, show_chart

GATE_NAMES = list(GATES)
MAX_EPOCHS, MAX_HIDDEN, MAX_SEEDS = 5000, 16, 1000

# Each control once: its URL name, session key, default and the bounds both the link and the
# widget accept (ui/controls.py).
CONTROLS = Controls(
    Control.select("gate", "gates.gate", "XOR", GATE_NAMES),
    Control.radio("model", "gates.model", "hidden", gm.SETUPS,
                  extra=dict(format_func=gm.KERAS_FORM.get)),
    Control.number("hidden", "gates.hidden", 2, 1, MAX_HIDDEN, 1, help=True),
    Control.select("act", "gates.act", "sigmoid", REGISTRY, help=True,
                   extra=dict(format_func=lambda k: REGISTRY[k].name)),
    Control.number("lr", "gates.lr", gm.COURSE_LR, 1e-4, 100.0, 0.005, help=True,
                   extra=dict(format="%.4f")),
    Control.slider("epochs", "gates.epochs", gm.COURSE_EPOCHS, 10, MAX_EPOCHS, 10),
    Control.number("seed", "gates.seed", 0, 0, 2**31 - 1, 1, help=True),
    Control.slider("seeds", "gates.n_seeds", 100, 10, MAX_SEEDS, 10),
)


@st.cache_data(max_entries=64, show_spinner=False)
def trained(gate, setup, hidden, activation, act_params, lr, epochs, seed) -> dict:
    """One seed's model: outputs, loss curve, blow-up, grid image and weights (plain arrays)."""
    fit = gm.fit_gate(gate, setup, hidden=hidden, activation=activation,
                      act_params=dict(act_params), lr=lr, epochs=epochs, seeds=[seed])
    axis, image = gm.grid_output(fit, 0)
    return dict(outputs=fit.outputs[0], loss=fit.loss_curve[0], solved=bool(fit.solved[0]),
                blew_up=bool(fit.blew_up[0]), blew_up_epoch=int(fit.blew_up_epoch[0]),
                axis=axis, image=image, layers=gm.layer_weights(fit, 0),
                n_params=mlp.n_params(fit.spec, 2))


def net_key(setup, hidden, activation, act_params) -> tuple:
    """What a model depends on: one-unit models ignore the hidden-layer settings (so their
    cached results are shared across them)."""
    return (setup, hidden, activation, act_params) if setup == "hidden" else \
        (setup, 2, "sigmoid", ())


@st.cache_data(max_entries=256, show_spinner=False)
def success_rate(gate, setup, hidden, activation, act_params, lr, epochs, n_seeds) -> float:
    return train_share(gm.success_rate, gate=gate, setup=setup, hidden=hidden,
                       activation=activation, act_params=dict(act_params), lr=lr,
                       epochs=epochs, seeds=range(n_seeds))


def model_name(setup: str, hidden: int, activation: str) -> str:
    return t(f"gates.model_{setup}", hidden=hidden, activation=REGISTRY[activation].name)


def shown(values, digits: int = 4):
    """Rounded for the tables; adding 0.0 turns −0.0 (a tiny negative number rounded, e.g.
    −1e-17 of rounding noise) into 0, so no "-0" is shown."""
    return np.round(values, digits) + 0.0


def weights_table(layer: dict, inputs: list[str], unit: str) -> pd.DataFrame:
    """One layer as a table: a row per input plus the bias, a column per unit."""
    W, b = layer["W"], layer["b"]
    rows = np.vstack([W, b[None, :]])
    return pd.DataFrame(rows, index=inputs + ["b"],
                        columns=[unit.format(k=k + 1) for k in range(W.shape[1])])


url = page_setup("gates")
ctl = CONTROLS.seed(url)

c1, c2, c3, c4 = st.columns([1, 2.2, 1, 1.4])
gate = ctl.widget("gate", where=c1)
# The browser sends the chosen option back as its label: a label that changes under it (the
# hidden size, the activation, the language) makes the choice fall back to the first option.
# So each option is labelled by its Keras form, the same everywhere; the words and the current
# hidden net are its caption.
setup = ctl.widget("model", where=c2,
                   captions=[t("gates.option_linear"), t("gates.option_sigmoid"),
                             t("gates.option_hidden_net", hidden=ctl.value("hidden"),
                               activation=REGISTRY[ctl.value("act")].name)])
is_net = setup == "hidden"
# The hidden layer's controls stay live for every model: the success chart always trains it.
hidden = ctl.widget("hidden", where=c3)
activation = ctl.widget("act", where=c4)
act_params = param_sliders(REGISTRY[activation], url, where=c4)
c5, c6, c7 = st.columns(3)
lr = ctl.widget("lr", where=c5)
epochs = ctl.widget("epochs", where=c6)
seed = ctl.widget("seed", where=c7)
url.show_notes()

frozen = tuple(sorted(act_params.items()))
name = model_name(setup, hidden, activation)
X, y = GATES[gate]
try:
    with st.spinner(t("gates.training")):
        run = trained(gate, *net_key(setup, int(hidden), activation, frozen), float(lr),
                      int(epochs), int(seed))
except ValueError:                     # e.g. RReLU with lower > upper (sliders allow it)
    show_error(t("gates.bad_setting"))
    st.stop()

st.caption(t("gates.setup_line", model=name, params=run["n_params"], lr=f"{lr:g}",
             epochs=int(epochs)))
if is_net and activation == "prelu":
    st.caption(t("gates.prelu_note", alpha=f"{run['layers'][0]['alpha']:.3f}"))
if is_net and activation in ("binary_step", "threshold"):
    st.info(t("gates.flat_note", activation=REGISTRY[activation].name))
if is_net and activation == "linear":
    st.info(t("gates.linear_note"))

loss_text = dict(title=t("gates.loss_title"), epoch=t("gates.epoch_axis"), loss=t("gates.loss"))
if run["blew_up"]:
    show_error(t("gates.blew_up", lr=f"{lr:g}", epoch=run["blew_up_epoch"],
                 limit=f"{gm.BLOWUP_LOSS:g}"))
    show_chart(figs.loss_figure({name: run["loss"]}, loss_text),
               key="gates_loss", file_name=file_stem("gates-loss", gate))
else:
    right = int(np.sum(gm.predicts_one(run["outputs"]) == (y == 1)))
    if run["solved"]:
        st.success(t("gates.solved", gate=gate, model=name))
    else:
        st.warning(t("gates.not_solved", gate=gate, right=right))
    yes, no = t("gates.yes"), t("gates.no")
    table = pd.DataFrame({"x₁": X[:, 0].astype(int), "x₂": X[:, 1].astype(int), "y": y,
                          t("gates.output"): shown(run["outputs"]),
                          t("gates.prediction"): gm.predicts_one(run["outputs"]).astype(int),
                          t("gates.correct"): [yes if ok else no for ok in
                                               gm.predicts_one(run["outputs"]) == (y == 1)]})
    st.dataframe(table, hide_index=True, key="gates_points")

    text = dict(x1="x₁", x2="x₂", one=t("perceptron.class_one"),
                zero=t("perceptron.class_zero"), output=t("gates.output"),
                boundary=t("gates.boundary"), z=t("gates.output"), cut=t("gates.cut_plane"))
    left, right_col = st.columns(2)
    with left:
        show_chart(figs.region_figure(
            run["axis"], run["image"], X, y, {**text, "title": t("gates.region_title",
                                                                   gate=gate)},
            binary=False),
                   key="gates_region", file_name=file_stem("gates-region", gate))
    with right_col:
        show_chart(figs.surface_figure(
            run["axis"], run["image"], X, y, {**text, "title": t("gates.surface_title",
                                                                   gate=gate)}),
                   key="gates_surface", file_name=file_stem("gates-surface", gate))
    st.caption(t("gates.region_note"))

    left, right_col = st.columns(2)
    with left:
        show_chart(figs.loss_figure({name: run["loss"]}, loss_text),
                   key="gates_loss", file_name=file_stem("gates-loss", gate))
    with right_col:
        st.markdown(f"**{t('gates.weights_header')}**")
        inputs = ["x₁", "x₂"]
        for i, layer in enumerate(run["layers"]):
            last = i == len(run["layers"]) - 1
            unit = t("gates.output_unit") if last else t("gates.hidden_unit")
            st.caption(t("gates.layer", k=i + 1))
            st.dataframe(shown(weights_table(layer, inputs, unit)), key=f"gates_w{i}")
            if layer["alpha"] is not None:
                st.caption(t("gates.alpha_learned", alpha=f"{layer['alpha']:.4f}"))
            inputs = [f"h{k + 1}" for k in range(layer["W"].shape[1])]

# ---- how often each setup succeeds, over many seeds
st.subheader(t("gates.success_header"))
n_seeds = ctl.widget("seeds")
setups = {s: model_name(s, hidden, activation) for s in gm.SETUPS}
bar = st.progress(0.0, text=t("gates.success_running", n=n_seeds))
rates, jobs = {}, len(gm.SETUPS) * len(GATE_NAMES)
try:
    for i, s in enumerate(gm.SETUPS):
        values = []
        for j, g in enumerate(GATE_NAMES):
            values.append(success_rate(g, *net_key(s, int(hidden), activation, frozen),
                                       float(lr), int(epochs), int(n_seeds)))
            bar.progress((i * len(GATE_NAMES) + j + 1) / jobs,
                         text=t("gates.success_running", n=n_seeds))
        rates[setups[s]] = np.array(values)
except ValueError:                     # the hidden net's parameters (shown with a 1-unit model)
    bar.empty()
    show_error(t("gates.bad_setting"))
    url.sync()
    st.stop()
bar.empty()
show_chart(figs.success_figure(
    GATE_NAMES, rates, dict(title=t("gates.success_title", n=n_seeds, epochs=int(epochs)),
                            gate=t("gates.gate"), rate=t("gates.success_rate"))),
           key="gates_success", file_name=file_stem("gates-success"))
xor = GATE_NAMES.index("XOR")
net_rate = rates[setups["hidden"]][xor]
single = max(rates[setups["linear"]][xor], rates[setups["sigmoid"]][xor])
st.markdown(t("gates.xor_summary", model=setups["hidden"], percent=f"{100 * net_rate:.0f}",
              n=n_seeds, epochs=int(epochs), failed=f"{100 * (1 - net_rate):.0f}",
              single=f"{100 * single:.0f}"))
st.caption(t("gates.success_note", lr=f"{lr:g}"))

url.sync()
