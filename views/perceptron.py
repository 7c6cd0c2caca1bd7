"""Perceptron: the course's step perceptron learns AND and OR, and cannot learn XOR."""
import numpy as np
import streamlit as st

from actlib.nets.datasets import GATE_INPUTS, GATES, LINEARLY_SEPARABLE, unit_square_grid
from actlib.figures import gates as figs
from actlib.nets.perceptron import (REPLAY_FRAME_SECONDS, REPLAY_STEPS, decision_line,
                               gate_success, predict, replay_step, train_perceptron)
from ui import page_setup, show_error, t
from ui.controls import Control, Controls
from ui.training import train   # in a worker process: sliders keep the GIL
from ui.export import file_stem, show_chart

GATE_NAMES = list(GATES)
MAX_EPOCHS = 5000
MAX_SEEDS = 1000

# Each control once: its URL name, session key, default and the bounds both the link and the
# widget accept (ui/controls.py).
CONTROLS = Controls(
    Control.select("gate", "perceptron.gate", "AND", GATE_NAMES),
    Control.number("lr", "perceptron.lr", 0.01, 1e-4, 1.0, 0.005, help=True,
                   extra=dict(format="%.4f")),
    Control.slider("threshold", "perceptron.threshold", 0.0, -1.0, 1.0, 0.05, help=True),
    Control.slider("epochs", "perceptron.epochs", 1000, 1, MAX_EPOCHS, 1),
    Control.number("seed", "perceptron.seed", 0, 0, 2**31 - 1, 1, help=True),
    # The replay's epoch: only its URL side is declared here; epoch_slider() draws it (its
    # slider's key changes on each move, see the comment above EPOCH below).
    Control.slider("epoch", "perceptron.epoch", 1000, 0, MAX_EPOCHS, 1),
    Control.select_slider("speed", "perceptron.speed", 10, REPLAY_STEPS, help=True),
    Control.slider("seeds", "perceptron.n_seeds", 200, 10, MAX_SEEDS, 10),
)


@st.cache_data(max_entries=64, show_spinner=False)
def trained(gate: str, lr: float, threshold: float, epochs: int, seed: int) -> dict:
    run = train_perceptron(*GATES[gate], lr=lr, threshold=threshold, epochs=epochs, seed=seed)
    return dict(weights=run.weights, bias=run.bias, accuracy=run.accuracy, errors=run.errors)


@st.cache_data(max_entries=16, show_spinner=False)
def success(lr: float, threshold: float, epochs: int, n_seeds: int):
    return train(gate_success, X=GATE_INPUTS,
                 tables={name: GATES[name][1] for name in GATE_NAMES}, lr=lr,
                 threshold=threshold, epochs=epochs, seeds=range(n_seeds))


def count(noun: str, n: int) -> str:
    """"1 epoch", "2 epochs": `n` with the noun in singular or plural (perceptron.<noun>_count
    and <noun>_count_one; Korean and Japanese write both alike)."""
    return t(f"perceptron.{noun}_count_one" if n == 1 else f"perceptron.{noun}_count", n=n)


def point_text(title: str) -> dict:
    return dict(title=title, x1="x₁", x2="x₂", one=t("perceptron.class_one"),
                zero=t("perceptron.class_zero"), line=t("perceptron.line"),
                no_line=t("perceptron.no_line"), output=t("perceptron.prediction"),
                boundary=t("perceptron.line"), z=t("perceptron.prediction"),
                cut=t("perceptron.cut_plane"), trail=t("perceptron.trail"))


url = page_setup("perceptron")
ctl = CONTROLS.seed(url)
url.show_notes()

c1, c2, c3, c4, c5 = st.columns([1.1, 1, 1.3, 1.3, 1])
gate = ctl.widget("gate", where=c1)
lr = ctl.widget("lr", where=c2)
threshold = ctl.widget("threshold", where=c3)
epochs = ctl.widget("epochs", where=c4)
seed = ctl.widget("seed", where=c5)

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
        st.info(t("perceptron.not_yet", gate=gate, epochs=count("epoch", int(epochs))))
else:
    st.warning(t("perceptron.xor_fails", gate=gate, epochs=count("epoch", int(epochs)),
                 best=f"{accuracy.max():.2f}", min_updates=count("point", int(errors.min()))))

# ---- replay: one control (play/pause, step, speed, the epoch slider) drives all four charts
# "perceptron.epoch" (in the link) is the epoch every view shows; the server owns it. Each
# request carries the slider's value as the browser last drew it, frames behind while the
# replay runs (CI saw slider 25, charts 20, and a paused slider that sprang back to 0). So the
# slider is a view of the epoch: a disabled twin while playing, and whenever the page moves the
# epoch (pause, a step, the end) a new slider, under a new key, that starts at it. No browser
# holds an old value for a new key, and a start value cannot be lost the way a value set
# through session_state can when the next run's copy of the slider replaces it in transit.
EPOCH, SHOWN, MOVES = "perceptron.epoch", "perceptron.epoch_playing", "_perceptron.moves"


def move_epoch(to: int) -> None:
    st.session_state[EPOCH] = int(to)
    st.session_state[MOVES] = st.session_state.get(MOVES, 0) + 1


def play_or_pause(last: int) -> None:
    state = st.session_state
    if not state["perceptron.playing"]:
        move_epoch(state[EPOCH])                            # paused: a slider where it is
    elif state[EPOCH] >= last:
        state[EPOCH] = 0                                    # at the end, Play starts again


def step(by: int, last: int) -> None:
    st.session_state["perceptron.playing"] = False          # stepping is by hand: pause
    move_epoch(replay_step(st.session_state[EPOCH], by, last))


