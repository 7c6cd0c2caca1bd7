"""The Compare page with all 27 activations selected: Python build time and bytes per chart.

`compare_page_work` repeats what views/compare.py does on a rerun: f and f' of every
activation on the overlay grid (1001 float32 points) and the small-multiples grid (201),
the properties rows, the four figures, and each figure's JSON (Streamlit sends
plotly.io.to_json of every chart on every rerun). The gradient-flow numbers are cached by the
page (st.cache_data), so a rerun reads them; their cold cost is a case of its own.
"""
from __future__ import annotations

import functools

import numpy as np
import plotly.io as pio
from plotly.tools import return_figure_from_figure_or_data

from actlib.activations import COURSE_SET, REGISTRY
from actlib.figures.activations import gradient_flow_figure, overlay_figure, small_multiples
from actlib.lessons.gradflow import _standard_normal, flow
from actlib.activations.properties import _properties
from bench.timing import Case, best_time

OVERLAY_POINTS, GRID_POINTS, DEPTH, SAMPLES = 1001, 201, 50, 2000   # as views/compare.py
LABELS = {"magnitude": "|∏ f′|", "zeros": "zeros", "depth": "n"}


def _flows() -> dict[str, dict]:
    return {a.name: flow(a, DEPTH, 1.0, SAMPLES, 0, **a.defaults()) for a in REGISTRY.values()}


@functools.cache
def flows() -> dict[str, dict]:
    """The gradient-flow numbers, as the page's cache holds them (computed on first use)."""
    return _flows()


def compare_figures(cold_properties: bool = False, keys=tuple(REGISTRY)) -> list:
    """The page's four figures for `keys` (default all 27), from fresh arrays (flows precomputed,
    as the page's cache would have them)."""
    if cold_properties:
        _properties.cache_clear()
    x = np.linspace(-5, 5, OVERLAY_POINTS, dtype=np.float32)
    xs = np.linspace(-5, 5, GRID_POINTS, dtype=np.float32)
    f, df, small = {}, {}, {}
    for act in (REGISTRY[k] for k in keys):
        p = act.defaults()
        f[act.name], df[act.name] = act.value_and_grad(x, **p)
        small[act.name] = act.value_and_grad(xs, **p)
        act.properties(**p)
    layers = np.arange(1, DEPTH + 1)
    return [overlay_figure(x, f, title="f", x_title="x"),
            overlay_figure(x, df, title="f′", x_title="x"),
            small_multiples(xs, small, labels={"f": "f", "df": "f′"}),
            gradient_flow_figure(layers, {n: flows()[n] for n in f}, labels=LABELS,
                                 reference={"0.25ⁿ": 0.25 ** layers})]


def chart_json(fig) -> str:
    """What st.plotly_chart (streamlit 1.67) does with a figure before sending it."""
    return pio.to_json(return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


def compare_page_work(cold_properties: bool = False) -> int:
    """Arrays → figures → JSON, as a rerun does; returns the bytes of JSON produced."""
    return sum(len(chart_json(fig)) for fig in compare_figures(cold_properties))


def chart_bytes(keys=tuple(REGISTRY)) -> float:
    return float(sum(len(chart_json(fig)) for fig in compare_figures(keys=keys)))


def flow_numbers_cold() -> None:
    _standard_normal.cache_clear()
    _flows()


CASES = [
    Case("compare page build, all 27 selected (arrays, properties cached, 4 figures + JSON)",
         lambda: best_time(compare_page_work, repeat=5), 150e-3, "s",
         note="all 27 selected"),
    Case("compare page build, all 27, properties uncached (first open)",
         lambda: best_time(lambda: compare_page_work(cold_properties=True), repeat=3), 250e-3, "s",
         note="once per parameter set: act.properties is lru-cached"),
    Case("compare charts' JSON, all 27 selected (f, f′, grid, flow)", chart_bytes, 1.0e6, "B",
         note="float32 arrays, x as x0 + dx"),
    Case("compare charts' JSON, the course's 8 (the page as it opens)",
         lambda: chart_bytes(COURSE_SET), 250e3, "B",
         note="what the page sends on open and on every control change"),
    Case("gradient-flow numbers, all 27 × 2000 paths × 50 layers (uncached)",
         lambda: best_time(flow_numbers_cold, repeat=3), 150e-3, "s",
         note="cached per activation, parameters, σ and seed by the page"),
]
