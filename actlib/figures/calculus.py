"""Figures of the Calculus page: numerical vs analytic derivative, error vs h, linear layers
collapsing, softmax, and the course's overflow. Arrays in, go.Figure out; labels arrive
already translated (dicts named `labels`, keys listed in each docstring)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from actlib.figures.common import PALETTE, base_layout, f32

NUMERICAL, ANALYTIC, DIFFERENCE = PALETTE[1], PALETTE[0], PALETTE[2]
SCHEME_COLOURS = {"forward": PALETTE[1], "backward": PALETTE[4], "central": PALETTE[2]}
ERROR_FLOOR = 1e-17                   # an error of exactly 0 is drawn here on the log axis


def _robust_range(*series: np.ndarray, pad: float = 0.1) -> list[float]:
    """y-range from the 1st–99th percentiles of all series: a 1/h spike at a jump is cut
    off by the axis (still in the data, visible on hover) instead of flattening the rest."""
    values = np.concatenate([np.asarray(s, dtype=np.float64).ravel() for s in series])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return [-1.0, 1.0]
    lo, hi = np.percentile(values, [1, 99])
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo or 1.0
    return [float(lo - pad * span), float(hi + pad * span)]


def derivative_figure(x, numerical, analytic, *, labels: dict, height: int = 420) -> go.Figure:
    """The course's plot: numerical and analytic derivative and their difference over x.

    labels: {"numerical", "analytic", "difference", "x"}.
    """
    numerical, analytic = np.asarray(numerical), np.asarray(analytic)
    difference = analytic - numerical                     # the course: dev_y − num_dev_y
    fig = go.Figure([
        go.Scatter(x=f32(x), y=f32(numerical), name=labels["numerical"],
                   line=dict(color=NUMERICAL, width=2)),
        go.Scatter(x=f32(x), y=f32(analytic), name=labels["analytic"],
                   line=dict(color=ANALYTIC, width=2, dash="dash")),
        go.Scatter(x=f32(x), y=f32(difference), name=labels["difference"],
                   line=dict(color=DIFFERENCE, width=1.5)),
    ])
    fig.update_layout(**base_layout(height=height, xaxis_title=labels["x"],
                                    yaxis=dict(range=_robust_range(numerical, analytic,
                                                                   difference))))
    return fig


def error_figure(hs, errors: dict[str, np.ndarray], h_now: float, *, labels: dict,
                 height: int = 420) -> go.Figure:
    """Max |numerical − analytic| against h on log-log axes, one line per scheme.

    errors: {scheme: array over hs}; each scheme's best h is marked. labels: {"h", "error",
    "now", "best", "round_off", "truncation", and each scheme's name}.
    """
    hs = np.asarray(hs, dtype=np.float64)
    fig = go.Figure()
    for scheme, err in errors.items():
        err = np.maximum(np.asarray(err, dtype=np.float64), ERROR_FLOOR)
        best = int(np.argmin(err))
        colour = SCHEME_COLOURS.get(scheme, PALETTE[3])
        fig.add_trace(go.Scatter(x=hs, y=err, name=labels[scheme], mode="lines+markers",
                                 marker=dict(size=4), line=dict(color=colour, width=2),
                                 hovertemplate="h = %{x:.1e}<br>%{y:.2e}<extra></extra>"))
        fig.add_trace(go.Scatter(x=[hs[best]], y=[err[best]], mode="markers",
                                 name=f"{labels['best']} ({labels[scheme]}): {hs[best]:.0e}",
                                 marker=dict(size=13, color=colour, symbol="star",
                                             line=dict(color="black", width=1))))
    fig.add_vline(x=h_now, line=dict(color="black", width=1.5, dash="dot"),
                  annotation_text=f"{labels['now']} = {h_now:.1e}",
                  annotation_position="top right")
    for text, x in ((labels["round_off"], 1e-14), (labels["truncation"], 1e-2)):
        fig.add_annotation(x=np.log10(x), y=0.02, xref="x", yref="paper", text=text,
                           showarrow=False, font=dict(color="grey"))
    fig.update_layout(**base_layout(height=height, hovermode="closest",
                                    xaxis=dict(type="log", title=labels["h"],
                                               exponentformat="power"),
                                    yaxis=dict(type="log", title=labels["error"],
                                               exponentformat="power")))
    return fig


def _polylines(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, m, 2) polylines → x, y with NaN between lines: one trace draws them all."""
    gap = np.full((lines.shape[0], 1, 2), np.nan)
    flat = np.concatenate([lines, gap], axis=1).reshape(-1, 2)
    return f32(flat[:, 0]), f32(flat[:, 1])


