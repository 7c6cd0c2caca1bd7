"""Figures of activations: one with its derivative, many overlaid, small multiples,
gradient flow through depth. Labels arrive already translated."""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from actlib.figures.common import DF_COLOUR, F_COLOUR, FLAT_FILL, base_layout, colour, f32


def function_figure(x, f, df, *, labels: dict, flat=(), kinks=(), height=460) -> go.Figure:
    """f and f' on one chart; flat regions (|f'| < 0.1) shaded, kinks dotted.

    labels: {"f": …, "df": …, "flat": …, "x": …}.
    """
    x = f32(x)
    fig = go.Figure([
        go.Scatter(x=x, y=f32(f), name=labels["f"], line=dict(color=F_COLOUR, width=3)),
        go.Scatter(x=x, y=f32(df), name=labels["df"], line=dict(color=DF_COLOUR, width=2, dash="dash")),
    ])
    lo, hi = float(x[0]), float(x[-1])
    for a, b in flat:
        a, b = max(a, lo), min(b, hi)
        if b > a:
            fig.add_vrect(x0=a, x1=b, fillcolor=FLAT_FILL, line_width=0, layer="below")
    if flat:   # one legend entry for all shaded regions
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=labels["flat"],
                                 marker=dict(size=14, symbol="square", color=FLAT_FILL)))
    for k in kinks:
        if lo <= k <= hi:
            fig.add_vline(x=k, line=dict(color="grey", width=1, dash="dot"))
    fig.update_layout(**base_layout(height=height, xaxis_title=labels["x"]))
    return fig


def overlay_figure(x, curves: dict[str, np.ndarray], *, title: str, x_title: str,
                   height=420) -> go.Figure:
    """Several curves on one axis, one colour each, in the order given."""
    x = f32(x)
    fig = go.Figure([go.Scatter(x=x, y=f32(y), name=name, line=dict(color=colour(i), width=2.5))
                     for i, (name, y) in enumerate(curves.items())])
    fig.update_layout(**base_layout(height=height, title=title, xaxis_title=x_title))
    return fig


def small_multiples(x, curves: dict[str, tuple[np.ndarray, np.ndarray]], *, labels: dict,
                    cols: int = 4) -> go.Figure:
    """A small chart per activation with f (solid) and f' (dashed); shared x."""
    names = list(curves)
    rows = max(1, math.ceil(len(names) / cols))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=names,
                        horizontal_spacing=0.04, vertical_spacing=0.12 / max(1, rows / 3))
    x = f32(x)
    for i, name in enumerate(names):
        f, df = curves[name]
        r, c = divmod(i, cols)
        fig.add_trace(go.Scatter(x=x, y=f32(f), name=labels["f"], legendgroup="f",
                                 showlegend=i == 0, line=dict(color=F_COLOUR, width=2)), r + 1, c + 1)
        fig.add_trace(go.Scatter(x=x, y=f32(df), name=labels["df"], legendgroup="df",
                                 showlegend=i == 0, line=dict(color=DF_COLOUR, width=1.5, dash="dash")),
                      r + 1, c + 1)
    fig.update_layout(**base_layout(height=230 * rows + 60, hovermode="closest"))
    fig.update_annotations(font_size=14)
    return fig


def gradient_flow_figure(depths, flows: dict[str, dict], *, labels: dict) -> go.Figure:
    """Left: median |∏ f'| over depth (log scale) with a 10–90 % band; right: share of exact zeros.

    flows[name] = {"median": …, "q10": …, "q90": …, "zero_fraction": …} per depth;
    the quantiles are over the non-zero products (NaN where every product is zero).
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=(labels["magnitude"], labels["zeros"]),
                        horizontal_spacing=0.1)
    d = np.asarray(depths)
    for i, (name, s) in enumerate(flows.items()):
        c = colour(i)
        band = np.concatenate([s["q90"], s["q10"][::-1]])
        fig.add_trace(go.Scatter(x=np.concatenate([d, d[::-1]]), y=band, fill="toself",
                                 fillcolor=c, opacity=0.15, line=dict(width=0), hoverinfo="skip",
                                 showlegend=False, legendgroup=name), 1, 1)
        fig.add_trace(go.Scatter(x=d, y=s["median"], name=name, legendgroup=name,
                                 line=dict(color=c, width=2.5)), 1, 1)
        fig.add_trace(go.Scatter(x=d, y=s["zero_fraction"], name=name, legendgroup=name,
                                 showlegend=False, line=dict(color=c, width=2.5)), 1, 2)
    fig.update_yaxes(type="log", exponentformat="power", row=1, col=1)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%", row=1, col=2)
    fig.update_xaxes(title_text=labels["depth"])
    fig.update_layout(**base_layout(height=440, hovermode="x unified"))
    return fig
