"""Calculus: numerical vs analytic derivatives, why depth needs a nonlinearity, softmax, and
where the course's formulas overflow. Maths in actlib/lessons/numdiff.py, figures in
actlib/figures/calculus.py."""
import numpy as np
import streamlit as st

from actlib.activations import REGISTRY, softmax
from actlib.errors import ParseError
from actlib.figures.calculus import (collapse_figure, derivative_figure, error_figure,
                                     overflow_figure, softmax_figure)
from actlib.lessons.numdiff import (SCHEMES, activation_fns, away_from_kinks, best_h, collapse,
                            course_tanh, default_hs, difference, error_vs_h, first_nan,
                            grid_lines, image_dimension, linearity_residual, naive_softmax,
                            linear_pieces, overflow_table, parse_logits, piecewise_linear,
                            random_layers, run_layers, two_class_check)
from ui import literal, page_setup, show_error, t, tn
from ui.controls import Control, Controls
from ui.errors import error_text
from ui.widgets import num, param_sliders
from ui.export import file_stem, show_chart, show_torch_snippet

X = np.linspace(-5, 5, 1001)                     # the course's diff_X
HS = default_hs()
DEFAULT_LOGITS = "2, 1, 0.1"
LARGE_LOGITS = "1000, 1001, 1002"
OVERFLOW_X = np.linspace(-1000, 1000, 2001)
SNIPPET_X = [-2.0, -0.5, 0.0, 0.5, 2.0]   # the PyTorch script's points
TABLE_X = [-1000.0, -710.0, -100.0, -89.0, -1.0, 0.0, 1.0, 89.0, 100.0, 710.0, 1000.0]
TABLE_ROW_PX = 35                                # Streamlit's default row height


def _logits_text(raw: str) -> str:
    parse_logits(raw)                            # ValueError → the URL note, default used
    return raw


SCHEME_FORMULAS = {"forward": "(f(x+h) − f(x)) / h", "backward": "(f(x) − f(x−h)) / h",
                   "central": "(f(x+h) − f(x−h)) / 2h"}

# One declaration per control: the URL accepts exactly what the widget does.
CONTROLS = Controls(
    Control.select("act", "calculus.act", "sigmoid", list(REGISTRY)),
    Control.radio("scheme", "calculus.scheme", "forward", list(SCHEMES)),
    Control.slider("log_h", "calculus.log_h", -15.0, -16.0, -1.0, 0.25, help=True,
                   extra={"format": "%.2f"}),
    Control.slider("layers", "calculus.layers", 3, 1, 10),
    Control.select("between", "calculus.between", "linear", list(REGISTRY)),
    Control.number("seed", "calculus.seed", 0, 0, 2**31 - 1),
    Control.text("logits", "calculus.logits", DEFAULT_LOGITS, _logits_text,
                 extra={"max_chars": 200}),
    Control.slider("T", "calculus.temperature", 1.0, 0.1, 5.0, 0.1, help=True),
    Control.radio("dtype", "calculus.dtype", "float64", ["float64", "float32"],
                  extra={"horizontal": True}),
)

url = page_setup("calculus")
ctl = CONTROLS.seed(url)
url.show_notes()


@st.cache_data(max_entries=64, show_spinner=False)
def _error_curves(key: str, params: tuple) -> dict[str, np.ndarray]:
    """Max error over x (kinks ± 0.1 left out) against h, for each scheme."""
    f, df = activation_fns(key, **dict(params))
    keep = away_from_kinks(X, REGISTRY[key].kinks(**dict(params)), HS.max())
    return {s: error_vs_h(f, df, X[keep], HS, s) for s in SCHEMES}


# ---------------------------------------------------------------- 1. numerical derivative
st.header(t("calculus.derivative_header"))
controls, chart = st.columns([1, 3], gap="large")
with controls:
    key = ctl.widget("act", label=t("calculus.activation"), format_func=lambda k: REGISTRY[k].name)
    act = REGISTRY[key]
    params = param_sliders(act, url)
    # The browser sends a radio's choice back as its label, so a label that changed with the
    # language would reset the choice: the labels are the formulas (the same in every
    # language), the translated names are captions.
    scheme = ctl.widget("scheme", format_func=SCHEME_FORMULAS.get,
                        captions=[t(f"calculus.scheme_{s}").split(":")[0].split("：")[0]
                                  for s in SCHEMES])
    log_h = ctl.widget("log_h")
    h = 10.0 ** log_h
    st.markdown(t("calculus.h_now", h=f"{h:.3g}"))

