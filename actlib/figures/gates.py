"""Figures for the Perceptron and Gate networks pages (pure: arrays in, go.Figure out).

Every builder takes the words it shows (titles, axis names, legend entries) from its
caller, already translated; nothing here knows about languages or Streamlit. Sizes are
chosen for a projector: 16 px text, thick lines, large markers. Colours come from
common.py: class 1 is ONE (blue circles), class 0 is ZERO (orange crosses), reference lines
NEUTRAL. Figures are plain specs (see plain_figure), as in the other figure modules: the
Perceptron page redraws four of them on every move of its epoch slider.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from actlib.figures.common import (CLASS_SCALE, CLASS_STEPS, CLASS_STEPS_LIGHT, LABEL_BG,
                                   NEUTRAL, ONE, WHITE, ZERO, base_layout, colour, plain_figure,
                                   series_line, title_columns, wrap_title)

FONT = dict(size=16)
TITLE_FONT = dict(size=19)
VIEW = (-0.25, 1.25)     # the square around the four gate inputs
# The scale spans at least the targets 0 … 1 around the 0.5 cut: a unit stuck at 0.5 (XOR's
# single sigmoid) is drawn undecided (mid), not stretched over 0.499999999 … 0.500000001.
MIN_SPREAD = 0.5
TITLE_COLUMNS = title_columns(TITLE_FONT["size"])     # fits a phone (and a half-page chart)


def _axis(title: str | None = None, **extra) -> dict:
    """An axis readable when projected: 14 px ticks, a 17 px title."""
    axis = dict(tickfont=dict(size=14), **extra)
    if title is not None:
        axis["title"] = dict(text=title, font=dict(size=17))
    return axis


def _figure(traces: list[dict], title: str, height: int = 460, **layout) -> go.Figure:
    """The common frame: wrapped title on top, legend under the plot."""
    layout.setdefault("legend", dict(orientation="h", yanchor="top", y=-0.22, xanchor="left",
                                     x=0))
    layout.setdefault("margin", dict(l=60, r=20, t=90, b=120))
    layout.setdefault("hovermode", "closest")
    return plain_figure(traces, base_layout(
        title=dict(text=wrap_title(title, TITLE_COLUMNS), font=TITLE_FONT), font=FONT,
        height=height, **layout))


def _points(X, y, text: Mapping[str, str], z=None, size=18) -> list[dict]:
    """The training points, one trace per class (y = 1 circles, y = 0 crosses)."""
    X, y = np.asarray(X, float), np.asarray(y)
    traces = []
    for label, colour_, symbol, name in ((1, ONE, "circle", text["one"]),
                                         (0, ZERO, "x", text["zero"])):
        sel = y == label
        if not sel.any():
            continue
        if z is None:
            traces.append(dict(
                type="scatter", x=X[sel, 0], y=X[sel, 1], mode="markers", name=name,
                marker=dict(size=size, color=colour_, symbol=symbol,
                            line=dict(width=2, color=WHITE if label else colour_))))
        else:
            traces.append(dict(
                type="scatter3d", x=X[sel, 0], y=X[sel, 1], z=np.asarray(z, float)[sel],
                mode="markers", name=name,
                marker=dict(size=size // 2, color=colour_,
                            symbol="circle" if label else "diamond")))
    return traces


def _square_axes(text: Mapping[str, str], lo=VIEW[0], hi=VIEW[1]) -> dict:
    return dict(xaxis=_axis(text["x1"], range=[lo, hi], zeroline=False, dtick=0.5),
                yaxis=_axis(text["x2"], range=[lo, hi], zeroline=False, dtick=0.5,
                            scaleanchor="x", scaleratio=1))


def _segment_xy(segment) -> tuple[list, list]:
    return ([None, None], [None, None]) if segment is None else (list(segment[0]),
                                                                   list(segment[1]))


def line_figure(X, y, segment, text: Mapping[str, str], trail: Sequence = ()) -> go.Figure:
    """The four points and the perceptron's decision line w·x + b = threshold.

    segment: ((x₁ start, x₁ end), (x₂ start, x₂ end)) or None (no line in view).
    trail: earlier segments (oldest first), drawn faint so a wandering line is visible.
    text: title, x1, x2, one, zero, line, no_line, trail.
    """
    xs, ys = [], []
    for old in trail:
        if old is not None:
            xs += [*old[0], None]
            ys += [*old[1], None]
    lx, ly = _segment_xy(segment)
    traces = [dict(type="scatter", x=xs, y=ys, mode="lines", name=text["trail"],
                   line=dict(color=NEUTRAL, width=1.5, dash="dot"), opacity=0.7,
                   hoverinfo="skip", showlegend=bool(xs)),
              *_points(X, y, text),
              dict(type="scatter", x=lx, y=ly, mode="lines", name=text["line"],
                   line=dict(color=NEUTRAL, width=4))]
    no_line = dict(x=0.5, y=0.5, text=wrap_title(text["no_line"], 28), showarrow=False,
                   font=dict(size=16), bgcolor=LABEL_BG,             # centre: no points there
                   visible=segment is None)
    return _figure(traces, text["title"], annotations=[no_line], **_square_axes(text))


def curves_figure(accuracy, errors, epoch: int, text: Mapping[str, str],
                  ceiling: float | None = None) -> go.Figure:
    """Accuracy after each epoch (top) and rows misclassified during each epoch (bottom).

    accuracy, errors: (epochs,), index e is epoch e+1. A dashed line marks `epoch`; for
    gates no line can separate, `ceiling` (0.75) draws the best any line can do.
    text: title, accuracy, errors, epoch, ceiling, current; errors_axis (optional): a shorter
    title for the lower axis than the legend's `errors`.
    (Two stacked y-axes on one x-axis, laid out by hand: make_subplots and add_vline are
    slow, and this chart is redrawn on every move of the epoch slider.)
    """
    epochs = np.arange(1, len(accuracy) + 1)
    mark = max(epoch, 1)
    traces = [dict(type="scatter", x=epochs, y=np.asarray(accuracy), mode="lines",
                   name=text["accuracy"], line=series_line(0, width=3)),
              dict(type="scatter", x=epochs, y=np.asarray(errors), mode="lines",
                   name=text["errors"], yaxis="y2", line=series_line(1, width=2))]
    if ceiling is not None:
        traces.append(dict(type="scatter", x=[int(epochs[0]), int(epochs[-1])],
                           y=[ceiling, ceiling], mode="lines", name=text["ceiling"],
                           line=dict(color=NEUTRAL, dash="dot")))
    marker = dict(type="line", x0=mark, x1=mark, line=dict(color=NEUTRAL, dash="dash", width=2))
    return _figure(
        traces, text["title"], height=460,
        xaxis=_axis(text["epoch"], anchor="y2"),
        # each axis has half the height: a long title (Japanese) takes two lines, not the
        # other axis' place
        yaxis=_axis(wrap_title(text["accuracy"], 22), range=[-0.03, 1.05], dtick=0.25,
                    domain=[0.54, 1], automargin=True),
        yaxis2=_axis(wrap_title(text.get("errors_axis", text["errors"]), 22),
                     rangemode="tozero", domain=[0, 0.46], automargin=True),
        shapes=[{**marker, "yref": "y domain", "y0": 0, "y1": 1},
                {**marker, "yref": "y2 domain", "y0": 0, "y1": 1}],
        annotations=[dict(x=mark, y=1.0, yref="y domain", text=text["current"],
                          showarrow=False, font=dict(size=14), xanchor="right",
                          yanchor="bottom", bgcolor=LABEL_BG)])


def _spread(image: np.ndarray, cut: float) -> float:
    """Half the colour scale's span, centred on `cut`: the farthest finite value, ≥ MIN_SPREAD."""
    finite = image[np.isfinite(image)]
    if not finite.size:
        return MIN_SPREAD
    return max(abs(float(finite.max()) - cut), abs(float(finite.min()) - cut), MIN_SPREAD)


