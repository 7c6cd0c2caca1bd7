"""Figures for the ReLU approximation page: fits, hinges, loss curves, MSE per seed, dead
units, Yarotsky's net and the learning-rate sweep. Pure: arrays and label dicts in, go.Figure
out. Every label comes from the caller (already translated)."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from actlib.figures.common import PALETTE, base_layout, colour, f32

ARCH_COLOUR = {"parallel": PALETTE[0], "serial": PALETTE[1]}
OUTCOME_COLOUR = {"good": PALETTE[2], "partial": PALETTE[4], "constant": PALETTE[1],
                  "diverged": PALETTE[7]}
DATA_COLOUR = "rgba(120, 120, 120, 0.35)"
SEED_LINE_STEP = 5            # every 5th point of a seed's fit: the lines are piecewise linear


def _finish(fig: go.Figure, title: str, height: int = 460, **layout) -> go.Figure:
    """Title on top, legend under the plot: subplot titles and legends never overlap."""
    layout.setdefault("legend", dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0))
    layout.setdefault("margin", dict(l=60, r=20, t=80, b=40))
    fig.update_layout(**base_layout(title=dict(text=title), height=height + 60, **layout))
    return fig


def _level(fig: go.Figure, x, y: float, name: str, dash: str = "dash", colour_: str = "black",
           **where) -> None:
    """A horizontal reference line as a trace (shapes on log axes take log10 coordinates,
    a trace takes data values, so this stays right on every axis type)."""
    fig.add_trace(go.Scatter(x=list(x), y=[y] * len(x), mode="lines", name=name,
                             hoverinfo="skip", line=dict(color=colour_, dash=dash, width=2)),
                  **where)


def fits_figure(X, y, clean, archs: Sequence[tuple[str, object]], text: Mapping[str, str]
                ) -> go.Figure:
    """One panel per architecture: data, clean target, every seed's fit (thin) and the
    median seed's fit (bold)."""
    fig = make_subplots(rows=1, cols=len(archs), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[title for title, _ in archs])
    for col, (title, arch) in enumerate(archs, start=1):
        first = col == 1
        fig.add_trace(go.Scattergl(x=f32(X), y=f32(y), mode="markers", name=text["data"],
                                   marker=dict(size=3, color=DATA_COLOUR), showlegend=first,
                                   legendgroup="data", hoverinfo="skip"), row=1, col=col)
        fig.add_trace(go.Scatter(x=f32(X), y=f32(clean), mode="lines", name=text["target"],
                                 line=dict(color="black", dash="dash", width=2),
                                 showlegend=first, legendgroup="target"), row=1, col=col)
        xs = X[::SEED_LINE_STEP]
        for k, pred in enumerate(arch.predictions):
            fig.add_trace(go.Scatter(x=f32(xs), y=f32(pred[::SEED_LINE_STEP]), mode="lines",
                                     name=text["seeds"], legendgroup="seeds",
                                     showlegend=first and k == 0, hoverinfo="skip",
                                     line=dict(color=ARCH_COLOUR.get(arch.name, colour(col)),
                                               width=1), opacity=0.25), row=1, col=col)
        m = arch.median_seed
        fig.add_trace(go.Scatter(x=f32(X), y=f32(arch.predictions[m]), mode="lines",
                                 name=f"{text['median']} · {title}",
                                 line=dict(color=ARCH_COLOUR.get(arch.name, colour(col)),
                                           width=4)), row=1, col=col)
        fig.update_xaxes(title_text="x", row=1, col=col)
    fig.update_yaxes(title_text="y", row=1, col=1)
    return _finish(fig, text["title"], height=500)


