"""Figures for the Depth page: the sawtooth, shallow error by width, region counts,
born-dead probabilities, per-layer histograms and variances, and the deep training run.
Pure: arrays and (translated) label dicts in, go.Figure out; plain specs (see plain_figure).
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from actlib.figures.common import base_layout, colour, f32, plain_figure

GREY = "rgba(120, 120, 120, 0.6)"


def _figure(traces: list[dict], title: str, height: int = 420, **layout) -> go.Figure:
    layout.setdefault("legend", dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0))
    layout.setdefault("margin", dict(l=60, r=20, t=60, b=40))
    return plain_figure(traces, base_layout(title=dict(text=title), height=height, **layout))


def _line(x, y, name: str, i: int, dash: str = "solid", mode: str = "lines",
          shape: str = "linear") -> dict:
    return dict(type="scatter", x=f32(x), y=f32(y), name=name, mode=mode,
                line=dict(color=colour(i), dash=dash, width=2.5, shape=shape))


def _level(x0: float, x1: float, y: float, name: str, dash: str = "dash") -> dict:
    return dict(type="scatter", x=[float(x0), float(x1)], y=[float(y)] * 2, mode="lines",
                name=name, hoverinfo="skip", line=dict(color="black", dash=dash, width=1.5))


def sawtooth_figure(t, y, x_fit, fit, text: Mapping[str, str]) -> go.Figure:
    """The deep net's exact output through its breakpoints (t, y) and a shallow fit."""
    traces = [_line(t, y, text["deep"], 0),
              dict(type="scatter", x=f32(t), y=f32(y), mode="markers", name=text["breaks"],
                   marker=dict(color=colour(0), size=6)),
              _line(x_fit, fit, text["shallow"], 1, dash="dot")]
    return _figure(traces, text["title"], xaxis=dict(title=dict(text="x"), range=[0, 1]),
                   yaxis=dict(title=dict(text="y"), range=[-0.15, 1.15]))


def width_error_figure(widths, sweep, width: int, trained: float, start: float, k: int,
                       std_y: float, text: Mapping[str, str]) -> go.Figure:
    """Shallow error against width (log x), with 2^k − 1 marked and the chosen width's runs."""
    need = 2 ** k - 1
    top = max(float(np.max(sweep)), std_y) * 1.1
    traces = [_line(widths, sweep, text["sweep"], 2, mode="lines+markers"),
              dict(type="scatter", x=[width], y=[start], mode="markers", name=text["start"],
                   marker=dict(color=colour(4), size=11, symbol="circle-open", line=dict(width=3))),
              dict(type="scatter", x=[width], y=[trained], mode="markers", name=text["trained"],
                   marker=dict(color=colour(1), size=12, symbol="diamond")),
              _level(min(widths), max(widths), std_y, text["std"], dash="dot"),
              dict(type="scatter", x=[need, need], y=[0, top], mode="lines", name=text["need"],
                   hoverinfo="skip", line=dict(color=colour(0), dash="dash", width=2))]
    return _figure(traces, text["title"],
                   xaxis=dict(title=dict(text=text["width"]), type="log",
                              tickvals=[2 ** i for i in range(0, 12) if 2 ** i <= max(widths)]),
                   yaxis=dict(title=dict(text=text["rmse"]), range=[0, top]))


def regions_figure(names: Sequence[str], before: Sequence[np.ndarray],
                   after: Sequence[np.ndarray] | None, neurons: Sequence[int],
                   text: Mapping[str, str]) -> go.Figure:
    """Region counts per trial (points) and their mean, per arrangement; neurons marked."""
    traces = []
    for j, (label, counts) in enumerate(((text["init"], before), (text["trained"], after))):
        if counts is None:
            continue
        xs = np.concatenate([[n] * len(c) for n, c in zip(names, counts)])
        ys = np.concatenate([np.asarray(c, float) for c in counts])
        traces.append(dict(type="box", x=list(xs), y=f32(ys), name=label, boxpoints="all",
                           jitter=0.4, pointpos=0, marker=dict(color=colour(j), size=5),
                           line=dict(color=colour(j)), boxmean=True))
    traces.append(dict(type="scatter", x=list(names), y=[float(n) + 1 for n in neurons],
                       mode="markers", name=text["neurons"],
                       marker=dict(color="black", symbol="line-ew-open", size=40,
                                   line=dict(width=3))))
    return _figure(traces, text["title"], boxmode="group",
                   yaxis=dict(title=dict(text=text["regions"]), rangemode="tozero"))