def collapse_figure(grid, through_stack, through_single, *, labels: dict,
                    height: int = 440) -> go.Figure:
    """Left: a square grid. Right: that grid pushed through the k layers (solid) and through
    the single collapsed matrix W x + b (dotted). Linear layers: the two coincide and stay
    straight; with an activation between layers the stack bends the grid.

    All three arrays have shape (lines, points, 2). labels: {"input", "stack", "single"}.
    """
    traces = []
    for data, name, colour, dash, axes in (
            (grid, labels["input"], "grey", "solid", ("x", "y")),
            (through_stack, labels["stack"], PALETTE[0], "solid", ("x2", "y2")),
            (through_single, labels["single"], PALETTE[1], "dot", ("x2", "y2"))):
        x, y = _polylines(np.asarray(data, dtype=np.float64))
        traces.append(go.Scatter(x=x, y=y, name=name, mode="lines", xaxis=axes[0],
                                 yaxis=axes[1], line=dict(color=colour, width=1.5, dash=dash),
                                 hoverinfo="skip"))
    return go.Figure(traces, layout=base_layout(
        height=height, hovermode=False,
        xaxis=dict(domain=[0, 0.42], zeroline=True), yaxis=dict(scaleanchor="x"),
        xaxis2=dict(domain=[0.52, 1], zeroline=True),
        yaxis2=dict(anchor="x2", scaleanchor="x2")))


def softmax_figure(probabilities, *, labels: dict, height: int = 360) -> go.Figure:
    """Bars of the class probabilities with their values. labels: {"class", "probability"};
    the bars are named class 1 … n."""
    p = np.asarray(probabilities, dtype=np.float64)
    names = [f"{labels['class']} {i + 1}" for i in range(p.size)]
    fig = go.Figure(go.Bar(x=names, y=p, marker_color=PALETTE[0],
                           text=[f"{v:.4f}" for v in p], textposition="outside",
                           hovertemplate="%{x}: %{y:.6g}<extra></extra>"))
    fig.update_layout(**base_layout(height=height, hovermode="closest",
                                    yaxis=dict(range=[0, 1.12], title=labels["probability"])))
    return fig


def overflow_figure(x, course, stable, onset: float, *, labels: dict,
                    height: int = 380) -> go.Figure:
    """The course's exp-based tanh (gaps where it is NaN) against np.tanh; the NaN regions
    |x| > onset shaded. labels: {"course", "stable", "nan", "x"}."""
    fig = go.Figure([
        go.Scatter(x=f32(x), y=f32(stable), name=labels["stable"],
                   line=dict(color=PALETTE[0], width=6)),
        go.Scatter(x=f32(x), y=f32(course), name=labels["course"],
                   line=dict(color=PALETTE[1], width=2.5), connectgaps=False),
    ])
    lo, hi = float(np.min(x)), float(np.max(x))
    for a, b in ((lo, -onset), (onset, hi)):
        if b > a:
            fig.add_vrect(x0=a, x1=b, fillcolor="rgba(213, 94, 0, 0.12)", line_width=0,
                          layer="below", annotation_text=labels["nan"],
                          annotation_position="top left")
    fig.update_layout(**base_layout(height=height, xaxis_title=labels["x"],
                                    yaxis=dict(range=[-1.3, 1.3])))
    return fig
