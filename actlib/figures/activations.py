"""Figures of activations: one with its derivative, many overlaid, small multiples,
gradient flow through depth. Labels arrive already translated."""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from actlib.figures.common import (DF_COLOUR, F_COLOUR, FLAT_FILL, NEUTRAL, base_layout,
                                   plain_figure, series_line, typed, wrap_title)


def function_figure(x, f, df, *, labels: dict, flat=(), kinks=(), height=460) -> go.Figure:
    """f and f' on one chart; flat regions (|f'| < 0.1) shaded, kinks dotted.

    labels: {"f": …, "df": …, "flat": …, "x": …}. Built as a plain spec (plain_figure): this
    chart is redrawn on every slider move of every student in a class.
    """
    x = np.asarray(x, dtype=np.float64)
    lo, hi = float(x[0]), float(x[-1])
    shapes = [dict(type="rect", xref="x", yref="paper", x0=max(a, lo), x1=min(b, hi), y0=0, y1=1,
                   fillcolor=FLAT_FILL, line=dict(width=0), layer="below")
              for a, b in flat if min(b, hi) > max(a, lo)]
    shapes += [dict(type="line", xref="x", yref="paper", x0=k, x1=k, y0=0, y1=1,
                    line=dict(color=NEUTRAL, width=1, dash="dot"))
               for k in kinks if lo <= k <= hi]
    xs = typed(x)                  # one encoding of the grid, shared by both curves
    data = [
        dict(type="scatter", mode="lines", x=xs, y=typed(f), name=labels["f"],
             line=dict(color=F_COLOUR, width=3)),
        dict(type="scatter", mode="lines", x=xs, y=typed(df), name=labels["df"],
             line=dict(color=DF_COLOUR, width=2, dash="dash")),
    ]
    if flat:   # one legend entry for all shaded regions
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=labels["flat"],
                         marker=dict(size=14, symbol="square", color=FLAT_FILL)))
    layout = base_layout(height=height)
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["x"]))
    if shapes:
        layout["shapes"] = shapes
    return plain_figure(data, layout)


def line_style(i: int, width: float = 2.5) -> dict:
    """Series i's colour and line style (both change with i: 42 distinct lines)."""
    return series_line(i, width)


