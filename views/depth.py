"""Depth: four research results on depth and initialisation, each with its paper's number."""
import numpy as np
import streamlit as st

from actlib.activations import REGISTRY
from actlib.lessons.depth import born_dead, inits, pwl, regions, sawtooth, signal
from actlib.figures import depth as figs
from actlib.offload import TrainingStopped
from ui import page_setup, show_error, t
from ui.controls import Control, Controls
from ui.export import file_stem, show_chart
from ui import training

SHALLOW_SEEDS = (0, 1, 2)
REGION_TRIALS, TRAIN_SEEDS, TRAIN_EPOCHS = 50, tuple(range(8)), 300
DEEP_EPOCHS = 8
SIGMOID_EPOCHS = 10
HIST_LAYERS = 5                     # histograms of this many layers, evenly spread
state = st.session_state

CONTROLS = Controls(     # each once: the URL accepts exactly what its widget does
    Control.slider("k", "depth.k", 4, 1, sawtooth.MAX_K, 1, help=True),
    Control.slider("w", "depth.w", 8, 1, 4 * 2 ** sawtooth.MAX_K, 1, help=True),
    Control.select("ract", "depth.r_act", "relu", pwl.PIECEWISE_LINEAR),
    Control.select("rinit", "depth.r_init", "he", inits.SCHEMES),
    Control.slider("rwidth", "depth.r_width", 8, 1, 64, 1),
    Control.slider("rdepth", "depth.r_depth", 6, 1, 10, 1),
    Control.number("rbias", "depth.r_bias", regions.BIAS_STD, 0.0, 1.0, 0.01,
                   extra={"format": "%.3f"}),
    Control.select("dinit", "depth.d_init", "he", born_dead.INITS),
    Control.select("dact", "depth.d_act", "relu", born_dead.ACTIVATIONS),
    Control.slider("dtrials", "depth.d_trials", 2000, 100, 4000, 100),
    Control.select("sact", "depth.s_act", "relu", REGISTRY),
    Control.select("sinit", "depth.s_init", "glorot", inits.SCHEMES),
    Control.slider("swidth", "depth.s_width", 128, 64, 256, 16),
    Control.slider("sdepth", "depth.s_depth", 20, 2, 30, 1),
)


@st.cache_data(max_entries=32, show_spinner=False)
def shallow_fit(k: int, width: int, _label: str = "") -> dict:
    return training.run(sawtooth.fit_shallow, label=_label, k=k, width=width,
                        seeds=SHALLOW_SEEDS)


@st.cache_data(max_entries=16, show_spinner=False)
def width_sweep(k: int) -> tuple[np.ndarray, np.ndarray]:
    widths = sawtooth.sweep_grid(k)
    return widths, sawtooth.sweep_widths(k, widths)


@st.cache_data(max_entries=32, show_spinner=False)
def region_counts(arrangements: tuple, activation: str, scheme: str, bias: float) -> list:
    return [regions.at_init(w, REGION_TRIALS, activation, scheme=scheme, bias_std=bias)
            for w in arrangements]


@st.cache_data(max_entries=16, show_spinner=False)
def region_training(arrangements: tuple, activation: str, scheme: str, bias: float,
                    _label: str = "") -> dict:
    return training.run(regions.before_after, label=_label, arrangements=arrangements,
                        seeds=TRAIN_SEEDS, activation=activation, scheme=scheme,
                        bias_std=bias, epochs=TRAIN_EPOCHS)


@st.cache_data(max_entries=16, show_spinner=False)
def dead_table(scheme: str, activation: str, trials: int, _label: str = "") -> np.ndarray:
    return training.run(born_dead.table, label=_label, trials=trials, scheme=scheme,
                        activation=activation)


@st.cache_data(max_entries=16, show_spinner=False)
def propagation(activation: str, scheme: str, width: int, depth: int) -> dict:
    return training.run(signal.propagate, activation=activation, scheme=scheme, width=width,
                        depth=depth)