def breakpoints_figure(t, y, text: Mapping[str, str]) -> go.Figure:
    """One random net on [−3, 3]: its output through its breakpoints, each breakpoint a dot."""
    traces = [_line(t, y, text["output"], 0),
              dict(type="scatter", x=f32(t[1:-1]), y=f32(y[1:-1]), mode="markers",
                   name=text["breaks"], marker=dict(color=colour(1), size=6))]
    return _figure(traces, text["title"], height=360, xaxis=dict(title=dict(text="x")),
                   yaxis=dict(title=dict(text=text["y"])))


def born_dead_figure(widths, table: np.ndarray, quoted: Mapping[int, Mapping[int, float]],
                     text: Mapping[str, str]) -> go.Figure:
    """P(born dead) against depth, one line per width; the paper's quoted points as crosses."""
    depth = np.arange(1, table.shape[1] + 1)
    traces = [_line(depth, row, text["width"].format(width=w), i) for i, (w, row) in
              enumerate(zip(widths, table))]
    for w, points in quoted.items():
        traces.append(dict(type="scatter", x=list(points), y=list(points.values()),
                           mode="markers", name=text["quoted"].format(width=w),
                           marker=dict(color="black", symbol="x", size=11)))
    return _figure(traces, text["title"], xaxis=dict(title=dict(text=text["depth"])),
                   yaxis=dict(title=dict(text=text["p"]), range=[-0.02, 1.02]))


def histograms_figure(values: np.ndarray, layers: Sequence[int], text: Mapping[str, str],
                      bins: int = 60) -> go.Figure:
    """Histograms (as density lines) of `values[l]` for the chosen layers, one shared range."""
    chosen = values[[l - 1 for l in layers]]
    top = float(np.nanpercentile(np.abs(chosen), 99.5)) or 1.0
    edges = np.linspace(-top, top, bins + 1)
    centre = 0.5 * (edges[1:] + edges[:-1])
    traces = []
    for i, (l, row) in enumerate(zip(layers, chosen)):
        counts, _ = np.histogram(row[np.isfinite(row)], edges)
        share = counts / max(counts.sum(), 1)
        share = np.where(share > 0, share, np.nan)      # empty bins: a gap on the log axis
        traces.append(_line(centre, share, text["layer"].format(layer=l), i, shape="hvh"))
    return _figure(traces, text["title"], height=380, xaxis=dict(title=dict(text=text["x"])),
                   yaxis=dict(title=dict(text=text["share"]), type="log", exponentformat="power"))


def variance_figure(var_z, var_grad, predicted: float | None, text: Mapping[str, str]) -> go.Figure:
    """Per-layer E[z²] and E[(∂/∂h)²] on a log scale, the variance-preserving lines (flat at
    layer 1's value) and, where known, the closed form var₁·factor^(l−1)."""
    layer = np.arange(1, len(var_z) + 1)
    with np.errstate(all="ignore"):
        traces = [_line(layer, var_z, text["forward"], 0, mode="lines+markers"),
                  _line(layer, var_grad, text["backward"], 1, mode="lines+markers"),
                  _level(1, len(layer), float(var_z[0]), text["preserve"])]
        if predicted is not None:
            traces.append(_line(layer, var_z[0] * predicted ** (layer - 1.0), text["closed"], 2,
                                dash="dot"))
            traces.append(_line(layer, var_grad[-1] * predicted ** (len(layer) - layer * 1.0),
                                text["closed_back"], 3, dash="dot"))
    return _figure(traces, text["title"], xaxis=dict(title=dict(text=text["layer"])),
                   yaxis=dict(title=dict(text=text["var"]), type="log", exponentformat="power"))


def training_figure(loss: np.ndarray, start: np.ndarray, names: Sequence[str], var_y: float,
                    text: Mapping[str, str]) -> go.Figure:
    """Training loss per epoch (epoch 0 = before training) for each scheme; Var[y] marked."""
    traces = []
    for i, (name, row, s0) in enumerate(zip(names, loss, start)):
        traces.append(_line(np.arange(len(row) + 1), np.r_[s0, row], name, i, mode="lines+markers"))
    traces.append(_level(0, loss.shape[1], var_y, text["var_y"]))
    return _figure(traces, text["title"], xaxis=dict(title=dict(text=text["epoch"])),
                   yaxis=dict(title=dict(text=text["mse"]), rangemode="tozero"))


def saturation_figure(means: np.ndarray, text: Mapping[str, str]) -> go.Figure:
    """Mean output of each sigmoid hidden layer by epoch (epoch 0 = initialisation)."""
    epochs = np.arange(means.shape[0])
    traces = [_line(epochs, means[:, l], text["layer"].format(layer=l + 1), l, mode="lines+markers")
              for l in range(means.shape[1])]
    return _figure(traces, text["title"], xaxis=dict(title=dict(text=text["epoch"])),
                   yaxis=dict(title=dict(text=text["mean"]), range=[0, 1]))
