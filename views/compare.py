"""Compare: many activations at once — overlaid, tabulated, side by side, and through depth."""
import numpy as np
import streamlit as st

from actlib.activations import COURSE_SET, REGISTRY
from actlib.figures.activations import gradient_flow_figure, overlay_figure, small_multiples
from actlib.lessons.gradflow import flow
from ui import page_setup, show_error, t
from ui.controls import Control, Controls
from ui.errors import error_text
from ui.widgets import num, param_sliders, properties_row
from ui.export import file_stem, show_chart, show_torch_snippet

OVERLAY_POINTS = 1001     # 0.01 apart on the default [−5, 5]: finer than a projector's pixels
GRID_POINTS = 201         # a small panel is ~300 px wide
MAX_DEPTH = 50
FLOW_SAMPLES = 2000       # paths per activation: the 10 % quantile rests on 200 of them

SNIPPET_X = [-2.0, -0.5, 0.0, 0.5, 2.0]   # the PyTorch script's points

url = page_setup("compare")
CONTROLS = Controls(     # each once: the URL accepts exactly what its widget does
    # a link's unknown names are left out with a note, not a reason to refuse the link
    Control.multiselect("sel", "compare.sel", COURSE_SET, REGISTRY,
                        unknown_note="compare.unknown_acts"),
    Control.range("x", "compare.x", (-5.0, 5.0), -20.0, 20.0, 0.5),
    Control.slider("depth", "compare.depth", 20, 1, MAX_DEPTH),
    Control.slider("sigma", "compare.sigma", 1.0, 0.1, 5.0, 0.1),
    Control.number("seed", "compare.seed", 0, 0, 2**31 - 1),
    Control.toggle("all", "compare.all_props", False),
)
ctl = CONTROLS.seed(url)
url.show_notes()

selection = ctl.widget("sel", label=t("compare.select"),
                       format_func=lambda k: REGISTRY[k].name)   # names are not translated
if not selection:
    st.info(t("compare.none_selected"))

# ---------------------------------------------------------------- parameters | f and f′
controls, charts = st.columns([1, 3], gap="large")
params: dict[str, dict[str, float]] = {}
with controls:
    lo, hi = ctl.widget("x", label=t("compare.x_range"))
    st.caption(t("compare.params_hint"))
    for key in selection:
        act = REGISTRY[key]
        if act.params:                         # in the URL as "elu.alpha": names repeat
            with st.expander(t("compare.params_of", name=act.name)):
                params[key] = param_sliders(act, url, prefix=f"{key}.")
        else:
            params[key] = {}

x = np.linspace(lo, hi, OVERLAY_POINTS, dtype=np.float32)
x_small = np.linspace(lo, hi, GRID_POINTS, dtype=np.float32)
f_curves, df_curves, small = {}, {}, {}
valid = []                                  # the selected activations whose parameters work
with charts:
    for key in selection:
        act, p = REGISTRY[key], params[key]
        try:
            f_curves[act.name], df_curves[act.name] = act.value_and_grad(x, **p)
        except ValueError as err:           # sliders allow only one: RReLU with lower > upper
            show_error(t("compare.bad_params", name=act.name, detail=error_text(err)))
            continue
        small[act.name] = act.value_and_grad(x_small, **p)
        valid.append(key)
    if valid:
        show_chart(overlay_figure(x, f_curves, title=t("compare.f_title"), x_title="x"),
                   key="compare_f", file_name=file_stem("compare-f"))
        show_chart(overlay_figure(x, df_curves, title=t("compare.df_title"), x_title="x"),
                   key="compare_df", file_name=file_stem("compare-df"))
        show_torch_snippet([(k, params[k]) for k in valid], None, SNIPPET_X)

# ---------------------------------------------------------------- properties table
st.subheader(t("compare.properties"))
show_all = ctl.widget("all", label=t("compare.show_all", n=len(REGISTRY)))
rows = []
for key in (REGISTRY if show_all else valid):
    if key in selection and key not in valid:
        continue                            # its parameters are invalid: said above the charts
    act = REGISTRY[key]
    rows.append(properties_row(act, act.properties(**params.get(key, act.defaults()))))
if rows:
    st.dataframe(rows, hide_index=True)
st.caption(t("compare.properties_note"))

# ---------------------------------------------------------------- all at once
if small:
    st.subheader(t("compare.grid"))
    show_chart(small_multiples(x_small, small, labels={"f": "f(x)", "df": "f′(x)"}),
               key="compare_grid", file_name=file_stem("compare-grid"))
    st.caption(t("compare.grid_note"))


# ---------------------------------------------------------------- gradient flow through depth
@st.cache_data(max_entries=256, show_spinner=False)
def _flow(key: str, items: tuple, sigma: float, seed: int) -> dict[str, np.ndarray]:
    """Always MAX_DEPTH layers: the depth slider only cuts, so layer k is the same at any depth."""
    return flow(REGISTRY[key], MAX_DEPTH, sigma, FLOW_SAMPLES, seed, **dict(items))


def percent(share: float) -> str:
    """0.99999905 → "99.9999 %": enough digits that 1 − 0.5²⁰ does not read as 100 %."""
    return f"{num(100 * share, 6)} %"


def flow_of(key: str, depth: int, sigma: float, seed: int) -> dict[str, np.ndarray]:
    items = tuple(sorted((params.get(key) or REGISTRY[key].defaults()).items()))
    return {k: v[:depth] for k, v in _flow(key, items, sigma, seed).items()}


st.subheader(t("compare.flow"))
st.caption(t("compare.flow_intro"))
depth_col, sigma_col, seed_col = st.columns(3)
depth = int(ctl.widget("depth", where=depth_col))
sigma = float(ctl.widget("sigma", where=sigma_col))
seed = int(ctl.widget("seed", where=seed_col))

layers = np.arange(1, depth + 1)
if valid:
    flows = {REGISTRY[k].name: flow_of(k, depth, sigma, seed) for k in valid}
    fig = gradient_flow_figure(layers, flows, reference={t("compare.bound_legend"): 0.25 ** layers},
                               labels={"magnitude": t("compare.magnitude"),
                                       "zeros": t("compare.zeros"), "depth": t("compare.depth_axis")})
    show_chart(fig, key="compare_flow", file_name=file_stem("compare-flow"))

# The two lessons, in this run's own numbers (computed even when not selected: cheap, cached).
sig = flow_of("sigmoid", depth, sigma, seed)
st.markdown(t("compare.sigmoid_caption", n=depth, median=num(sig["median"][-1], 3),
              q90=num(sig["q90"][-1], 3), bound=num(0.25 ** depth, 3),
              times=num(0.25 ** depth / sig["median"][-1], 3)))
relu = flow_of("relu", depth, sigma, seed)
st.markdown(t("compare.relu_caption", n=depth, zeros=percent(relu["zero_fraction"][-1]),
              expected=percent(1 - 0.5 ** depth))
            + " " + t("compare.relu_median", n=depth, median=num(relu["median"][-1], 3)))
st.caption(t("compare.flow_note", samples=FLOW_SAMPLES, seed=seed))

url.sync()
