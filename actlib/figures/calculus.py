"""Figures of the Calculus page: numerical vs analytic derivative, error vs h, linear layers
collapsing, softmax, and the course's overflow. Arrays in, go.Figure out; labels arrive
already translated (dicts named `labels`, keys listed in each docstring). Plain specs (see
plain_figure), colours from common.py: compared curves differ in colour and dash."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from actlib.figures.common import (NEUTRAL, PALETTE, base_layout, f32, plain_figure,
                                   translucent, wrap_title)

NUMERICAL, ANALYTIC, DIFFERENCE = PALETTE[1], PALETTE[0], PALETTE[2]
SCHEME_COLOURS = {"forward": PALETTE[1], "backward": PALETTE[4], "central": PALETTE[2]}
SCHEME_DASHES = {"forward": "solid", "backward": "dash", "central": "dot"}
NAN_FILL = translucent(PALETTE[1], 0.12)       # where the course's tanh gives NaN
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
    xs = f32(x)
    traces = [
        dict(type="scatter", x=xs, y=f32(numerical), name=labels["numerical"],
             line=dict(color=NUMERICAL, width=2)),
        dict(type="scatter", x=xs, y=f32(analytic), name=labels["analytic"],
             line=dict(color=ANALYTIC, width=2, dash="dash")),
        dict(type="scatter", x=xs, y=f32(difference), name=labels["difference"],
             line=dict(color=DIFFERENCE, width=1.5, dash="dot")),
    ]
    layout = base_layout(height=height,
                         yaxis=dict(range=_robust_range(numerical, analytic, difference)))
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["x"]))
    return plain_figure(traces, layout)


def error_figure(hs, errors: dict[str, np.ndarray], h_now: float, *, labels: dict,
                 height: int = 420) -> go.Figure:
    """Max |numerical − analytic| against h on log-log axes, one line per scheme.

    errors: {scheme: array over hs}; each scheme's best h is marked. labels: {"h", "error",
    "now", "best", "round_off", "truncation", and each scheme's name}.
    """
    hs = np.asarray(hs, dtype=np.float64)
    traces = []
    for scheme, err in errors.items():
        err = np.maximum(np.asarray(err, dtype=np.float64), ERROR_FLOOR)
        best = int(np.argmin(err))
        colour = SCHEME_COLOURS.get(scheme, PALETTE[3])
        traces.append(dict(type="scatter", x=hs, y=err, name=labels[scheme],
                           mode="lines+markers", marker=dict(size=4),
                           line=dict(color=colour, width=2,
                                     dash=SCHEME_DASHES.get(scheme, "dashdot")),
                           hovertemplate="h = %{x:.1e}<br>%{y:.2e}<extra></extra>"))
        traces.append(dict(type="scatter", x=[float(hs[best])], y=[float(err[best])],
                           mode="markers",
                           name=f"{labels['best']} ({labels[scheme]}): {hs[best]:.0e}",
                           marker=dict(size=13, color=colour, symbol="star",
                                       line=dict(color=NEUTRAL, width=1))))
    # The current h as a vertical line: a shape takes data values on a log axis, an
    # annotation takes log10 of them.
    now = dict(type="line", xref="x", x0=h_now, x1=h_now, yref="y domain", y0=0, y1=1,
               line=dict(color=NEUTRAL, width=1.5, dash="dot"))
    notes = [dict(x=float(np.log10(h_now)), xref="x", y=1, yref="y domain",
                  text=f"{labels['now']} = {h_now:.1e}", showarrow=False, xanchor="left",
                  yanchor="top")]
    for text, x in ((labels["round_off"], 1e-14), (labels["truncation"], 1e-2)):
        notes.append(dict(x=float(np.log10(x)), y=0.02, xref="x", yref="paper", text=text,
                          showarrow=False, font=dict(color=NEUTRAL)))
    return plain_figure(traces, base_layout(
        height=height, hovermode="closest", shapes=[now], annotations=notes,
        xaxis=dict(type="log", title=dict(text=labels["h"]), exponentformat="power"),
        yaxis=dict(type="log", title=dict(text=labels["error"]), exponentformat="power")))


def _polylines(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, m, 2) polylines → x, y with NaN between lines: one trace draws them all."""
    gap = np.full((lines.shape[0], 1, 2), np.nan)
    flat = np.concatenate([lines, gap], axis=1).reshape(-1, 2)
    return f32(flat[:, 0]), f32(flat[:, 1])


GRID_ROWS, GRID_COLUMNS = PALETTE[0], PALETTE[1]     # the grid's horizontal and vertical lines
PIECE_COLOURS = (*PALETTE[2:], NEUTRAL)                # dots per linear piece, apart from the lines


