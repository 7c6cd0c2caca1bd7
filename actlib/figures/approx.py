"""Figures for the ReLU approximation page: fits, hinges, loss curves, MSE per seed, dead
units, Yarotsky's net and the learning-rate sweep. Pure: arrays and label dicts in, go.Figure
out. Every label comes from the caller (already translated).

Every figure is a plain spec (trace and layout dicts, see plain_figure): plotly's validating
object model (and make_subplots) held the GIL for most of this page's render (README,
"Benchmarks"). Panels are laid out by hand as make_subplots would lay them out;
tests/app/test_relu_page.py requires every chart to equal what the validating constructor
makes of it."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from actlib.figures.common import (DATA_GREY, NEUTRAL, PALETTE, TRANSPARENT, base_layout, colour,
                                   plain_figure, typed, wrap_title)

ARCH_COLOUR = {"parallel": PALETTE[0], "serial": PALETTE[1]}
ARCH_DASH = {"parallel": "solid", "serial": "dash"}     # a second cue besides colour
OUTCOME_COLOUR = {"good": PALETTE[2], "partial": PALETTE[4], "constant": PALETTE[1],
                  "diverged": NEUTRAL}
DATA_COLOUR = DATA_GREY
SEED_LINE_STEP = 5            # every 5th point of a seed's fit: the lines are piecewise linear


def _finish(traces: list[dict], title: str, height: int = 460, **layout) -> go.Figure:
    """Title on top (wrapped to fit a phone), legend under the plot: subplot titles and
    legends never overlap."""
    title = wrap_title(title)
    layout.setdefault("legend", dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0))
    # room for every line of the title above the panels' own titles
    layout.setdefault("margin", dict(l=60, r=20, t=56 + 24 * (title.count("<br>") + 1), b=40))
    return plain_figure(traces, base_layout(title=dict(text=title), height=height + 60, **layout))


def _level(x, y: float, name: str, dash: str = "dash", colour_: str = NEUTRAL, **where) -> dict:
    """A horizontal reference line as a trace (shapes on log axes take log10 coordinates,
    a trace takes data values, so this stays right on every axis type). where: xaxis/yaxis."""
    x = [float(v) for v in x]
    return dict(type="scatter", x=x, y=[float(y)] * len(x), mode="lines", name=name,
                hoverinfo="skip", line=dict(color=colour_, dash=dash, width=2), **where)


def _axes(i: int) -> dict:
    """The axis references of panel i (0-based) as a trace takes them."""
    n = "" if i == 0 else str(i + 1)
    return dict(xaxis=f"x{n}", yaxis=f"y{n}")


def _panels(titles: Sequence[str], spacing: float, x: Sequence[dict] = (),
            y: Sequence[dict] = (), shared_y: bool = False) -> dict:
    """One row of panels laid out by hand, as make_subplots(rows=1, cols=len(titles)) would:
    a domain per x axis, a title annotation per panel (make_subplots is slow: its cost is in the README).
    x[i] / y[i]: extra properties of panel i's axes; the first panel's axes keep base_layout's
    zero lines and spikes. shared_y: every y axis matches the first, tick labels on it only."""
    n = max(len(titles), 1)
    width = (1 - spacing * (n - 1)) / n
    base = base_layout()
    layout, annotations = {}, []
    for i, text in enumerate(titles):
        a = "" if i == 0 else str(i + 1)
        lo, hi = i * (width + spacing), i * (width + spacing) + width
        xaxis = dict(base["xaxis"] if i == 0 else {}, anchor=f"y{a}", domain=[lo, hi])
        yaxis = dict(base["yaxis"] if i == 0 else {}, anchor=f"x{a}", domain=[0.0, 1.0])
        if shared_y and i > 0:
            yaxis.update(matches="y", showticklabels=False)
        xaxis.update(x[i] if i < len(x) else {})
        yaxis.update(y[i] if i < len(y) else {})
        layout[f"xaxis{a}"], layout[f"yaxis{a}"] = xaxis, yaxis
        annotations.append(dict(text=text, x=(lo + hi) / 2, y=1.0, xref="paper", yref="paper",
                                xanchor="center", yanchor="bottom", showarrow=False,
                                font=dict(size=16)))
    layout["annotations"] = annotations
    return layout


def fits_figure(X, y, clean, archs: Sequence[tuple[str, object]], text: Mapping[str, str]
                ) -> go.Figure:
    """One panel per architecture: data, clean target, every seed's fit (thin) and the
    median seed's fit (bold). A plain spec (see plain_figure), the y axis shared."""
    xs, ys, cleans = typed(X), typed(y), typed(clean)     # encoded once, shared by the panels
    x_seed = typed(X[::SEED_LINE_STEP])
    traces = []
    for col, (title, arch) in enumerate(archs, start=1):
        first, where = col == 1, _axes(col - 1)
        c = ARCH_COLOUR.get(arch.name, colour(col))
        traces.append(dict(type="scattergl", x=xs, y=ys, mode="markers", name=text["data"],
                           marker=dict(size=3, color=DATA_COLOUR), showlegend=first,
                           legendgroup="data", hoverinfo="skip", **where))
        traces.append(dict(type="scatter", x=xs, y=cleans, mode="lines", name=text["target"],
                           line=dict(color=NEUTRAL, dash="dash", width=2),
                           showlegend=first, legendgroup="target", **where))
        for k, pred in enumerate(arch.predictions):
            traces.append(dict(type="scatter", x=x_seed, y=typed(pred[::SEED_LINE_STEP]),
                               mode="lines", name=text["seeds"], legendgroup="seeds",
                               showlegend=first and k == 0, hoverinfo="skip",
                               line=dict(color=c, width=1), opacity=0.25, **where))
        traces.append(dict(type="scatter", x=xs, y=typed(arch.predictions[arch.median_seed]),
                           mode="lines", name=f"{text['median']} · {title}",
                           line=dict(color=c, width=4, dash=ARCH_DASH.get(arch.name, "dot")),
                           **where))
    x_title = dict(title=dict(text="x"))
    layout = _panels([title for title, _ in archs], 0.04, x=[x_title] * len(archs),
                     y=[dict(title=dict(text="y"))], shared_y=True)
    return _finish(traces, text["title"], height=500, **layout)