def hinges_figure(X, hinge: dict | None, serial_out, serial_kinks, text: Mapping[str, str]
                  ) -> go.Figure:
    """Left: the parallel net's median seed as a sum of hinges w₂·f(w₁x + b₁), its kinks as
    dotted lines. Right: the serial net's median seed and the kinks its composition makes."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.08,
                        subplot_titles=(text["parallel"], text["serial"]))
    if hinge is not None:
        for j, part in enumerate(hinge["contributions"]):
            fig.add_trace(go.Scatter(x=f32(X), y=f32(part), mode="lines",
                                     name=text["unit"].format(j=j + 1),
                                     line=dict(color=colour(j + 2), width=2)), row=1, col=1)
        total = hinge["contributions"].sum(0) + hinge["bias"]
        fig.add_trace(go.Scatter(x=f32(X), y=f32(total), mode="lines", name=text["sum"],
                                 line=dict(color=ARCH_COLOUR["parallel"], width=4)), row=1, col=1)
        for x in hinge["kinks"][np.abs(hinge["kinks"]) <= X.max()]:
            fig.add_vline(x=float(x), line=dict(color="grey", dash="dot", width=1), row=1, col=1)
    x_fine = np.linspace(X.min(), X.max(), len(serial_out))
    fig.add_trace(go.Scatter(x=f32(x_fine[::10]), y=f32(serial_out[::10]), mode="lines",
                             name=text["serial_out"],
                             line=dict(color=ARCH_COLOUR["serial"], width=4)), row=1, col=2)
    if len(serial_kinks):
        ky = np.interp(serial_kinks, x_fine, serial_out)
        fig.add_trace(go.Scatter(x=f32(serial_kinks), y=f32(ky), mode="markers",
                                 name=text["kinks"], marker=dict(size=12, symbol="diamond",
                                                                 color="black")), row=1, col=2)
    for col in (1, 2):
        fig.update_xaxes(title_text="x", row=1, col=col)
    return _finish(fig, text["title"], height=480, hovermode="closest")


def loss_figure(archs: Sequence[tuple[str, object]], floor: float, text: Mapping[str, str]
                ) -> go.Figure:
    """Full-data MSE after each epoch, log scale: every seed thin, the median bold."""
    fig = go.Figure()
    for title, arch in archs:
        c = ARCH_COLOUR.get(arch.name, PALETTE[3])
        epochs = np.arange(1, arch.loss_curve.shape[1] + 1)
        for k, curve in enumerate(arch.loss_curve):
            fig.add_trace(go.Scatter(x=epochs, y=f32(curve), mode="lines", opacity=0.3,
                                     line=dict(color=c, width=1), legendgroup=arch.name,
                                     showlegend=False, hoverinfo="skip"))
        with np.errstate(all="ignore"):
            median = np.nanmedian(arch.loss_curve, axis=0) if arch.loss_curve.size else []
        fig.add_trace(go.Scatter(x=epochs, y=f32(median), mode="lines", legendgroup=arch.name,
                                 name=f"{text['median']} · {title}", line=dict(color=c, width=4)))
    n_epochs = max((a.loss_curve.shape[1] for _, a in archs), default=1)
    _level(fig, [1, max(n_epochs, 1)], floor, text["floor"])
    return _finish(fig, text["title"], xaxis=dict(title=text["epoch"]),
                   yaxis=dict(title=text["mse"], type="log", exponentformat="power"))


def mse_strip_figure(archs: Sequence[tuple[str, object]], outcomes: Sequence[np.ndarray],
                     seeds: Sequence[int], floor: float, var_y: float,
                     text: Mapping[str, str]) -> go.Figure:
    """Every seed's final MSE as a point (coloured by outcome) over a box per architecture,
    log scale — so a trimodal result stays visible instead of being averaged away."""
    fig = go.Figure()
    shown = set()
    for i, ((title, arch), kinds) in enumerate(zip(archs, outcomes)):
        mse = np.where(np.isfinite(arch.mse), arch.mse, np.nan)
        fig.add_trace(go.Box(x=[title] * len(mse), y=f32(mse), name=title, boxpoints=False,
                             fillcolor="rgba(0,0,0,0)", showlegend=False,
                             line=dict(color=ARCH_COLOUR.get(arch.name, PALETTE[3]))))
        jitter = (np.random.default_rng(i).random(len(mse)) - 0.5) * 0.5
        for kind, c in OUTCOME_COLOUR.items():
            sel = kinds == kind
            if not sel.any():
                continue
            fig.add_trace(go.Scatter(
                x=f32(i + jitter[sel]), y=f32(mse[sel]), mode="markers", name=text[kind],
                legendgroup=kind, showlegend=kind not in shown, xaxis="x2",
                customdata=np.asarray(seeds)[sel],
                hovertemplate=text["seed"] + " %{customdata}: MSE %{y:.1f}<extra></extra>",
                marker=dict(size=13, color=c, line=dict(color="white", width=1))))
            shown.add(kind)
    n = len(archs)
    for y, name, dash, c in ((floor, text["floor"], "dash", "black"),
                             (var_y, text["var"], "dot", "grey")):
        fig.add_trace(go.Scatter(x=[-0.5, n - 0.5], y=[y, y], mode="lines", name=name,
                                 xaxis="x2", hoverinfo="skip",
                                 line=dict(color=c, dash=dash, width=2)))
    return _finish(fig, text["title"], height=480, hovermode="closest",
                   yaxis=dict(title=text["mse"], type="log", exponentformat="power"),
                   xaxis=dict(title=""),
                   xaxis2=dict(overlaying="x", range=[-0.5, n - 0.5], visible=False))


def dead_figure(archs: Sequence[tuple[str, object]], text: Mapping[str, str]) -> go.Figure:
    """Per hidden unit (L layer · u unit): the share of seeds in which it ended dead."""
    fig = go.Figure()
    for title, arch in archs:
        labels, counter = [], {}
        for layer in arch.unit_layer:
            counter[layer] = counter.get(layer, 0) + 1
            labels.append(f"L{layer + 1}·u{counter[layer]}")
        share = arch.dead.mean(axis=0) if arch.dead.size else np.zeros(len(labels))
        fig.add_trace(go.Bar(x=[f"{title}<br>{lab}" for lab in labels], y=f32(share),
                             name=title, marker_color=ARCH_COLOUR.get(arch.name, PALETTE[3]),
                             text=[f"{s:.0%}" for s in share], textposition="outside"))
    return _finish(fig, text["title"], height=420, hovermode="closest",
                   yaxis=dict(title=text["share"], range=[0, 1.12], tickformat=".0%"))


def yarotsky_figure(rows: Sequence[dict], trained: Mapping[str, tuple[int, float]],
                    text: Mapping[str, str]) -> go.Figure:
    """Max error of Yarotsky's net against its parameter count (log), with the theory
    a²·2^(−2m−2), beside the trained nets' median max error."""
    n = [r["n_params"] for r in rows]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=n, y=[r["theory"] for r in rows], mode="lines",
                             name=text["theory"], line=dict(color="black", dash="dash")))
    fig.add_trace(go.Scatter(x=n, y=[r["max_error"] for r in rows], mode="markers+text",
                             name=text["built"], text=[f"m={r['m']}" for r in rows],
                             textposition="top right",
                             marker=dict(size=14, color=PALETTE[2])))
    for name, (params, err) in trained.items():
        fig.add_trace(go.Scatter(x=[params], y=[err], mode="markers", name=text[name],
                                 marker=dict(size=16, symbol="diamond",
                                             color=ARCH_COLOUR.get(name, PALETTE[3]))))
    return _finish(fig, text["title"], height=440, hovermode="closest",
                   xaxis=dict(title=text["params"]),
                   yaxis=dict(title=text["error"], type="log", exponentformat="power"))