def _x_spec(x) -> dict:
    """An evenly spaced x as x0 + dx (nothing sent per point), anything else as float32 data.

    Every overlay trace shares one grid: sending it once per trace would double the payload.
    A float32 grid is even to ~1e-4 of its step, far below a pixel.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.size > 2:
        dx = (x[-1] - x[0]) / (x.size - 1)
        if dx > 0 and np.allclose(np.diff(x), dx, rtol=1e-3, atol=0):
            return dict(x0=float(x[0]), dx=float(dx))
    return dict(x=typed(x))


def _legend_right() -> dict:
    """A vertical legend right of the plot: 27 names would push a top legend over the chart."""
    return dict(orientation="v", x=1.01, y=1, xanchor="left", yanchor="top", font=READABLE)


# Streamlit's chart theme sets ~12 px legends and ticks unless a figure says otherwise;
# a projector at the back of a classroom needs these.
READABLE = dict(size=15)
LEGEND_ROW_PX = 23            # one legend entry at that font size
TICKS = dict(tickfont=dict(size=14), title=dict(font=dict(size=15)))


def overlay_figure(x, curves: dict[str, np.ndarray], *, title: str, x_title: str,
                   height=420) -> go.Figure:
    """Several curves on one axis, one colour (and past 8, one dash) each, in the order given."""
    xs = _x_spec(x)
    traces = [dict(type="scatter", mode="lines", **xs, y=typed(y), name=name, line=line_style(i))
              for i, (name, y) in enumerate(curves.items())]
    height = max(height, 25 * len(curves) + 130)       # every name visible, no scrolling
    return plain_figure(traces, base_layout(height=height,
                                       xaxis=dict(tickfont=TICKS["tickfont"], zeroline=True,
                                                  showspikes=True,
                                                  title=dict(text=x_title, font=READABLE)),
                                       yaxis=dict(TICKS, zeroline=True),
                                       title=dict(text=title, font=dict(size=17)),
                                       margin=dict(l=60, r=20, t=60, b=50),
                                       legend=_legend_right()))


def _panel_titles(texts, x_domains, tops) -> list[dict]:
    return [dict(text=text, x=(a + b) / 2, y=top, xref="paper", yref="paper", xanchor="center",
                 yanchor="bottom", showarrow=False, font=dict(size=16))
            for text, (a, b), top in zip(texts, x_domains, tops)]


def small_multiples(x, curves: dict[str, tuple[np.ndarray, np.ndarray]], *, labels: dict,
                    cols: int = 4, panel_height: int = 230) -> go.Figure:
    """A small chart per activation with f (solid) and f' (dashed); the same x-range in each.

    The grid of axes is laid out by hand (a domain per axis and a title annotation per
    panel), as make_subplots would, without its per-panel cost.
    """
    names = list(curves)
    rows = max(1, math.ceil(len(names) / cols))
    height = panel_height * rows + 60
    # three ticks an axis and room between panels for the next one's y labels: on a phone a
    # panel is ~80 px wide, and five ticks (or a 4 % gap) ran into their neighbours
    hgap, vgap = 0.06, min(0.3, 55 / height)
    w = (1 - hgap * (cols - 1)) / cols
    h = (1 - vgap * (rows - 1)) / rows
    xs = _x_spec(x)
    x_range = [float(np.min(x)), float(np.max(x))]
    traces, layout, x_domains, tops = [], {}, [], []
    for i, name in enumerate(names):
        f, df = curves[name]
        r, c = divmod(i, cols)
        n = "" if i == 0 else str(i + 1)
        x0, top = c * (w + hgap), 1 - r * (h + vgap)
        x_domains.append([max(0.0, x0), min(1.0, x0 + w)])
        tops.append(min(1.0, top))
        layout[f"xaxis{n}"] = dict(domain=x_domains[-1], anchor=f"y{n}", range=x_range,
                                   zeroline=True, tickfont=dict(size=13), nticks=3)
        layout[f"yaxis{n}"] = dict(domain=[max(0.0, top - h), tops[-1]], anchor=f"x{n}",
                                   zeroline=True, tickfont=dict(size=13), nticks=3)
        common = dict(type="scatter", mode="lines", **xs, xaxis=f"x{n}", yaxis=f"y{n}")
        traces.append(dict(common, y=typed(f), name=labels["f"], legendgroup="f",
                           showlegend=i == 0, line=dict(color=F_COLOUR, width=2)))
        traces.append(dict(common, y=typed(df), name=labels["df"], legendgroup="df",
                           showlegend=i == 0, line=dict(color=DF_COLOUR, width=1.5, dash="dash")))
    plot_px = height - 100 - 30                  # the legend sits 36 px above the panel titles
    layout.update(height=height + 30, hovermode="closest", margin=dict(l=40, r=20, t=100, b=30),
                  annotations=_panel_titles(names, x_domains, tops),
                  legend=dict(orientation="h", x=0, xanchor="left", y=1 + 36 / plot_px,
                              yanchor="bottom", font=READABLE))
    return plain_figure(traces, base_layout(**layout))


def zero_floor(*series: np.ndarray) -> float:
    """Where exact zeros are drawn on a log axis: a power of ten a decade below the smallest
    positive value of any series (0.1 if none is positive)."""
    positive = [np.min(v[v > 0]) for v in map(np.asarray, series) if np.any(v > 0)]
    return 10.0 ** (math.floor(math.log10(min(positive))) - 1) if positive else 0.1


def gradient_flow_figure(depths, flows: dict[str, dict], *, labels: dict,
                         reference: dict[str, np.ndarray] | None = None) -> go.Figure:
    """Left: median |∏ f'| over depth (log scale) with a 10–90 % band; right: share of exact zeros.

    flows[name] = {"median": …, "q10": …, "q90": …, "zero_fraction": …} per depth, the
    quantiles over all paths (zeros included). A log axis has no 0, so an exact 0 is drawn on
    a dashed floor line a decade below every positive value, labelled "0" where the axis
    labels are, and a median of 0 gets a marker there; each median line's customdata (and
    its hover text) holds the true value. reference: name → values drawn dotted grey on
    the left (e.g. sigmoid's ceiling 0.25ⁿ).
    """
    d = np.asarray(depths, dtype=np.float64)
    left, right = [0.0, 0.42], [0.58, 1.0]      # the gap holds the right panel's "100%" ticks
    on_left, on_right = dict(xaxis="x", yaxis="y"), dict(xaxis="x2", yaxis="y2")
    quantiles = [np.asarray(s[q], dtype=np.float64) for s in flows.values()
                 for q in ("q10", "median", "q90")]
    floor = zero_floor(*quantiles, *(reference or {}).values())
    on_floor = lambda v: np.where(v > 0, v, floor)                    # noqa: E731
    traces = []
    for i, (name, s) in enumerate(flows.items()):
        style = line_style(i)
        median = np.asarray(s["median"], dtype=np.float64)
        band = np.concatenate([on_floor(s["q90"]), on_floor(s["q10"])[::-1]])
        traces.append(dict(type="scatter", **on_left, mode="lines",
                           x=typed(np.concatenate([d, d[::-1]])),
                           y=typed(band, "f8"), fill="toself", fillcolor=style["color"],
                           opacity=0.12, line=dict(width=0), hoverinfo="skip",
                           showlegend=False, legendgroup=name, name=name))
        traces.append(dict(type="scatter", **on_left, mode="lines+markers", x=typed(d),
                           y=typed(on_floor(median), "f8"), customdata=typed(median, "f8"),
                           hovertemplate="%{customdata:.3g}", name=name, legendgroup=name,
                           line=style, marker=dict(color=style["color"], size=typed(
                               np.where(median > 0, 0, 8), "i4"))))
        traces.append(dict(type="scatter", **on_right, mode="lines", x=typed(d),
                           y=typed(s["zero_fraction"]), name=name, legendgroup=name,
                           showlegend=False, line=style))
    for name, values in (reference or {}).items():
        traces.append(dict(type="scatter", **on_left, mode="lines", x=typed(d),
                           y=typed(values, "f8"), name=name,
                           line=dict(color=NEUTRAL, width=2, dash="dot")))
    log_axis = dict(type="log", exponentformat="power", tickfont=TICKS["tickfont"])
    floor_line = []
    if any(np.any(v == 0) for v in quantiles):
        # Ticks by hand, so that the floor's tick reads "0" and no power of ten sits on it.
        low = round(math.log10(floor)) + 1
        high = math.ceil(math.log10(max([1.0, *(float(np.max(v)) for v in quantiles if v.size)])))
        decades = list(range(high, low - 1, -max(1, math.ceil((high - low + 1) / 7))))[::-1]
        log_axis.update(range=[low - 1.3, high + 0.3], tickmode="array",
                        tickvals=[floor, *(10.0 ** e for e in decades)],
                        ticktext=["0", *(str(10 ** e) if e in (0, 1) else
                                         f"10<sup>{e}</sup>".replace("-", "−") for e in decades)])
        floor_line.append(dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=floor,
                               y1=floor, line=dict(color=NEUTRAL, width=1, dash="dash"),
                               layer="below"))
    axis_title = dict(title=dict(text=labels["depth"], font=READABLE), zeroline=False,
                      tickfont=TICKS["tickfont"])
    # Legend under the panels, ~6 names a row: at the right it would squeeze the two panels
    # until their titles collide (Japanese and Korean titles are the longest).
    legend_rows = math.ceil((len(flows) + len(reference or {})) / 6)
    plot_px, top, bottom = 380, 60, 80 + LEGEND_ROW_PX * legend_rows
    layout = base_layout(
        height=plot_px + top + bottom, hovermode="x unified",
        margin=dict(l=70, r=20, t=top, b=bottom),
        legend=dict(orientation="h", x=0, xanchor="left", y=-70 / plot_px, yanchor="top",
                    font=READABLE),
        xaxis=dict(domain=left, anchor="y", **axis_title),
        yaxis=dict(anchor="x", **log_axis),
        xaxis2=dict(domain=right, anchor="y2", **axis_title),
        yaxis2=dict(anchor="x2", range=[0, 1.02], tickformat=".0%", tickfont=TICKS["tickfont"]),
        # Titles wrapped: on a phone each panel is ~150 px and long titles would overlap.
        annotations=_panel_titles([wrap_title(labels[k], 22)
                                   for k in ("magnitude", "zeros")], [left, right], [1, 1]),
        shapes=floor_line)
    return plain_figure(traces, layout)
