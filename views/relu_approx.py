"""ReLU approximation: six units side by side against three layers of two, fitting y = x²."""
import numpy as np
import streamlit as st

from actlib.nets import approx, mlp
from actlib.activations import REGISTRY
from actlib.figures import approx as figs
from ui import page_setup, show_error, t, tn
from ui.controls import Control, Controls
from ui.training import train   # in a worker process: the sliders keep the GIL
from ui.export import file_stem, show_chart

MAX_SEEDS, MAX_EPOCHS, MAX_WIDTH, MAX_DEPTH = 64, 1000, 32, 8
SWEEP_SEEDS, SWEEP_EPOCHS = 4, 20          # the sweep trains 5 rates × 2 activations
YAROTSKY_M = 3                             # the row the conclusion quotes
# The select boxes' labels are dicts' .get, not lambdas: Streamlit keeps a widget's
# format_func in the session after the run, and a function written in this file holds the
# whole run's variables (the fit, the figures: ~3 MiB) for as long as the session is kept,
# also 2 minutes after its tab closed (docs/operations.md, "Memory over a lesson").
TARGET_LABELS = {k: f"y = {formula}" for k, (formula, _) in approx.TARGETS.items()}
ACTIVATION_NAMES = {k: a.name for k, a in REGISTRY.items()}


def widths_text(raw: str) -> str:
    """'2, 2 2' → '2,2,2'; ValueError unless 1–8 layers of 1–32 units."""
    parts = [p for p in str(raw).replace(" ", ",").replace("-", ",").split(",") if p]
    widths = [int(p) for p in parts]
    if not 1 <= len(widths) <= MAX_DEPTH or not all(1 <= w <= MAX_WIDTH for w in widths):
        raise ValueError(raw)
    return ",".join(map(str, widths))


def widths_of(text: str) -> tuple[int, ...]:
    return tuple(int(w) for w in widths_text(text).split(","))


@st.cache_data(max_entries=24, show_spinner=False)
def run_fit(seeds: tuple, epochs: int, lr: float, batch: int, noise: float, target: str,
            activation: str, parallel: tuple, serial: tuple, _label: str = "") -> dict:
    return train(approx.fit_parallel_vs_serial, label=_label,
                 seeds=seeds, epochs=epochs, lr=lr, batch_size=batch, noise=noise, target=target,
                 activation=activation, parallel=parallel, serial=serial)


@st.cache_data(max_entries=24, show_spinner=False)
def run_sweep(seeds: tuple, batch: int, noise: float, target: str, widths: tuple,
              _label: str = "") -> dict:
    return train(approx.lr_sweep, label=_label, seeds=seeds, widths=widths,
                 epochs=SWEEP_EPOCHS, batch_size=batch, noise=noise, target=target)


@st.cache_data(max_entries=8, show_spinner=False)
def yarotsky(noise: float) -> list[dict]:
    return approx.yarotsky_table(data=approx.course_data(noise, 0, "x2"))


def fmt(v: float) -> str:
    return "—" if not np.isfinite(v) else f"{v:.3g}" if abs(v) < 10 else f"{v:,.0f}"


def share(fraction: float) -> str:
    """0 → "0%", 0.004 → "<1%" (not a misleading "0%"), 0.25 → "25%"."""
    return "<1%" if 0 < fraction < 0.005 else f"{fraction:.0%}"


# One declaration per control: the URL accepts exactly what the widget does.
CONTROLS = Controls(
    Control.slider("seeds", "relu.seeds", 8, 1, MAX_SEEDS, 1, help=True),
    Control.number("seed0", "relu.first_seed", 0, 0, 10**6, 1),
    Control.number("epochs", "relu.epochs", 100, 1, MAX_EPOCHS, 10),
    Control.number("lr", "relu.lr", 0.005, 1e-4, 1.0, 0.001, help=True,
                   extra={"format": "%.4f"}),
    Control.number("batch", "relu.batch", 32, 1, approx.N_POINTS, 1, help=True),
    Control.slider("noise", "relu.noise", 10.0, 0.0, 50.0, 0.5, help=True),
    Control.select("target", "relu.target", "x2", list(approx.TARGETS)),
    Control.select("activation", "relu.activation", "relu", list(REGISTRY)),
    Control.text("parallel", "relu.parallel", "6", widths_text),
    Control.text("serial", "relu.serial", "2,2,2", widths_text),
)

url = page_setup("relu")
ctl = CONTROLS.seed(url)
url.show_notes()