@st.cache_data(max_entries=4, show_spinner=False)
def deep_training(_label: str = "") -> dict:
    return training.run(signal.train_deep, label=_label, epochs=DEEP_EPOCHS)


@st.cache_data(max_entries=4, show_spinner=False)
def sigmoid_training(_label: str = "") -> dict:
    return training.run(signal.sigmoid_saturation, label=_label, epochs=SIGMOID_EPOCHS)


def computed(fn, *args, **kwargs):
    """fn's result, or None after a translated message: a setting the library refuses
    (ValueError), a worker that failed (RuntimeError), a run that was stopped (its worker
    died, it needed more than a run's CPU limit). The rest of the page goes on."""
    try:
        return fn(*args, **kwargs)
    except TrainingStopped as stopped:
        message = training.stopped_message(stopped)
        if message is None:                 # a newer run of this session draws the page
            st.stop()
        show_error(message)
    except (ValueError, RuntimeError, MemoryError, ArithmeticError):
        show_error(t("depth.failed"))
    return None


def scheme_name(scheme: str) -> str:
    return t(f"depth.init_{scheme}")


def arrangement_name(widths) -> str:
    return f"{len(widths)}×{widths[0]}"


def g3(v: float) -> str:
    return f"{v:.3g}" if np.isfinite(v) else "—"


def sawtooth_section() -> None:
    """1. Telgarsky: depth buys pieces."""
    st.header(t("depth.saw_header"))
    st.markdown(t("depth.saw_intro"))
    c = st.columns(2)
    ctl.widget("k", where=c[0])
    ctl.widget("w", where=c[1])
    k, w = int(state["depth.k"]), int(state["depth.w"])
    deep = sawtooth.count(sawtooth.deep_net(k))
    fit = computed(shallow_fit, k, w, _label=t("depth.fitting"))
    if fit is None:
        return
    show_chart(figs.sawtooth_figure(deep.t, deep.y, fit["x"], fit["best"], dict(
        title=t("depth.saw_title", k=k), deep=t("depth.deep_net", k=k), breaks=t("depth.breakpoints"),
        shallow=t("depth.shallow_net", w=w))),
               key="depth_saw", file_name=file_stem("depth-saw"))
    m = st.columns(4)
    m[0].metric(t("depth.pieces"), str(deep.pieces), help=t("depth.pieces_help"))
    m[1].metric("2^k", str(2 ** k))
    m[2].metric(t("depth.deep_size"), t("depth.deep_size_value", layers=k, neurons=2 * k))
    m[3].metric(t("depth.shallow_need"), str(2 ** k - 1))
    st.markdown(t("depth.saw_weights"))
    st.latex(r"\begin{aligned} W_1 &= \begin{pmatrix} 1 & 1 \end{pmatrix}, & b_1 &= \begin{pmatrix} 0 & -\tfrac12 \end{pmatrix} \\"
             r"W_l &= \begin{pmatrix} 2 & 2 \\ -4 & -4 \end{pmatrix}, & b_l &= \begin{pmatrix} 0 & -\tfrac12 \end{pmatrix} \ (l \ge 2) \\"
             r"W_{\mathrm{out}} &= \begin{pmatrix} 2 \\ -4 \end{pmatrix}, & b_{\mathrm{out}} &= 0 \end{aligned}")
    widths, sweep = width_sweep(k)
    best = float(np.min(fit["rmse"]))
    show_chart(figs.width_error_figure(widths, sweep, w, best, float(np.min(fit["start_rmse"])), k,
                                            fit["std_y"], dict(
        title=t("depth.width_title", k=k), sweep=t("depth.sweep_line"), start=t("depth.start_point"),
        trained=t("depth.trained_point"), std=t("depth.std_line"), need=t("depth.need_line", need=2 ** k - 1),
        width=t("depth.width_axis"), rmse=t("depth.rmse"))),
               key="depth_width", file_name=file_stem("depth-width"))
    verdict = "depth.shallow_short" if w < 2 ** k - 1 else "depth.shallow_enough"
    st.markdown(t(verdict, w=w, max_pieces=w + 1, two_k=2 ** k, rmse=g3(best), std=g3(fit["std_y"]),
                  pieces=fit["pieces"], seeds=len(SHALLOW_SEEDS), need=2 ** k - 1))
    st.caption(t("depth.saw_note"))