def take_slider(key: str) -> None:
    st.session_state[EPOCH] = st.session_state[key]         # the student moved it


def epoch_slider(last: int, playing: bool) -> int:
    state = st.session_state
    with st.container(key=EPOCH):                           # ?hide=epoch hides either
        if playing:
            state[SHOWN] = state[EPOCH]                     # one frame on
            return st.slider(t("perceptron.epoch"), 0, last, step=1, key=SHOWN,
                             disabled=True, help=t("perceptron.epoch_help"))
        key = f"perceptron.epoch_slider_{state.get(MOVES, 0)}"
        return st.slider(t("perceptron.epoch"), 0, last, value=state[EPOCH], step=1, key=key,
                         on_change=take_slider, args=(key,), help=t("perceptron.epoch_help"))


def frame_every() -> float | None:
    """Seconds between replay frames, or None when paused (no timer runs)."""
    return REPLAY_FRAME_SECONDS if st.session_state["perceptron.playing"] else None


def epoch_views(run: dict, gate: str, threshold: float, last: int, every: float | None):
    """The replay's controls and every chart that shows one epoch. Runs alone (a fragment)
    on each frame while playing; a full run sets or clears its timer (`every`)."""
    state = st.session_state
    X, y = GATES[gate]
    accuracy, errors = run["accuracy"], run["errors"]
    if frame_every() != every:          # play or pause: a full run sets or clears the timer
        st.rerun()
    if state["perceptron.playing"]:
        state[EPOCH] = replay_step(state[EPOCH], state["perceptron.speed"], last)
        if state[EPOCH] >= last:
            state["_perceptron.at_end"] = True              # switched off by the full run
            move_epoch(last)
            st.rerun()                                      # the end: stop the timer
    c1, c2, c3, c4 = st.columns([1.1, 1, 1, 3], vertical_alignment="bottom")
    # Play is a switch, not a button: its value goes with every request, so a click that
    # lands while a frame is being drawn cannot get lost the way a button's one-off click can.
    playing = c1.toggle(t("perceptron.play"), key="perceptron.playing",
                        on_change=play_or_pause, args=(last,))
    c2.button(t("perceptron.step_back"), key="perceptron.back", on_click=step,
              args=(-1, last), width="stretch", help=t("perceptron.step_help"))
    c3.button(t("perceptron.step_forward"), key="perceptron.forward", on_click=step,
              args=(1, last), width="stretch", help=t("perceptron.step_help"))
    ctl.widget("speed", where=c4)
    epoch = epoch_slider(last, playing)
    w, b = run["weights"][epoch], run["bias"][epoch]
    now_right = int((predict(w, b, X, threshold) == y).sum())
    left, right = st.columns(2)
    with left:
        title = t("perceptron.line_title", gate=gate, epoch=epoch, right=now_right)
        trail = [decision_line(run["weights"][k], run["bias"][k], threshold)
                 for k in range(max(0, epoch - 10), epoch)]
        show_chart(figs.line_figure(X, y, decision_line(w, b, threshold), point_text(title),
                                    trail=trail),
                   key="perceptron_line", file_name=file_stem("perceptron-line", gate, epoch))
    with right:
        show_chart(figs.curves_figure(
            accuracy, errors, epoch,
            dict(title=t("perceptron.curves_title"), accuracy=t("perceptron.accuracy"),
                 errors=t("perceptron.errors"), errors_axis=t("perceptron.errors_axis"),
                 epoch=t("perceptron.epoch_axis"),
                 ceiling=t("perceptron.ceiling"), current=t("perceptron.current", epoch=epoch)),
            ceiling=None if gate in LINEARLY_SEPARABLE else 0.75),
            key="perceptron_curves", file_name=file_stem("perceptron-curves", gate))
    axis, grid = unit_square_grid(101)
    image = predict(w, b, grid, threshold).reshape(101, 101).T      # [x₂ row, x₁ column]
    left, right = st.columns(2)
    with left:
        show_chart(figs.region_figure(
            axis, image, X, y, point_text(t("perceptron.region_title", gate=gate, epoch=epoch)),
            binary=True), key="perceptron_region",
            file_name=file_stem("perceptron-region", gate, epoch))
    with right:
        show_chart(figs.surface_figure(
            axis, image, X, y, point_text(t("perceptron.surface_title", gate=gate,
                                            epoch=epoch)),
            binary=True), key="perceptron_surface",
            file_name=file_stem("perceptron-surface", gate, epoch))
    if not playing:
        url.sync()                      # a step or a slider move reruns only this part


st.subheader(t("perceptron.replay"))
st.session_state.setdefault("perceptron.playing", False)
if st.session_state.pop("_perceptron.at_end", False):
    st.session_state["perceptron.playing"] = False  # in the run that draws the switch: it shows
if st.session_state[EPOCH] > epochs or st.session_state.get("_perceptron.last_epochs") == \
        st.session_state[EPOCH] and not st.session_state["perceptron.playing"]:
    move_epoch(epochs)                                      # follow the end of training
st.session_state["_perceptron.last_epochs"] = int(epochs)
every = frame_every()
st.fragment(epoch_views, run_every=every)(run, gate, float(threshold), int(epochs), every)
st.caption(t("perceptron.region_note"))

# ---- success rate over many seeds, every gate in one batched run
st.subheader(t("perceptron.success_header"))
n_seeds = ctl.widget("seeds")
with st.spinner(t("perceptron.success_running", n=n_seeds)):
    rates = success(float(lr), float(threshold), int(epochs), int(n_seeds))
show_chart(figs.success_figure(
    GATE_NAMES, {t("perceptron.title"): rates.solved},
    dict(title=t("perceptron.success_title", n=n_seeds, epochs=count("epoch", int(epochs))),
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