try:
    f, df = activation_fns(key, **params)
    numerical = difference(f, X, h, scheme)
    analytic = df(X)
    curves = _error_curves(key, tuple(sorted(params.items())))
except ValueError as err:                    # RReLU with lower > upper, and the like
    with chart:
        show_error(t("calculus.bad_params", name=act.name, detail=error_text(err)))
    st.stop()

with chart:
    show_chart(derivative_figure(X, numerical, analytic, labels={
        "numerical": t("calculus.numerical", scheme=t(f"calculus.scheme_{scheme}")),
        "analytic": t("calculus.analytic"), "difference": t("calculus.difference"), "x": "x"}),
               key="calculus_derivative", file_name=file_stem("calculus-derivative", key))
    worst = float(np.max(np.abs(numerical - analytic)))
    st.caption(t("calculus.derivative_note", h=f"{h:.3g}", error=f"{worst:.3g}"))
    show_torch_snippet(key, dict(params), SNIPPET_X)     # f′ from autograd, to set beside these

st.subheader(t("calculus.error_header"))
show_chart(error_figure(HS, curves, h, labels={
    "h": t("calculus.h_axis"), "error": t("calculus.error_axis"), "now": "h",
    "best": t("calculus.best"), "round_off": t("calculus.round_off"),
    "truncation": t("calculus.truncation"),
    **{s: t(f"calculus.scheme_{s}") for s in SCHEMES}}),
           key="calculus_error", file_name=file_stem("calculus-error", key))
best = {s: best_h(HS, curves[s]) for s in SCHEMES}
st.markdown(t("calculus.error_note", forward=f"{best['forward']:.0e}",
              central=f"{best['central']:.0e}"))
if act.kinks(**params):
    st.caption(t("calculus.kinks_left_out", kinks=", ".join(num(k) for k in act.kinks(**params))))
st.caption(t("calculus.error_floor"))

# ---------------------------------------------------------------- 2. linear layers collapse
st.header(t("calculus.collapse_header"))
st.caption(t("calculus.collapse_intro"))
controls, chart = st.columns([1, 3], gap="large")
with controls:
    k = ctl.widget("layers")
    between_key = ctl.widget("between", format_func=lambda a: REGISTRY[a].name)
    layer_seed = ctl.widget("seed")
layers = random_layers(k, 2, int(layer_seed))
between = REGISTRY[between_key]
w, b = collapse(layers)
grid = grid_lines()
points = grid.reshape(-1, 2)
through_stack = run_layers(layers, points, between.fn)
through_single = points @ w.T + b
residual = linearity_residual(points, through_stack)
gap = float(np.max(np.abs(through_stack - through_single)))
is_one_matrix = gap < 1e-9 * max(1.0, float(np.max(np.abs(through_single))))
folds = between.key != "linear" and k > 1 and piecewise_linear(
    between.fn, between.kinks(**between.defaults()))
pieces = linear_pieces(layers, points, between.fn, between.grad) if folds else None
stack_label = (tn("calculus.grid_stack_linear", k) if k == 1 or between.key == "linear"
               else t("calculus.grid_stack_act", k=k, name=between.name))
with chart:
    show_chart(collapse_figure(grid, through_stack.reshape(grid.shape),
                                    through_single.reshape(grid.shape), labels={
        "input": t("calculus.grid_in"), "stack": stack_label,
        "single": t("calculus.grid_single")}, pieces=pieces),
               key="calculus_collapse", file_name=file_stem("calculus-collapse", between_key))
    if pieces is not None:
        st.caption(t("calculus.pieces_note", n=int(pieces.max()) + 1, name=between.name))
    st.markdown(tn("calculus.matrix_is", k) if is_one_matrix
                else t("calculus.matrix_without", k=k, name=between.name))
    st.latex(r"W = \begin{bmatrix} %.4f & %.4f \\ %.4f & %.4f \end{bmatrix},\quad "
             r"b = \begin{bmatrix} %.4f \\ %.4f \end{bmatrix}" % (*w.ravel(), *b))
