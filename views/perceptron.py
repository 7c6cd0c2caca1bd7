"""Perceptron: the course's step perceptron learns AND and OR, and cannot learn XOR."""
import numpy as np
import streamlit as st

from actlib.datasets import GATE_INPUTS, GATES, LINEARLY_SEPARABLE, unit_square_grid
from actlib.figures import gates as figs
from actlib.perceptron import (animation_epochs, decision_line, gate_success, predict,
                               train_perceptron)
from ui import page_setup, show_error, t
from ui.training import train   # in a worker process: sliders keep the GIL
from ui.export import file_stem, show_chart

GATE_NAMES = list(GATES)
MAX_EPOCHS = 5000
MAX_SEEDS = 1000


@st.cache_data(max_entries=64, show_spinner=False)
def trained(gate: str, lr: float, threshold: float, epochs: int, seed: int) -> dict:
    run = train_perceptron(*GATES[gate], lr=lr, threshold=threshold, epochs=epochs, seed=seed)
    return dict(weights=run.weights, bias=run.bias, accuracy=run.accuracy, errors=run.errors)


@st.cache_data(max_entries=16, show_spinner=False)
def success(lr: float, threshold: float, epochs: int, n_seeds: int):
    return train(gate_success, X=GATE_INPUTS,
                 tables={name: GATES[name][1] for name in GATE_NAMES}, lr=lr,
                 threshold=threshold, epochs=epochs, seeds=range(n_seeds))


def point_text(title: str) -> dict:
    return dict(title=title, x1="x₁", x2="x₂", one=t("perceptron.class_one"),
                zero=t("perceptron.class_zero"), line=t("perceptron.line"),
                no_line=t("perceptron.no_line"), output=t("perceptron.prediction"),
                boundary=t("perceptron.line"), z=t("perceptron.prediction"),
                cut=t("perceptron.cut_plane"), trail=t("perceptron.trail"))


url = page_setup("perceptron")
url.choice("gate", "perceptron.gate", GATE_NAMES, "AND")
url.float("lr", "perceptron.lr", 0.01, 1e-4, 1.0)
url.float("threshold", "perceptron.threshold", 0.0, -1.0, 1.0)
url.int("epochs", "perceptron.epochs", 1000, 1, MAX_EPOCHS)
url.int("seed", "perceptron.seed", 0, 0, 2**31 - 1)
url.int("epoch", "perceptron.epoch", 1000, 0, MAX_EPOCHS)
url.int("seeds", "perceptron.n_seeds", 200, 10, MAX_SEEDS)
url.show_notes()

c1, c2, c3, c4, c5 = st.columns([1.1, 1, 1.3, 1.3, 1])
gate = c1.selectbox(t("perceptron.gate"), GATE_NAMES, key="perceptron.gate")
lr = c2.number_input(t("perceptron.lr"), min_value=1e-4, max_value=1.0, step=0.005,
                     format="%.4f", key="perceptron.lr", help=t("perceptron.lr_help"))
threshold = c3.slider(t("perceptron.threshold"), -1.0, 1.0, step=0.05,
                      key="perceptron.threshold", help=t("perceptron.threshold_help"))
epochs = c4.slider(t("perceptron.epochs"), 1, MAX_EPOCHS, step=1, key="perceptron.epochs")
seed = c5.number_input(t("perceptron.seed"), min_value=0, max_value=2**31 - 1, step=1,
                       key="perceptron.seed", help=t("perceptron.seed_help"))

X, y = GATES[gate]
st.caption(t("perceptron.rule", gate=gate, table=" ".join(str(v) for v in y)))
try:
    with st.spinner(t("perceptron.training")):
        run = trained(gate, float(lr), float(threshold), int(epochs), int(seed))
except ValueError:                      # only reachable with values the widgets refuse
    show_error(t("perceptron.bad_setting"))
    st.stop()
accuracy, errors = run["accuracy"], run["errors"]
perfect = np.flatnonzero(accuracy == 1.0)

w_final, b_final = run["weights"][-1], run["bias"][-1]
metrics = [(t("perceptron.final_accuracy"), f"{accuracy[-1]:.2f}"),
           (t("perceptron.solved_at"), str(perfect[0] + 1) if perfect.size
            else t("perceptron.never")),
           (t("perceptron.best_accuracy"), f"{accuracy.max():.2f}")]
for column, (label, value) in zip(st.columns(len(metrics)), metrics):
    column.metric(label, value)
st.markdown(" · ".join(f"{t('perceptron.learned_param', name=name)} = **{value:+.3f}**"
                       for name, value in (("w₁", w_final[0]), ("w₂", w_final[1]),
                                           ("b", b_final))))