def hinges_figure(X, hinge: dict | None, serial_out, serial_kinks, text: Mapping[str, str]
                  ) -> go.Figure:
    """Left: the parallel net's median seed as a sum of hinges w₂·f(w₁x + b₁), its kinks as
    dotted lines. Right: the serial net's median seed and the kinks its composition makes.
    A plain spec (see plain_figure); the kinks are layout shapes, as add_vline makes them."""
    traces, shapes = [], []
    if hinge is not None:
        xs = typed(X)
        for j, part in enumerate(hinge["contributions"]):
            traces.append(dict(type="scatter", x=xs, y=typed(part), mode="lines",
                               name=text["unit"].format(j=j + 1),
                               line=dict(color=colour(j + 2), width=2), **_axes(0)))
        total = hinge["contributions"].sum(0) + hinge["bias"]
        traces.append(dict(type="scatter", x=xs, y=typed(total), mode="lines", name=text["sum"],
                           line=dict(color=ARCH_COLOUR["parallel"], width=4, dash=ARCH_DASH["parallel"]),
                           **_axes(0)))
        shapes = [dict(type="line", xref="x", yref="y domain", x0=float(x), x1=float(x),
                       y0=0, y1=1, line=dict(color=NEUTRAL, dash="dot", width=1))
                  for x in hinge["kinks"][np.abs(hinge["kinks"]) <= X.max()]]
    x_fine = np.linspace(X.min(), X.max(), len(serial_out))
    traces.append(dict(type="scatter", x=typed(x_fine[::10]), y=typed(serial_out[::10]),
                       mode="lines", name=text["serial_out"],
                       line=dict(color=ARCH_COLOUR["serial"], width=4, dash=ARCH_DASH["serial"]),
                       **_axes(1)))
    if len(serial_kinks):
        ky = np.interp(serial_kinks, x_fine, serial_out)
        traces.append(dict(type="scatter", x=typed(serial_kinks), y=typed(ky), mode="markers",
                           name=text["kinks"],
                           marker=dict(size=12, symbol="diamond", color=NEUTRAL), **_axes(1)))
    x_title = dict(title=dict(text="x"))
    # a gap wide enough for the right panel's tick labels on a phone
    layout = _panels((text["parallel"], text["serial"]), 0.16, x=[x_title, x_title])
    if shapes:
        layout["shapes"] = shapes
    return _finish(traces, text["title"], height=480, hovermode="closest", **layout)