def region_figure(axis, image, X, y, text: Mapping[str, str], *, binary: bool,
                  cut: float = 0.5) -> go.Figure:
    """2-D decision region on the course's grid: image[i, j] is the model at (axis[j], axis[i]).

    binary=True: image holds predictions 0/1 (two flat tints). Otherwise it holds the
    network's output, coloured on CLASS_SCALE centred at `cut` (spanning at least cut ± 0.5),
    with the contour output = cut.
    text: title, x1, x2, one, zero, output (colour-bar title), boundary.
    """
    axis, image = np.asarray(axis, float), np.asarray(image, float)
    if binary:
        traces = [dict(type="heatmap", x=axis, y=axis, z=image.astype(np.uint8), zmin=0, zmax=1,
                       showscale=False,   # 0/1 as bytes: 8× less to send per replay frame
                       colorscale=CLASS_STEPS_LIGHT,
                       hovertemplate="x₁=%{x}<br>x₂=%{y}<br>ŷ=%{z}<extra></extra>")]
    else:
        spread = _spread(image, cut)
        traces = [dict(type="heatmap", x=axis, y=axis, z=image, zmin=cut - spread,
                       zmax=cut + spread, colorscale=CLASS_SCALE,
                       colorbar=dict(title=dict(text=text["output"]), thickness=18),
                       hovertemplate="x₁=%{x}<br>x₂=%{y}<br>%{z:.3f}<extra></extra>")]
        finite = image[np.isfinite(image)]
        if finite.size and finite.min() < cut < finite.max():
            traces.append(dict(type="contour", x=axis, y=axis, z=image, showscale=False,
                               contours=dict(start=cut, end=cut, size=1, coloring="lines"),
                               line=dict(color=NEUTRAL, width=3),
                               colorscale=[[0, NEUTRAL], [1, NEUTRAL]], name=text["boundary"],
                               showlegend=True, hoverinfo="skip"))
    return _figure(traces + _points(X, y, text), text["title"],
                   **_square_axes(text, -0.05, 1.05))