def regions_section() -> None:
    """2. Hanin & Rolnick: regions grow with neurons, not depth."""
    st.header(t("depth.reg_header"))
    st.markdown(t("depth.reg_intro"))
    c = st.columns(5)
    ctl.widget("ract", where=c[0], label=t("depth.activation"),
               format_func=lambda a: REGISTRY[a].name)
    ctl.widget("rinit", where=c[1], label=t("depth.init"), format_func=scheme_name)
    ctl.widget("rwidth", where=c[2], label=t("depth.width"))
    ctl.widget("rdepth", where=c[3], label=t("depth.depth"))
    ctl.widget("rbias", where=c[4], label=t("depth.bias"), help=t("depth.bias_help"))
    yours = (int(state["depth.r_width"]),) * int(state["depth.r_depth"])
    arrangements = tuple(regions.ARRANGEMENTS) + (yours,)
    r_act, r_init, r_bias = state["depth.r_act"], state["depth.r_init"], float(state["depth.r_bias"])
    before = region_counts(arrangements, r_act, r_init, r_bias)
    names = [arrangement_name(a) for a in regions.ARRANGEMENTS] + [t("depth.yours", name=arrangement_name(yours))]
    neurons = [sum(a) for a in arrangements]
    trained_key = (arrangements, r_act, r_init, r_bias)
    if st.button(t("depth.reg_train", epochs=TRAIN_EPOCHS, seeds=len(TRAIN_SEEDS)), key="depth.r_train"):
        state["depth.r_trained_for"] = trained_key
    after = None
    if state.get("depth.r_trained_for") == trained_key:
        after = computed(region_training, arrangements, r_act, r_init, r_bias,
                         _label=t("depth.training"))
    show_chart(figs.regions_figure(names, before, after["after"] if after else None, neurons, dict(
        title=t("depth.reg_title", trials=REGION_TRIALS), init=t("depth.at_init"),
        trained=t("depth.after_training", seeds=len(TRAIN_SEEDS)), neurons=t("depth.neurons_line"),
        regions=t("depth.regions"))),
               key="depth_regions", file_name=file_stem("depth-regions"))
    rows = {t("depth.col_net"): names, t("depth.col_neurons"): neurons,
            t("depth.col_init"): ["{:.1f} ± {:.1f}".format(*regions.summary(b)) for b in before]}
    if after:
        rows[t("depth.col_trained")] = [f"{np.mean(a):.1f}" for a in after["after"]]
        rows[t("depth.col_loss")] = [g3(float(np.nanmedian(v))) for v in after["loss"]]
    rows[t("depth.col_bound")] = [f"{regions.bound(a):,}" for a in arrangements]
    rows[t("depth.col_two_depth")] = [f"{2 ** len(a):,}" for a in arrangements]
    st.dataframe(rows, hide_index=True, key="depth_regions_table")
    st.markdown(t("depth.reg_note", means=", ".join(f"{regions.summary(b)[0]:.1f}" for b in before[:3]),
                  trials=REGION_TRIALS, se=f"{max(regions.summary(b)[1] for b in before[:3]):.1f}"))
    if after is None:
        st.caption(t("depth.reg_press"))
    one = regions.breakpoints(yours, r_act, scheme=r_init, bias_std=r_bias)
    show_chart(figs.breakpoints_figure(one.t, one.y, dict(
        title=t("depth.one_title", name=arrangement_name(yours), regions=one.regions),
        output=t("depth.output"), breaks=t("depth.breakpoints"), y=t("depth.output"))),
               key="depth_breaks", file_name=file_stem("depth-breaks"))
    st.caption(t("depth.one_note"))