def loss_figure(archs: Sequence[tuple[str, object]], floor: float, text: Mapping[str, str]
                ) -> go.Figure:
    """Full-data MSE after each epoch, log scale: every seed thin, the median bold.
    A plain spec (see plain_figure)."""
    traces = []
    for title, arch in archs:
        c = ARCH_COLOUR.get(arch.name, PALETTE[3])
        epochs = typed(np.arange(1, arch.loss_curve.shape[1] + 1), "i4")
        for curve in arch.loss_curve:
            traces.append(dict(type="scatter", x=epochs, y=typed(curve), mode="lines",
                               opacity=0.3, line=dict(color=c, width=1), legendgroup=arch.name,
                               showlegend=False, hoverinfo="skip"))
        with np.errstate(all="ignore"):
            median = np.nanmedian(arch.loss_curve, axis=0) if arch.loss_curve.size else []
        traces.append(dict(type="scatter", x=epochs, y=typed(median), mode="lines",
                           legendgroup=arch.name, name=f"{text['median']} · {title}",
                           line=dict(color=c, width=4)))
    n_epochs = max((a.loss_curve.shape[1] for _, a in archs), default=1)
    traces.append(_level([1, max(n_epochs, 1)], floor, text["floor"]))
    return _finish(traces, text["title"], xaxis=dict(title=dict(text=text["epoch"])),
                   yaxis=dict(title=dict(text=text["mse"]), type="log", exponentformat="power"))


def mse_strip_figure(archs: Sequence[tuple[str, object]], outcomes: Sequence[np.ndarray],
                     seeds: Sequence[int], floor: float, var_y: float,
                     text: Mapping[str, str]) -> go.Figure:
    """Every seed's final MSE as a point (coloured by outcome) over a box per architecture,
    log scale — so a trimodal result stays visible instead of being averaged away.
    A plain spec (see plain_figure)."""
    traces, shown = [], set()
    for i, ((title, arch), kinds) in enumerate(zip(archs, outcomes)):
        mse = np.where(np.isfinite(arch.mse), arch.mse, np.nan)
        traces.append(dict(type="box", x=[title] * len(mse), y=typed(mse), name=title,
                           boxpoints=False, fillcolor=TRANSPARENT, showlegend=False,
                           line=dict(color=ARCH_COLOUR.get(arch.name, PALETTE[3]))))
        jitter = (np.random.default_rng(i).random(len(mse)) - 0.5) * 0.5
        for kind, c in OUTCOME_COLOUR.items():
            sel = kinds == kind
            if not sel.any():
                continue
            traces.append(dict(
                type="scatter", x=typed(i + jitter[sel]), y=typed(mse[sel]), mode="markers",
                name=text[kind], legendgroup=kind, showlegend=kind not in shown, xaxis="x2",
                customdata=typed(np.asarray(seeds)[sel], "i4"),
                hovertemplate=text["seed"] + " %{customdata}: MSE %{y:.1f}<extra></extra>",
                marker=dict(size=13, color=c, line=dict(color=NEUTRAL, width=1))))
            shown.add(kind)
    n = len(archs)
    for y, name, dash, c in ((floor, text["floor"], "dash", NEUTRAL),
                             (var_y, text["var"], "dot", NEUTRAL)):
        traces.append(_level([-0.5, n - 0.5], y, name, dash, c, xaxis="x2"))
    return _finish(traces, text["title"], height=480, hovermode="closest",
                   yaxis=dict(title=dict(text=text["mse"]), type="log", exponentformat="power"),
                   xaxis=dict(title=dict(text="")),
                   xaxis2=dict(overlaying="x", range=[-0.5, n - 0.5], visible=False))