with st.form("relu_form", border=True):
    c = st.columns(5)
    ctl.widget("seeds", where=c[0])
    ctl.widget("epochs", where=c[1])
    ctl.widget("lr", where=c[2])
    ctl.widget("batch", where=c[3])
    ctl.widget("noise", where=c[4])
    c = st.columns([1, 1, 1, 1, 0.8])
    ctl.widget("target", where=c[0], format_func=TARGET_LABELS.get)
    ctl.widget("activation", where=c[1], format_func=ACTIVATION_NAMES.get)
    ctl.widget("parallel", where=c[2], help=t("relu.widths_help"))   # one help for both
    ctl.widget("serial", where=c[3], help=t("relu.widths_help"))
    ctl.widget("seed0", where=c[4])
    st.form_submit_button(t("relu.train"), type="primary", key="relu.train")

state = st.session_state
try:
    parallel, serial = widths_of(state["relu.parallel"]), widths_of(state["relu.serial"])
except ValueError:
    show_error(t("relu.bad_widths", max_width=MAX_WIDTH, max_depth=MAX_DEPTH))
    st.stop()
activation, target = state["relu.activation"], state["relu.target"]
seeds = tuple(range(int(state["relu.first_seed"]), int(state["relu.first_seed"]) + int(state["relu.seeds"])))
settings = dict(epochs=int(state["relu.epochs"]), lr=float(state["relu.lr"]),
                batch=int(state["relu.batch"]), noise=float(state["relu.noise"]), target=target,
                activation=activation)
names = {"parallel": t("relu.parallel_name", widths="-".join(map(str, parallel))),
         "serial": t("relu.serial_name", widths="-".join(map(str, serial)))}
counts = {k: mlp.n_params(approx.net_spec(w, activation), 1) for k, w in
          (("parallel", parallel), ("serial", serial))}
st.caption(t("relu.counts", parallel=names["parallel"], serial=names["serial"],
             p=counts["parallel"], s=counts["serial"]))

try:
    fit = run_fit(seeds, settings["epochs"], settings["lr"], settings["batch"], settings["noise"],
                  target, activation, parallel, serial, _label=t("relu.training"))
except ValueError:
    show_error(t("relu.bad_setting"))
    st.stop()
par, ser, floor = fit["parallel"], fit["serial"], fit["noise_floor"]
archs = [(names["parallel"], par), (names["serial"], ser)]
verdict = approx.conclusions(fit)

# ---- the verdict, from this run's numbers
m = st.columns(4)
m[0].metric(t("relu.median_mse", name=names["parallel"]), fmt(verdict["parallel"]["median"]))
m[1].metric(t("relu.median_mse", name=names["serial"]), fmt(verdict["serial"]["median"]))
m[2].metric(t("relu.noise_floor"), fmt(floor), help=t("relu.noise_floor_help"))
m[3].metric(t("relu.seed_count"), str(len(seeds)))
diverged = {k: int(fit[k].diverged.sum()) for k in ("parallel", "serial")}
if any(diverged.values()):
    show_error(t("relu.diverged", p=diverged["parallel"], s=diverged["serial"], n=len(seeds)))
winner = verdict["winner"]
say = dict(p=fmt(verdict["parallel"]["median"]), s=fmt(verdict["serial"]["median"]),
           seeds=tn("relu.n_seeds", len(seeds)), floor=fmt(floor), ratio=f"{verdict['ratio']:.1f}",
           parallel=names["parallel"], serial=names["serial"])
lines = [t(f"relu.verdict_{winner}", **say)]
for key in ("parallel", "serial"):
    v = verdict[key]
    lines.append(t("relu.outcomes", name=names[key], good=v["good"],
                   seeds=tn("relu.n_seeds", v["n_seeds"]), partial=v["partial"],
                   constant=v["constant"], diverged=v["diverged"],
                   dead=f"{v['dead_units']:.1f}", units=tn("relu.n_units", v["n_units"])))
if verdict["serial"]["constant"] or verdict["parallel"]["constant"]:
    lines.append(t("relu.why_constant", var=fmt(float(np.var(fit["y"])))))
(st.success if winner == "parallel" else st.info)("\n\n".join(lines))

# ---- fits side by side
show_chart(figs.fits_figure(fit["X"], fit["y"], fit["clean"], archs, dict(
    title=t("relu.fits_title", target=approx.TARGETS[target][0]), data=t("relu.data"),
    target=t("relu.clean"), seeds=t("relu.each_seed"), median=t("relu.median_seed"))),
           key="relu_fits", file_name=file_stem("relu-fits", target))

# ---- hinges and kinks of the median seeds
st.subheader(t("relu.hinges_header"))
hinge = approx.hinges(par, par.median_seed, fit["X"]) if len(parallel) == 1 else None
pieces = {k: approx.kinks_and_pieces(fit[k], fit[k].median_seed) for k in ("parallel", "serial")}
serial_trace = pieces["serial"].get("output")
if serial_trace is None:
    serial_trace = np.interp(np.linspace(-10, 10, 20001), fit["X"], ser.predictions[ser.median_seed])