def surface_figure(axis, image, X, y, text: Mapping[str, str], *, cut: float = 0.5,
                   binary: bool = False) -> go.Figure:
    """The course's 3-D view: the model's output over the grid as a surface, the training
    points at height y, and a grey plane at the decision cut.

    text: title, x1, x2, z, one, zero, cut.
    """
    axis, image = np.asarray(axis, float), np.asarray(image, float)
    spread = MIN_SPREAD if binary else _spread(image, cut)
    traces = [
        dict(type="surface", x=axis, y=axis, z=image.astype(np.uint8) if binary else image,
             colorscale=CLASS_STEPS if binary else CLASS_SCALE, cmin=cut - spread,
             cmax=cut + spread, showscale=False, opacity=0.9, name=text["z"],
             hovertemplate="x₁=%{x}<br>x₂=%{y}<br>%{z:.3f}<extra></extra>"),
        dict(type="surface", x=[0, 1], y=[0, 1], z=np.full((2, 2), cut), showscale=False,
             colorscale=[[0, NEUTRAL], [1, NEUTRAL]], opacity=0.35, name=text["cut"],
             hoverinfo="skip", showlegend=True),
        *_points(X, y, text, z=np.asarray(y, float)),
    ]
    scene = dict(xaxis=_axis(text["x1"]), yaxis=_axis(text["x2"]), zaxis=_axis(text["z"]),
                 camera=dict(eye=dict(x=1.6, y=-1.6, z=1.1)), aspectmode="cube")
    return _figure(traces, text["title"], height=500, scene=scene)


def success_figure(names: Sequence[str], rates: Mapping[str, Sequence[float]],
                   text: Mapping[str, str]) -> go.Figure:
    """Share of seeds that get all four points right, per gate; one bar group per setup.

    rates: {setup name: fraction per gate (same order as names)}. text: title, gate, rate.
    """
    traces = []
    for k, (setup, values) in enumerate(rates.items()):
        values = np.asarray(values, float)
        traces.append(dict(type="bar", x=list(names), y=100 * values, name=setup,
                           marker=dict(color=colour(k)),
                           text=[f"{100 * v:.0f}%" for v in values], textposition="outside",
                           textfont=dict(size=15)))
    # a label too narrow for its bar (a phone) is hidden, not shrunk to an unreadable size
    return _figure(traces, text["title"], height=420, barmode="group",
                   showlegend=len(rates) > 1, uniformtext=dict(minsize=11, mode="hide"),
                   xaxis=_axis(text["gate"]),
                   yaxis=_axis(text["rate"], range=[0, 112], ticksuffix="%"))


def loss_figure(curves: Mapping[str, np.ndarray], text: Mapping[str, str]) -> go.Figure:
    """Training loss after each epoch (log scale), one line per model (colour and dash).
    text: title, epoch, loss."""
    traces = []
    for k, (name, curve) in enumerate(curves.items()):
        curve = np.asarray(curve, float)
        traces.append(dict(type="scatter", x=np.arange(1, len(curve) + 1), y=curve,
                           mode="lines", name=name, line=series_line(k, width=3)))
    return _figure(traces, text["title"], height=420,
                   xaxis=_axis(text["epoch"]),
                   yaxis=_axis(text["loss"], type="log", exponentformat="power"))