def dead_figure(archs: Sequence[tuple[str, object]], text: Mapping[str, str]) -> go.Figure:
    """Per hidden unit (L layer · u unit): the share of seeds in which it ended dead.
    A plain spec (see plain_figure). The x axis has two rows: units, then their network
    (one short tick label per bar stays readable on a phone)."""
    traces = []
    for title, arch in archs:
        labels, counter = [], {}
        for layer in arch.unit_layer:
            counter[layer] = counter.get(layer, 0) + 1
            labels.append(f"L{layer + 1}·u{counter[layer]}")
        share = arch.dead.mean(axis=0) if arch.dead.size else np.zeros(len(labels))
        traces.append(dict(type="bar", x=[[title] * len(labels), labels], y=typed(share),
                           name=title, marker=dict(color=ARCH_COLOUR.get(arch.name, PALETTE[3])),
                           text=[f"{s:.0%}" for s in share], textposition="outside"))
    return _finish(traces, text["title"], height=420, hovermode="closest",
                   showlegend=False,              # the axis' second row names each network
                   yaxis=dict(title=dict(text=text["share"]), range=[0, 1.12], tickformat=".0%"))


def yarotsky_figure(rows: Sequence[dict], trained: Mapping[str, tuple[int, float]],
                    text: Mapping[str, str]) -> go.Figure:
    """Max error of Yarotsky's net against its parameter count (log), with the theory
    a²·2^(−2m−2), beside the trained nets' median max error. A plain spec (see plain_figure)."""
    n = [int(r["n_params"]) for r in rows]
    traces = [
        dict(type="scatter", x=n, y=[float(r["theory"]) for r in rows], mode="lines",
             name=text["theory"], line=dict(color=NEUTRAL, dash="dash")),
        dict(type="scatter", x=n, y=[float(r["max_error"]) for r in rows], mode="markers+text",
             name=text["built"], text=[f"m={r['m']}" for r in rows], textposition="top right",
             marker=dict(size=14, color=PALETTE[2])),
    ]
    for name, (params, err) in trained.items():
        traces.append(dict(type="scatter", x=[int(params)], y=[float(err)], mode="markers",
                           name=text[name],
                           marker=dict(size=16, symbol="diamond",
                                       color=ARCH_COLOUR.get(name, PALETTE[3]))))
    return _finish(traces, text["title"], height=440, hovermode="closest",
                   xaxis=dict(title=dict(text=text["params"])),
                   yaxis=dict(title=dict(text=text["error"]), type="log", exponentformat="power"))


def sweep_figure(sweep: dict, labels: Mapping[str, str], text: Mapping[str, str]
                 ) -> go.Figure:
    """Left: share of dead hidden units per learning rate; right: median final MSE (log).
    A plain spec (see plain_figure)."""
    rates = np.asarray(sweep["rates"], dtype=np.float64)
    xs = typed(rates, "f8")           # exact rates: they sit on a log axis
    traces = []
    for i, act in enumerate(sweep["activations"]):
        style = dict(type="scatter", x=xs, mode="lines+markers", name=labels.get(act, act),
                     legendgroup=act, line=dict(color=colour(i * 3), width=3),
                     marker=dict(size=11))
        traces.append(dict(style, y=typed(sweep["dead_fraction"][i]), **_axes(0)))
        traces.append(dict(style, y=typed(sweep["median_mse"][i]), showlegend=False, **_axes(1)))
    traces.append(_level([rates.min(), rates.max()], sweep["noise_floor"], text["floor"],
                         **_axes(1)))
    x = dict(type="log", title=dict(text=text["lr"]), exponentformat="power")
    layout = _panels((text["dead"], text["mse"]), 0.16, x=[x, x],
                     y=[dict(tickformat=".0%", range=[-0.03, 1.05]),
                        dict(type="log", exponentformat="power")])
    return _finish(traces, text["title"], height=440, hovermode="closest", **layout)