def born_dead_section() -> None:
    """3. Lu et al.: born dead."""
    st.header(t("depth.dead_header"))
    st.markdown(t("depth.dead_intro"))
    c = st.columns(3)
    ctl.widget("dinit", where=c[0], label=t("depth.init"),
               format_func=lambda s: t(f"depth.dinit_{s}"))
    ctl.widget("dact", where=c[1], label=t("depth.activation"),
               format_func=lambda a: REGISTRY[a].name)
    ctl.widget("dtrials", where=c[2], label=t("depth.trials"))
    d_init, d_act, trials = state["depth.d_init"], state["depth.d_act"], int(state["depth.d_trials"])
    table = computed(dead_table, d_init, d_act, trials, _label=t("depth.counting"))
    if table is None:
        return
    quoted = born_dead.QUOTED if (d_init, d_act) == ("he", "relu") else {}
    show_chart(figs.born_dead_figure(born_dead.WIDTHS, table, quoted, dict(
        title=t("depth.dead_title", trials=trials), width=t("depth.width_legend"),
        quoted=t("depth.quoted"), depth=t("depth.depth_axis"), p=t("depth.p_dead"))),
               key="depth_dead", file_name=file_stem("depth-dead"))
    se = lambda p: float(born_dead.standard_error(p, trials))          # noqa: E731
    w2 = {d: float(table[0, d - 1]) for d in (5, 10, 20)}
    w10 = float(table[born_dead.WIDTHS.index(10)].max())
    st.dataframe({t("depth.col_depth"): [5, 10, 20],
                  t("depth.col_quoted"): [born_dead.QUOTED[2][d] for d in (5, 10, 20)],
                  t("depth.col_ours"): [f"{w2[d]:.3f} ± {se(w2[d]):.3f}" for d in (5, 10, 20)]},
                 hide_index=True, key="depth_dead_table")
    if (d_init, d_act) == ("he", "relu"):
        st.markdown(t("depth.dead_he", p5=f"{w2[5]:.3f}", p10=f"{w2[10]:.3f}", p20=f"{w2[20]:.3f}",
                      w10=f"{w10:.3f}", se=f"{se(0.5):.3f}", trials=trials))
    elif d_act != "relu":
        st.markdown(t("depth.dead_smooth", name=REGISTRY[d_act].name, p=f"{table.max():.3f}"))
    else:
        st.markdown(t("depth.dead_rai", p10=f"{w2[10]:.3f}", w10=f"{w10:.3f}"))
    st.caption(t("depth.dead_note"))