def sweep_figure(sweep: dict, labels: Mapping[str, str], text: Mapping[str, str]
                 ) -> go.Figure:
    """Left: share of dead hidden units per learning rate; right: median final MSE (log)."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(text["dead"], text["mse"]))
    rates = np.asarray(sweep["rates"])
    for i, act in enumerate(sweep["activations"]):
        c = colour(i * 3)
        fig.add_trace(go.Scatter(x=rates, y=f32(sweep["dead_fraction"][i]),
                                 mode="lines+markers", name=labels.get(act, act),
                                 legendgroup=act, line=dict(color=c, width=3),
                                 marker=dict(size=11)), row=1, col=1)
        fig.add_trace(go.Scatter(x=rates, y=f32(sweep["median_mse"][i]), mode="lines+markers",
                                 name=labels.get(act, act), legendgroup=act, showlegend=False,
                                 line=dict(color=c, width=3), marker=dict(size=11)),
                      row=1, col=2)
    _level(fig, [rates.min(), rates.max()], sweep["noise_floor"], text["floor"], row=1, col=2)
    fig.update_xaxes(type="log", title_text=text["lr"], exponentformat="power")
    fig.update_yaxes(tickformat=".0%", range=[-0.03, 1.05], row=1, col=1)
    fig.update_yaxes(type="log", exponentformat="power", row=1, col=2)
    return _finish(fig, text["title"], height=440, hovermode="closest")