def collapse_figure(grid, through_stack, through_single, *, labels: dict,
                    pieces: np.ndarray | None = None, height: int = 420) -> go.Figure:
    """Three panels: a square grid; that grid through the k layers; and through the single
    matrix W x + b the layers multiply out to without an activation.

    Each panel is scaled to its own picture, so a stack that shrinks the grid still fills
    its panel and a fold or bend is visible. The grid's horizontal lines are blue and its
    vertical lines orange in every panel: where the stack folds the plane, lines of one
    colour turn back or land on each other. Linear layers: the middle and right panels are
    the same picture. All three arrays have shape (lines, points, 2), the first half of the
    lines horizontal (as numdiff.grid_lines). labels: {"input", "stack", "single"}.

    pieces (optional, one integer per grid point, numdiff.linear_pieces): dots coloured by
    the linear piece each point is in, on the input grid and on its image through the
    stack, so the creases in the input and what each piece became can be matched.
    """
    traces = []
    domains = ([0.0, 0.26], [0.32, 0.68], [0.74, 1.0])          # the stack gets the most room
    for n, data in enumerate((grid, through_stack, through_single)):
        data = np.asarray(data, dtype=np.float64)
        half = data.shape[0] // 2
        axis = "" if n == 0 else str(n + 1)
        for lines, colour in ((data[:half], GRID_ROWS), (data[half:], GRID_COLUMNS)):
            x, y = _polylines(lines)
            traces.append(dict(type="scatter", x=x, y=y, mode="lines", xaxis=f"x{axis}",
                               yaxis=f"y{axis}", line=dict(color=colour, width=1.5),
                               hoverinfo="skip", showlegend=False))
    if pieces is not None:
        colours = np.array(PIECE_COLOURS)[np.asarray(pieces).reshape(-1) % len(PIECE_COLOURS)]
        for data, axis in ((grid, ""), (through_stack, "2")):
            flat = np.asarray(data, dtype=np.float64).reshape(-1, 2)
            traces.append(dict(type="scatter", x=f32(flat[:, 0]), y=f32(flat[:, 1]),
                               mode="markers", xaxis=f"x{axis}", yaxis=f"y{axis}",
                               hoverinfo="skip", showlegend=False,
                               marker=dict(size=5, color=list(colours))))
    axes = {}
    for n, domain in enumerate(domains):
        axis = "" if n == 0 else str(n + 1)
        axes[f"xaxis{axis}"] = dict(domain=domain, anchor=f"y{axis}", zeroline=True,
                                    tickfont=dict(size=12))
        axes[f"yaxis{axis}"] = dict(anchor=f"x{axis}", scaleanchor=f"x{axis}", zeroline=True,
                                    tickfont=dict(size=12))
    titles = [dict(text=wrap_title(labels[name], 16), x=(a + b) / 2, y=1.0,
                   xref="paper", yref="paper",
                   xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=13))
              for name, (a, b) in zip(("input", "stack", "single"), domains)]
    return plain_figure(traces, base_layout(
        height=height, hovermode=False, showlegend=False, annotations=titles,
        margin=dict(l=40, r=10, t=85, b=30), **axes))


def softmax_figure(probabilities, *, labels: dict, height: int = 360) -> go.Figure:
    """Bars of the class probabilities with their values. labels: {"class", "probability"};
    the bars are named class 1 … n."""
    p = np.asarray(probabilities, dtype=np.float64)
    names = [f"{labels['class']} {i + 1}" for i in range(p.size)]
    bars = dict(type="bar", x=names, y=p, marker=dict(color=PALETTE[0]),
                text=[f"{v:.4f}" for v in p], textposition="outside",
                hovertemplate="%{x}: %{y:.6g}<extra></extra>")
    return plain_figure([bars], base_layout(
        height=height, hovermode="closest",
        yaxis=dict(range=[0, 1.12], title=dict(text=labels["probability"]))))


def overflow_figure(x, course, stable, onset: float, *, labels: dict,
                    height: int = 380) -> go.Figure:
    """The course's exp-based tanh (gaps where it is NaN) against np.tanh; the NaN regions
    |x| > onset shaded. labels: {"course", "stable", "nan", "x"}."""
    traces = [
        dict(type="scatter", x=f32(x), y=f32(stable), name=labels["stable"],
             line=dict(color=PALETTE[0], width=6)),
        dict(type="scatter", x=f32(x), y=f32(course), name=labels["course"],
             line=dict(color=PALETTE[1], width=2.5, dash="dash"), connectgaps=False),
    ]
    lo, hi = float(np.min(x)), float(np.max(x))
    shapes, notes = [], []
    for a, b in ((lo, -onset), (onset, hi)):
        if b > a:
            shapes.append(dict(type="rect", xref="x", x0=a, x1=b, yref="y domain", y0=0, y1=1,
                               fillcolor=NAN_FILL, line=dict(width=0), layer="below"))
            notes.append(dict(x=a, xref="x", y=1, yref="y domain", text=labels["nan"],
                              showarrow=False, xanchor="left", yanchor="top"))
    layout = base_layout(height=height, yaxis=dict(range=[-1.3, 1.3]), shapes=shapes,
                         annotations=notes)
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["x"]))
    return plain_figure(traces, layout)