if gate in LINEARLY_SEPARABLE:
    if perfect.size:
        st.success(t("perceptron.learned", gate=gate, epoch=int(perfect[0] + 1)))
    else:
        st.info(t("perceptron.not_yet", gate=gate, epochs=int(epochs)))
else:
    st.warning(t("perceptron.xor_fails", gate=gate, epochs=int(epochs),
                 best=f"{accuracy.max():.2f}", min_updates=int(errors.min())))

# ---- replay: the line, the curves and the region at one epoch
st.subheader(t("perceptron.replay"))
if st.session_state.get("perceptron.epoch", 0) > epochs or \
        st.session_state.get("_perceptron.last_epochs") == st.session_state.get("perceptron.epoch"):
    st.session_state["perceptron.epoch"] = int(epochs)       # follow the end of training
st.session_state["_perceptron.last_epochs"] = int(epochs)
epoch = st.slider(t("perceptron.epoch"), 0, int(epochs), step=1, key="perceptron.epoch",
                  help=t("perceptron.epoch_help"))
w, b = run["weights"][epoch], run["bias"][epoch]
now_right = int((predict(w, b, X, threshold) == y).sum())

left, right = st.columns(2)
with left:
    title = t("perceptron.line_title", gate=gate, epoch=epoch, right=now_right)
    trail = [decision_line(run["weights"][k], run["bias"][k], threshold)
             for k in range(max(0, epoch - 10), epoch)]
    frames = []                                   # ▶ replays these in the browser
    for k in animation_epochs(int(epochs)):
        wk, bk = run["weights"][k], run["bias"][k]
        frames.append((t("perceptron.line_title", gate=gate, epoch=int(k),
                         right=int((predict(wk, bk, X, threshold) == y).sum())),
                       decision_line(wk, bk, threshold)))
    show_chart(figs.line_figure(X, y, decision_line(w, b, threshold), point_text(title),
                                     trail=trail, frames=frames),
               key="perceptron_line", file_name=file_stem("perceptron-line", gate))
with right:
    show_chart(figs.curves_figure(
        accuracy, errors, epoch,
        dict(title=t("perceptron.curves_title"), accuracy=t("perceptron.accuracy"),
             errors=t("perceptron.errors"), epoch=t("perceptron.epoch_axis"),
             ceiling=t("perceptron.ceiling"), current=t("perceptron.current", epoch=epoch)),
        ceiling=None if gate in LINEARLY_SEPARABLE else 0.75),
               key="perceptron_curves", file_name=file_stem("perceptron-curves", gate))

axis, grid = unit_square_grid(101)
image = predict(w, b, grid, threshold).reshape(101, 101).T      # [x₂ row, x₁ column]
left, right = st.columns(2)
with left:
    show_chart(figs.region_figure(
        axis, image, X, y, point_text(t("perceptron.region_title", gate=gate, epoch=epoch)),
        binary=True),
               key="perceptron_region", file_name=file_stem("perceptron-region", gate))
with right:
    show_chart(figs.surface_figure(
        axis, image, X, y, point_text(t("perceptron.surface_title", gate=gate, epoch=epoch)),
        binary=True),
               key="perceptron_surface", file_name=file_stem("perceptron-surface", gate))
st.caption(t("perceptron.region_note"))

# ---- success rate over many seeds, every gate in one batched run
st.subheader(t("perceptron.success_header"))
n_seeds = st.slider(t("perceptron.n_seeds"), 10, MAX_SEEDS, step=10, key="perceptron.n_seeds")
with st.spinner(t("perceptron.success_running", n=n_seeds)):
    rates = success(float(lr), float(threshold), int(epochs), int(n_seeds))
show_chart(figs.success_figure(
    GATE_NAMES, {t("perceptron.title"): rates.solved},
    dict(title=t("perceptron.success_title", n=n_seeds, epochs=int(epochs)),
         gate=t("perceptron.gate"), rate=t("perceptron.success_rate"))),
           key="perceptron_success", file_name=file_stem("perceptron-success"))
lines = []
for name, rate, median, best in zip(rates.names, rates.solved, rates.median_epoch,
                                    rates.best_accuracy):
    if rate > 0:
        lines.append(t("perceptron.success_line", gate=name, percent=f"{100 * rate:.0f}",
                       median=f"{median:.0f}"))
    else:
        lines.append(t("perceptron.failure_line", gate=name, best=f"{best:.2f}"))
st.markdown("\n".join(f"- {line}" for line in lines))
if any(rates.solved[GATE_NAMES.index(g)] < 1 for g in LINEARLY_SEPARABLE):
    st.info(t("perceptron.some_unsolved"))

url.sync()