def signal_section() -> None:
    """4. Signal through depth, and the two training runs."""
    st.header(t("depth.sig_header"))
    st.markdown(t("depth.sig_intro"))
    c = st.columns(4)
    ctl.widget("sact", where=c[0], label=t("depth.activation"),
               format_func=lambda a: REGISTRY[a].name)
    ctl.widget("sinit", where=c[1], label=t("depth.init"), format_func=scheme_name)
    ctl.widget("swidth", where=c[2], label=t("depth.width"))
    ctl.widget("sdepth", where=c[3], label=t("depth.depth"))
    s_act, s_init = state["depth.s_act"], state["depth.s_init"]
    s_width, s_depth = int(state["depth.s_width"]), int(state["depth.s_depth"])
    sig = computed(propagation, s_act, s_init, s_width, s_depth)
    if sig is None:
        return
    layers = sorted(set(np.linspace(1, s_depth, min(HIST_LAYERS, s_depth)).round().astype(int).tolist()))
    left, right = st.columns(2)
    with left:
        show_chart(figs.histograms_figure(sig["h"], layers, dict(
            title=t("depth.hist_act"), layer=t("depth.layer_legend"), x=t("depth.value"),
            share=t("depth.share"))),
                   key="depth_hist_act", file_name=file_stem("depth-hist-act"))
    with right:
        show_chart(figs.histograms_figure(sig["grad"], layers, dict(
            title=t("depth.hist_grad"), layer=t("depth.layer_legend"), x=t("depth.value"),
            share=t("depth.share"))),
                   key="depth_hist_grad", file_name=file_stem("depth-hist-grad"))
    factor = signal.per_layer_factor(s_act, s_init, s_width)
    show_chart(figs.variance_figure(sig["var_z"], sig["var_grad"], factor, dict(
        title=t("depth.var_title", name=REGISTRY[s_act].name),
        forward=t("depth.forward"), backward=t("depth.backward"), preserve=t("depth.preserve"),
        closed=t("depth.closed"), closed_back=t("depth.closed_back"), layer=t("depth.layer_axis"),
        var=t("depth.var_axis"))),
               key="depth_var", file_name=file_stem("depth-var"))
    nvar = s_width * inits.weight_variance(s_init, s_width, s_width)
    measured, measured_back = sig["factor_z"], sig["factor_grad"]
    m = st.columns(4)
    m[0].metric("n·Var[w]", g3(nvar))
    m[1].metric("½·n·Var[w]", g3(nvar / 2), help=t("depth.half_help"))
    m[2].metric(t("depth.ratio_fwd"), g3(measured))
    m[3].metric(t("depth.ratio_back"), g3(measured_back))
    lines = [t("depth.sig_numbers", first=g3(sig["var_z"][0]), last=g3(sig["var_z"][-1]), depth=s_depth,
               gfirst=g3(sig["var_grad"][0]), glast=g3(sig["var_grad"][-1]))]
    if factor is not None:
        lines.append(t("depth.sig_closed", factor=g3(factor), measured=g3(measured),
                       total=g3(factor ** (s_depth - 1))))
    if s_act == "sigmoid":
        lines.append(t("depth.sig_sigmoid", mean=f"{sig['mean_h'][-1]:.3f}",
                       saturated=f"{sig['saturated'][-1]:.1%}", ratio=g3(measured_back)))
    st.markdown("\n\n".join(lines))
    st.caption(t("depth.sig_note"))

    st.subheader(t("depth.train_header"))
    st.markdown(t("depth.train_intro", epochs=DEEP_EPOCHS))
    if st.button(t("depth.train_button"), key="depth.s_train", type="primary"):
        state["depth.s_trained"] = True
    if state.get("depth.s_trained"):
        run = computed(deep_training, _label=t("depth.training"))
        if run is None:
            return
        names = [scheme_name(s) for s in run["schemes"]]
        show_chart(figs.training_figure(run["loss"], run["start"], names, run["var_y"], dict(
            title=t("depth.train_title"), var_y=t("depth.var_y"), epoch=t("depth.epoch"),
            mse=t("depth.mse"))),
                   key="depth_train", file_name=file_stem("depth-train"))
        g, h = run["loss"][:, -1]
        st.markdown(t("depth.train_result", glorot=g3(g), he=g3(h), var_y=g3(run["var_y"]),
                      g0=g3(run["start"][0]), h0=g3(run["start"][1])))
        sat = computed(sigmoid_training, _label=t("depth.training"))
        if sat is None:
            return
        show_chart(figs.saturation_figure(sat["means"], dict(
            title=t("depth.sat_title"), layer=t("depth.layer_legend"), epoch=t("depth.epoch"),
            mean=t("depth.sat_mean"))),
                   key="depth_saturation", file_name=file_stem("depth-saturation"))
        top = sat["means"][:, -1]
        st.markdown(t("depth.sat_result", start=f"{top[0]:.3f}", end=f"{top[1]:.3f}",
                      final=f"{top[-1]:.3f}", epochs=SIGMOID_EPOCHS, loss=g3(sat["loss"][-1]),
                  lo=f"{sat['means'][-1, :-1].min():.2f}", hi=f"{sat['means'][-1, :-1].max():.2f}",
                      var_y=g3(sat["var_y"])))


url = page_setup("depth")
ctl = CONTROLS.seed(url)
url.show_notes()

sawtooth_section()
regions_section()
born_dead_section()
signal_section()
st.caption(t("depth.papers"))
url.sync()
