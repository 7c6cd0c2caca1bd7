"""Figures for the Perceptron and Gate networks pages (pure: arrays in, go.Figure out).

Every builder takes the words it shows (titles, axis names, legend entries) from its
caller, already translated; nothing here knows about languages or Streamlit. Sizes are
chosen for a projector: 16 px text, thick lines, large markers.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

ONE = "#1f77b4"          # y = 1 (True): blue
ZERO = "#e8590c"         # y = 0 (False): orange — tells apart from blue also in grey-scale
ONE_LIGHT = "#c6dbef"
ZERO_LIGHT = "#fdd0a2"
LINE = "#222222"
FONT = dict(size=16)
VIEW = (-0.25, 1.25)     # the square around the four gate inputs
# Diverging output scale: orange below the 0.5 cut, white at it, blue above.
OUTPUT_SCALE = [[0.0, ZERO], [0.5, "#f7f7f7"], [1.0, ONE]]
# The scale spans at least the targets 0 … 1 around the 0.5 cut: a unit stuck at 0.5 (XOR's
# single sigmoid) is drawn white, undecided, not stretched over 0.499999999 … 0.500000001.
MIN_SPREAD = 0.5


def _breaks_anywhere(ch: str) -> bool:
    """Japanese (kana, kanji, full-width punctuation) may break between any two characters;
    Korean and Latin text break at spaces."""
    o = ord(ch)
    return 0x3000 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF


def _wrap(title: str, width: int = 36) -> str:
    """Break a long title into lines of about `width` columns (CJK characters count 2),
    at a space, after punctuation or between Japanese characters: half-page charts are
    narrow."""
    lines, line, cols, cut = [], "", 0, -1
    for ch in title:
        if _breaks_anywhere(ch) and line:
            cut = len(line)                          # a break before this character is fine
        line += ch
        cols += 2 if ord(ch) > 0x2E80 else 1
        if ch in " :：、，,":
            cut = len(line)
        elif ch in "(（":
            cut = len(line) - 1
        if cols > width:
            keep = line[:cut] if cut > 0 else line
            lines.append(keep.rstrip())
            line = line[len(keep):].lstrip()
            cols = sum(2 if ord(c) > 0x2E80 else 1 for c in line)
            cut = -1
    return "<br>".join(lines + [line]) if line else "<br>".join(lines)


def _layout(fig: go.Figure, title: str, height: int = 460, wrap: int = 36) -> go.Figure:
    fig.update_layout(title=dict(text=_wrap(title, wrap), font=dict(size=19)), font=FONT,
                      height=height, margin=dict(l=60, r=20, t=90, b=120),
                      legend=dict(orientation="h", yanchor="top", y=-0.22, x=0))
    axes = dict(tickfont=dict(size=14), title_font=dict(size=17))      # readable when projected
    fig.update_xaxes(**axes)
    fig.update_yaxes(**axes)
    return fig


def _points(X, y, text: Mapping[str, str], z=None, size=18) -> list:
    """The training points, one trace per class (y = 1 circles, y = 0 crosses)."""
    X, y = np.asarray(X, float), np.asarray(y)
    traces = []
    for label, colour, symbol, name in ((1, ONE, "circle", text["one"]),
                                        (0, ZERO, "x", text["zero"])):
        sel = y == label
        if not sel.any():
            continue
        if z is None:
            traces.append(go.Scatter(
                x=X[sel, 0], y=X[sel, 1], mode="markers", name=name,
                marker=dict(size=size, color=colour, symbol=symbol,
                            line=dict(width=2, color="white" if label else colour))))
        else:
            traces.append(go.Scatter3d(
                x=X[sel, 0], y=X[sel, 1], z=np.asarray(z, float)[sel], mode="markers",
                name=name, marker=dict(size=size // 2, color=colour,
                                       symbol="circle" if label else "diamond")))
    return traces


def _square_axes(fig: go.Figure, text: Mapping[str, str], lo=VIEW[0], hi=VIEW[1]) -> None:
    fig.update_xaxes(title=text["x1"], range=[lo, hi], zeroline=False, dtick=0.5)
    fig.update_yaxes(title=text["x2"], range=[lo, hi], zeroline=False, dtick=0.5,
                     scaleanchor="x", scaleratio=1)


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
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", name=text["trail"],
                               line=dict(color="#9e9e9e", width=1.5), opacity=0.7,
                               hoverinfo="skip", showlegend=bool(xs)))
    fig.add_traces(_points(X, y, text))
    lx, ly = _segment_xy(segment)
    fig.add_trace(go.Scatter(x=lx, y=ly, mode="lines", name=text["line"],
                             line=dict(color=LINE, width=4)))
    no_line = dict(x=0.5, y=0.5, text=_wrap(text["no_line"], 28), showarrow=False,
                   font=dict(size=16), bgcolor="rgba(255,255,255,0.85)")   # centre: no points
    fig.add_annotation(**no_line, visible=segment is None)
    _square_axes(fig, text)
    _layout(fig, text["title"])
    return fig


def curves_figure(accuracy, errors, epoch: int, text: Mapping[str, str],
                  ceiling: float | None = None) -> go.Figure:
    """Accuracy after each epoch (top) and rows misclassified during each epoch (bottom).

    accuracy, errors: (epochs,), index e is epoch e+1. A dashed line marks `epoch`; for
    gates no line can separate, `ceiling` (0.75) draws the best any line can do.
    text: title, accuracy, errors, epoch, ceiling, current; errors_axis (optional): a shorter
    title for the lower axis than the legend's `errors`.
    (Two stacked y-axes on one x-axis, laid out by hand: make_subplots and add_vline cost
    ~100 ms per redraw, and this chart is redrawn on every move of the epoch slider.)
    """
    epochs = np.arange(1, len(accuracy) + 1)
    mark = max(epoch, 1)
    traces = [go.Scatter(x=epochs, y=accuracy, mode="lines", name=text["accuracy"],
                         line=dict(color=ONE, width=3)),
              go.Scatter(x=epochs, y=errors, mode="lines", name=text["errors"], yaxis="y2",
                         line=dict(color=ZERO, width=2))]
    if ceiling is not None:
        traces.append(go.Scatter(x=[epochs[0], epochs[-1]], y=[ceiling, ceiling], mode="lines",
                                 name=text["ceiling"], line=dict(color="#555", dash="dot")))
    marker = dict(type="line", x0=mark, x1=mark, line=dict(color=LINE, dash="dash", width=2))
    fig = go.Figure(traces, layout=dict(
        xaxis=dict(title=text["epoch"], anchor="y2"),
        # each axis has half the height: a long title (Japanese) takes two lines, not the
        # other axis' place
        yaxis=dict(title=_wrap(text["accuracy"], 22), range=[-0.03, 1.05], dtick=0.25,
                   domain=[0.54, 1], automargin=True),
        yaxis2=dict(title=_wrap(text.get("errors_axis", text["errors"]), 22),
                    rangemode="tozero", domain=[0, 0.46],
                    automargin=True),
        shapes=[{**marker, "yref": "y domain", "y0": 0, "y1": 1},
                {**marker, "yref": "y2 domain", "y0": 0, "y1": 1}],
        annotations=[dict(x=mark, y=1.0, yref="y domain", text=text["current"],
                          showarrow=False, font=dict(size=14), xanchor="right",
                          yanchor="bottom", bgcolor="rgba(255,255,255,0.85)")]))
    return _layout(fig, text["title"], height=460)


def region_figure(axis, image, X, y, text: Mapping[str, str], *, binary: bool,
                  cut: float = 0.5) -> go.Figure:
    """2-D decision region on the course's grid: image[i, j] is the model at (axis[j], axis[i]).

    binary=True: image holds predictions 0/1 (two flat colours). Otherwise it holds the
    network's output, coloured on a scale centred at `cut` that spans at least cut ± 0.5,
    with the contour output = cut.
    text: title, x1, x2, one, zero, output (colour-bar title), boundary.
    """
    axis, image = np.asarray(axis, float), np.asarray(image, float)
    if binary:
        heat = go.Heatmap(x=axis, y=axis, z=image.astype(np.uint8), zmin=0, zmax=1,
                          showscale=False,   # 0/1 as bytes: 8× less to send per replay frame
                          colorscale=[[0, ZERO_LIGHT], [0.5, ZERO_LIGHT], [0.5, ONE_LIGHT],
                                      [1, ONE_LIGHT]], hovertemplate="x₁=%{x}<br>x₂=%{y}"
                          "<br>ŷ=%{z}<extra></extra>")
        traces = [heat]
    else:
        finite = image[np.isfinite(image)]
        spread = max(abs(finite.max() - cut), abs(finite.min() - cut), MIN_SPREAD) \
            if finite.size else MIN_SPREAD
        heat = go.Heatmap(x=axis, y=axis, z=image, zmin=cut - spread, zmax=cut + spread,
                          colorscale=OUTPUT_SCALE,
                          colorbar=dict(title=dict(text=text["output"]), thickness=18),
                          hovertemplate="x₁=%{x}<br>x₂=%{y}<br>%{z:.3f}<extra></extra>")
        traces = [heat]
        if finite.size and finite.min() < cut < finite.max():
            traces.append(go.Contour(x=axis, y=axis, z=image, showscale=False,
                                     contours=dict(start=cut, end=cut, size=1,
                                                   coloring="lines"),
                                     line=dict(color=LINE, width=3),
                                     colorscale=[[0, LINE], [1, LINE]], name=text["boundary"],
                                     showlegend=True, hoverinfo="skip"))
    fig = go.Figure(traces + _points(X, y, text))
    _square_axes(fig, text, -0.05, 1.05)
    return _layout(fig, text["title"])


def surface_figure(axis, image, X, y, text: Mapping[str, str], *, cut: float = 0.5,
                   binary: bool = False) -> go.Figure:
    """The course's 3-D view: the model's output over the grid as a surface, the training
    points at height y, and a grey plane at the decision cut.

    text: title, x1, x2, z, one, zero, cut.
    """
    axis, image = np.asarray(axis, float), np.asarray(image, float)
    scale = ([[0, ZERO], [0.5, ZERO], [0.5, ONE], [1, ONE]] if binary else OUTPUT_SCALE)
    finite = image[np.isfinite(image)]
    lo, hi = (0.0, 1.0) if binary or not finite.size else (float(finite.min()),
                                                           float(finite.max()))
    spread = max(abs(hi - cut), abs(lo - cut), MIN_SPREAD)
    fig = go.Figure([
        go.Surface(x=axis, y=axis, z=image.astype(np.uint8) if binary else image,
                   colorscale=scale, cmin=cut - spread,
                   cmax=cut + spread, showscale=False, opacity=0.9, name=text["z"],
                   hovertemplate="x₁=%{x}<br>x₂=%{y}<br>%{z:.3f}<extra></extra>"),
        go.Surface(x=[0, 1], y=[0, 1], z=np.full((2, 2), cut), showscale=False,
                   colorscale=[[0, "#999"], [1, "#999"]], opacity=0.35, name=text["cut"],
                   hoverinfo="skip", showlegend=True),
        *_points(X, y, text, z=np.asarray(y, float)),
    ])
    fig.update_layout(scene=dict(xaxis_title=text["x1"], yaxis_title=text["x2"],
                                 zaxis_title=text["z"], camera=dict(eye=dict(x=1.6, y=-1.6,
                                                                             z=1.1)),
                                 aspectmode="cube"))
    return _layout(fig, text["title"], height=500)


def success_figure(names: Sequence[str], rates: Mapping[str, Sequence[float]],
                   text: Mapping[str, str]) -> go.Figure:
    """Share of seeds that get all four points right, per gate; one bar group per setup.

    rates: {setup name: fraction per gate (same order as names)}. text: title, gate, rate.
    """
    palette = [ONE, ZERO, "#2ca02c", "#9467bd", "#8c564b"]
    fig = go.Figure()
    for k, (setup, values) in enumerate(rates.items()):
        values = np.asarray(values, float)
        fig.add_trace(go.Bar(x=list(names), y=100 * values, name=setup,
                             marker_color=palette[k % len(palette)],
                             text=[f"{100 * v:.0f}%" for v in values], textposition="outside",
                             textfont=dict(size=15)))
    fig.update_yaxes(title=text["rate"], range=[0, 112], ticksuffix="%")
    fig.update_xaxes(title=text["gate"])
    fig.update_layout(barmode="group", showlegend=len(rates) > 1)
    return _layout(fig, text["title"], height=420, wrap=90)        # a full-width chart


def loss_figure(curves: Mapping[str, np.ndarray], text: Mapping[str, str]) -> go.Figure:
    """Training loss after each epoch (log scale), one line per model. text: title, epoch, loss."""
    palette = [ONE, ZERO, "#2ca02c", "#9467bd"]
    fig = go.Figure()
    for k, (name, curve) in enumerate(curves.items()):
        curve = np.asarray(curve, float)
        fig.add_trace(go.Scatter(x=np.arange(1, len(curve) + 1), y=curve, mode="lines",
                                 name=name, line=dict(color=palette[k % len(palette)], width=3)))
    fig.update_yaxes(title=text["loss"], type="log", exponentformat="power")
    fig.update_xaxes(title=text["epoch"])
    return _layout(fig, text["title"], height=420)