if is_one_matrix:
    st.success(tn("calculus.collapsed_to", k, gap=f"{gap:.1e}", residual=f"{residual:.1e}"))
else:
    kind = "piecewise" if folds else "curved"
    said = [t(f"calculus.not_collapsed_{kind}", k=k, name=between.name, gap=f"{gap:.3g}",
              residual=f"{residual:.3f}")]
    flat = image_dimension(points, through_stack)
    if flat < 2:
        said.append(t(f"calculus.flattened_{flat}", name=between.name))
    st.warning(" ".join(said))
if between.params:
    st.caption(t("calculus.between_defaults", name=between.name))


# ---------------------------------------------------------------- 3. softmax
def _use_large_logits() -> None:
    st.session_state["calculus.logits"] = LARGE_LOGITS


st.header(t("calculus.softmax_header"))
st.caption(t("calculus.softmax_intro"))
controls, chart = st.columns([1, 3], gap="large")
with controls:
    text = ctl.widget("logits")
    st.button(t("calculus.try_large"), key="calculus.try_large", on_click=_use_large_logits,
              help=t("calculus.try_large_help", logits=LARGE_LOGITS), width="stretch")
    temperature = ctl.widget("T")
try:
    logits = parse_logits(text)
    st.session_state["calculus.last_logits"] = text
except ParseError as err:
    value = err.values["value"]
    with controls:
        show_error(t(f"calculus.logits_{err.code}", value=value if err.code == "count" else literal(value)))
    logits = parse_logits(st.session_state.get("calculus.last_logits", DEFAULT_LOGITS))
probabilities = softmax(logits, temperature=temperature)
naive = naive_softmax(logits, temperature)
with chart:
    show_chart(softmax_figure(probabilities, labels={
        "class": t("calculus.class"), "probability": t("calculus.probability")}),
               key="calculus_softmax", file_name=file_stem("calculus-softmax"))
    st.markdown(t("calculus.softmax_sum", total=f"{probabilities.sum():.12f}"))
    if np.all(np.isfinite(naive)):
        st.caption(t("calculus.naive_ok", gap=f"{np.max(np.abs(naive - probabilities)):.1e}"))
    else:
        st.warning(t("calculus.naive_nan"))
    p_first, sigma = two_class_check(logits[0], logits[1], temperature)
    st.markdown(t("calculus.two_class", a=num(logits[0]), b=num(logits[1]),
                  p=f"{p_first:.10f}", s=f"{sigma:.10f}"))

# ---------------------------------------------------------------- 4. overflow
st.header(t("calculus.overflow_header"))
st.caption(t("calculus.overflow_intro"))
dtype_name = ctl.widget("dtype")
dtype = np.dtype(dtype_name)
onset = first_nan(course_tanh, dtype)
table = overflow_table(OVERFLOW_X, dtype)
show_chart(overflow_figure(OVERFLOW_X, table["course_tanh"], table["tanh"], onset, labels={
    "course": t("calculus.course_tanh"), "stable": "np.tanh", "nan": "NaN", "x": "x"}),
           key="calculus_overflow", file_name=file_stem("calculus-overflow"))
st.markdown(t("calculus.onset", dtype=dtype_name, onset=f"{onset:.6g}"))
rows = overflow_table(TABLE_X, dtype)
st.dataframe({
    "x": rows["x"].astype(np.float64),
    t("calculus.col_course_tanh"): [num(v, 6) if np.isfinite(v) else "NaN" for v in rows["course_tanh"]],
    "np.tanh": [num(v, 6) for v in rows["tanh"]],
    t("calculus.col_course_sigmoid"): [num(v, 6) for v in rows["course_sigmoid"]],
    t("calculus.col_sigmoid"): [num(v, 6) for v in rows["sigmoid"]],
    t("calculus.col_log_course"): [num(v, 6) for v in rows["log_course_sigmoid"]],
    t("calculus.col_logsigmoid"): [num(v, 6) for v in rows["logsigmoid"]],
    t("calculus.col_overflow"): [t("calculus.yes") if o else t("calculus.no") for o in rows["overflow"]],
}, hide_index=True, key="calculus_overflow_table", row_height=TABLE_ROW_PX,
    height=TABLE_ROW_PX * (len(TABLE_X) + 1) + 3)       # every row, the header and borders: no inner scroll
st.caption(t("calculus.overflow_note"))

url.sync()