show_chart(figs.hinges_figure(fit["X"], hinge, serial_trace, pieces["serial"]["kinks"], dict(
    title=t("relu.hinges_title"), parallel=names["parallel"], serial=names["serial"],
    unit=t("relu.unit"), sum=t("relu.sum"), serial_out=t("relu.net_output"),
    kinks=t("relu.kinks"))),
           key="relu_hinges", file_name=file_stem("relu-hinges", target))
if pieces["parallel"]["pieces"] is None:
    st.caption(t("relu.curved", activation=REGISTRY[activation].name))
else:
    st.caption(t("relu.pieces", parallel=names["parallel"], serial=names["serial"],
                 pp=pieces["parallel"]["pieces"], sp=pieces["serial"]["pieces"]))

# ---- training: loss curves and the distribution of final MSE
left, right = st.columns(2)
with left:
    show_chart(figs.loss_figure(archs, floor, dict(
        title=t("relu.loss_title"), median=t("relu.median"), floor=t("relu.noise_floor"),
        epoch=t("relu.epoch"), mse=t("relu.mse"))),
               key="relu_loss", file_name=file_stem("relu-loss", target))
with right:
    show_chart(figs.mse_strip_figure(
        archs, [approx.outcome(a, floor) for _, a in archs], seeds, floor,
        float(np.var(fit["y"])), dict(
            title=t("relu.mse_title"), mse=t("relu.final_mse"), floor=t("relu.noise_floor"),
            var=t("relu.var_y"), seed=t("relu.seed"), good=t("relu.good"),
            partial=t("relu.partial"), constant=t("relu.constant"),
            diverged=t("relu.diverged_label"))),
               key="relu_mse", file_name=file_stem("relu-mse", target))
st.caption(t("relu.mse_note"))

show_chart(figs.dead_figure(archs, dict(title=t("relu.dead_title"), share=t("relu.dead_share"))),
           key="relu_dead", file_name=file_stem("relu-dead", target))
st.caption(t("relu.dead_note"))

# ---- depth is not the culprit: Yarotsky's hand-built deep ReLU net
st.subheader(t("relu.yarotsky_header"))
rows = yarotsky(settings["noise"])
trained = {}
if target == "x2":
    for key in ("parallel", "serial"):
        a = fit[key]
        trained[key] = (a.n_params, float(np.max(np.abs(a.predictions[a.median_seed] - fit["clean"]))))
show_chart(figs.yarotsky_figure(rows, trained, dict(
    title=t("relu.yarotsky_title"), theory=t("relu.theory"), built=t("relu.built"),
    parallel=names["parallel"], serial=names["serial"], params=t("relu.params"),
    error=t("relu.max_error"))),
           key="relu_yarotsky", file_name=file_stem("relu-yarotsky", target))
row = rows[YAROTSKY_M - 1]
st.markdown(t("relu.yarotsky_note", m=row["m"], params=row["n_params"],
              layers=row["hidden_layers"], err=f"{row['max_error']:.3g}"))
st.dataframe({t("relu.col_m"): [r["m"] for r in rows],
              t("relu.params"): [r["n_params"] for r in rows],
              t("relu.col_layers"): [r["hidden_layers"] for r in rows],
              t("relu.max_error"): [f"{r['max_error']:.6g}" for r in rows],
              t("relu.theory"): [f"{r['theory']:.6g}" for r in rows],
              t("relu.col_mse"): [f"{r['mse']:.2f}" for r in rows]},
             hide_index=True, key="relu_yarotsky_table")

# ---- dying ReLU: learning-rate sweep, Leaky ReLU beside it
st.subheader(t("relu.sweep_header"))
sweep_seeds = seeds[:SWEEP_SEEDS]
sweep = run_sweep(sweep_seeds, settings["batch"], settings["noise"], target, serial,
                  _label=t("relu.sweeping"))
show_chart(figs.sweep_figure(sweep, {k: REGISTRY[k].name for k in sweep["activations"]}, dict(
    title=t("relu.sweep_title", widths="-".join(map(str, serial))), dead=t("relu.dead_share"),
    mse=t("relu.final_mse"), floor=t("relu.noise_floor"), lr=t("relu.lr"))),
           key="relu_sweep", file_name=file_stem("relu-sweep", target))
relu_dead, leaky_dead = sweep["dead_fraction"]
st.caption(t("relu.sweep_note", seeds=tn("relu.n_seeds", len(sweep_seeds)), epochs=SWEEP_EPOCHS,
             low=share(relu_dead[0]), high=share(relu_dead[-1]))
           + " " + tn("relu.leaky_dead", float(leaky_dead.max()), share=share(leaky_dead.max())))

url.sync()
