"""The Playground's pictures: heatmaps as images, the network diagram as ONE Pillow image,
and the few plotly charts (output with points, loss, gradient norms).

Many small pictures go into one image: 48 unit heatmaps as plotly subplots redraw at about
2 frames per second, composed into one picture about 11 (TESTING.md). Colours follow TF
Playground: orange for −1, white for 0, blue for +1 (positive class blue); three classes
take three Okabe–Ito colours, mixed by their probabilities.
"""
from __future__ import annotations

import base64
import io
import math

import numpy as np
from PIL import Image, ImageDraw

from actlib.figures.common import (BLACK, CLASS_RGB, MID, NEG, POS, WHITE, base_layout,
                                   plain_figure, rgb_string, series_line, typed, wrap_title)
from actlib.nets.playground.datasets import DOMAIN

THUMB, GAP_Y, GAP_X, PAD = 30, 6, 48, 5         # pixels of the network diagram
FRAME_GREY = (120, 120, 120)                     # around each thumbnail


LEVELS = 255        # a value in [−1, 1] takes one of 2 × LEVELS + 1 colours (−1, 0, 1 exact)
_RAMP = np.linspace(-1.0, 1.0, 2 * LEVELS + 1)[:, None]
DIVERGING = np.where(_RAMP >= 0, MID + (POS - MID) * _RAMP,
                     MID + (NEG - MID) * -_RAMP).astype(np.uint8)    # (2 × LEVELS + 1, 3)
NAN_GREY = 160


def diverging_rgb(values: np.ndarray, scale: float = 1.0, discrete: bool = False) -> np.ndarray:
    """(…, h, w) values → (…, h, w, 3) uint8: −scale orange, 0 white, +scale blue (clipped);
    NaN grey. `discrete` paints only the sign (TF's "discretize output"). The colours come
    from the DIVERGING table: one lookup per pixel instead of arithmetic on (h, w, 3)."""
    v = np.asarray(values, float) / (scale if scale > 0 else 1.0)
    if discrete:
        v = np.sign(v)
    nan = np.isnan(v)
    v = np.clip(v, -1.0, 1.0)
    v[nan] = 0.0
    rgb = DIVERGING[np.rint((v + 1.0) * LEVELS).astype(np.intp)]
    rgb[nan] = NAN_GREY
    return rgb


def classes_rgb(probs: np.ndarray, discrete: bool = False) -> np.ndarray:
    """(h, w, k) class probabilities → colours: each class's colour weighted by its share
    above 1/k (white where the net cannot tell); `discrete` paints the argmax."""
    k = probs.shape[-1]
    if discrete:
        return CLASS_RGB[np.argmax(probs, axis=-1)].astype(np.uint8)
    top = np.argmax(probs, axis=-1)
    confidence = np.clip((np.max(probs, axis=-1) - 1 / k) / (1 - 1 / k), 0, 1)[..., None]
    return (MID + (CLASS_RGB[top] - MID) * confidence).astype(np.uint8)


def output_rgb(output: np.ndarray, discrete: bool = False) -> np.ndarray:
    return classes_rgb(output, discrete) if output.ndim == 3 else \
        diverging_rgb(output, 1.0, discrete)


def image_uri(image: Image.Image, jpeg: bool = False, quality: int = 50) -> str:
    """A picture as a data URI (what plotly's image trace and st.image both take). JPEG
    for the smooth heatmaps: PNG of a colour gradient is several times larger and slower
    to encode (bench/playground.py); PNG, fast setting, for line drawings. Quality 50: side
    by side with 60 at twice the size no difference shows, and a frame fits its 100 KB."""
    buf = io.BytesIO()
    if jpeg:
        image.save(buf, "JPEG", quality=quality)
    else:
        image.save(buf, "PNG", compress_level=1)
    kind = "jpeg" if jpeg else "png"
    return f"data:image/{kind};base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def png_uri(rgb: np.ndarray) -> str:
    return image_uri(Image.fromarray(rgb))


def unit_rgb(values: np.ndarray) -> np.ndarray:
    """A unit's own picture, scaled to its own largest |value| (as TF's thumbnails);
    (k, h, w) values are k pictures, each scaled to its own."""
    v = np.asarray(values, float)
    size = np.where(np.isfinite(v), np.abs(v), 0.0).max(axis=(-2, -1), keepdims=True)
    return diverging_rgb(v / np.where(size > 0, size, 1.0))


def point_colours(labels: np.ndarray, kind: str) -> list:
    if kind == "multiclass":
        return [rgb_string(c) for c in CLASS_RGB[labels.astype(int)]]
    return typed(labels, "f4")


def output_figure(output: np.ndarray, train, test, kind: str, text: dict,
                  discrete: bool = False, height: int = 440):
    """The output heatmap over [−6, 6]² with the training points (and test points, hollow).

    `train`/`test` are (points (n, 2), labels) or None.
    """
    n = output.shape[0]
    step = 2 * DOMAIN / (n - 1)
    # an image trace (pixel centres on the grid), not a layout image: with a layout image
    # Streamlit 1.67 left the chart a grey skeleton in Chromium
    image = dict(type="image", source=png_uri(output_rgb(output, discrete)), x0=-DOMAIN,
                 dx=step, y0=DOMAIN, dy=-step, hoverinfo="skip")
    traces = [image]
    for pts, name, hollow in ((train, text["train"], False), (test, text["test"], True)):
        if pts is None or len(pts[0]) == 0:
            continue
        x, y = pts
        colours = point_colours(y, kind)
        marker = dict(size=7, line=dict(width=1.5 if hollow else 1, color=BLACK if hollow
                                       else WHITE))
        if kind == "multiclass":
            marker["color"] = colours
        else:
            marker.update(color=colours, cmin=-1, cmax=1,
                          colorscale=[[0, rgb_string(NEG)], [0.5, rgb_string(MID)],
                                      [1, rgb_string(POS)]])
        if hollow:
            marker["symbol"] = "circle-open" if kind == "multiclass" else "diamond"
        traces.append(dict(type="scatter", x=typed(x[:, 0]), y=typed(x[:, 1]),
                           mode="markers", name=name, marker=marker,
                           customdata=typed(y, "f4"),
                           hovertemplate="(%{x:.2f}, %{y:.2f}) → %{customdata:.3g}"
                                         "<extra></extra>"))
    axis = dict(range=[-DOMAIN, DOMAIN], zeroline=False, showgrid=False, fixedrange=True,
                constrain="domain")
    return plain_figure(traces, base_layout(
        height=height, showlegend=True, hovermode="closest",
        title=dict(text=text["title"], x=0.02, font=dict(size=15)),
        margin=dict(l=40, r=10, t=40, b=30), uirevision="playground",
        legend=dict(orientation="h", yanchor="top", y=-0.06, x=0),
        xaxis={**axis, "title": None},
        yaxis={**axis, "scaleanchor": "x", "title": None, "autorange": False}))


def network_image(pictures, weights: list[np.ndarray]) -> Image.Image:
    """The network diagram: a column of thumbnails per layer (inputs, hidden, output) and
    a line per weight, blue for w > 0, orange for w < 0, width ∝ |w| / max |w|."""
    columns = [pictures.inputs] + list(pictures.hidden) + [pictures.output[None]]
    tallest = max(len(c) for c in columns)
    width = PAD * 2 + len(columns) * THUMB + (len(columns) - 1) * GAP_X
    height = PAD * 2 + tallest * THUMB + (tallest - 1) * GAP_Y
    # column c's left edge and its first thumbnail's top (each column centred vertically);
    # thumbnail j sits j × (THUMB + GAP_Y) lower
    lefts = [PAD + c * (THUMB + GAP_X) for c in range(len(columns))]
    tops = [PAD + (height - PAD * 2 - (len(col) * THUMB + (len(col) - 1) * GAP_Y)) // 2
            for col in columns]
    step = THUMB + GAP_Y

    # the thumbnails in a grey frame, drawn as arrays: each column's units coloured in one
    # lookup (a Pillow image per unit cost more than the rest of the diagram)
    rgb = np.full((height, width, 3), 255, np.uint8)
    for c, column in enumerate(columns):
        last = c == len(columns) - 1
        tiles = output_rgb(thumbnail(column[0], 0))[None] if last else \
            unit_rgb(thumbnail(column))
        for j, tile in enumerate(tiles):
            x, y = lefts[c], tops[c] + j * step
            rgb[y - 1:y + THUMB + 1, x - 1:x + THUMB + 1] = FRAME_GREY
            rgb[y:y + THUMB, x:x + THUMB] = tile
    canvas = Image.fromarray(rgb)
    draw = ImageDraw.Draw(canvas)
    biggest = max((float(np.nanmax(np.abs(w))) for w in weights if w.size), default=1.0)
    biggest = biggest if np.isfinite(biggest) and biggest > 0 else 1.0
    pos, neg = tuple(int(v) for v in POS), tuple(int(v) for v in NEG)
    for c, W in enumerate(weights):
        x0, x1 = lefts[c] + THUMB + 1, lefts[c + 1] - 2        # from frame to frame
        for i, row in enumerate(np.asarray(W, float).tolist()):
            y0 = tops[c] + i * step + THUMB // 2
            for j, w in enumerate(row):
                if math.isfinite(w):
                    draw.line([(x0, y0), (x1, tops[c + 1] + j * step + THUMB // 2)],
                              fill=pos if w > 0 else neg,
                              width=max(1, int(round(4 * abs(w) / biggest))))
    return canvas


def thumbnail(values: np.ndarray, rows_axis: int = -2) -> np.ndarray:
    """Pictures sampled down to THUMB × THUMB at the nearest grid points; a picture's rows
    are axis `rows_axis`, its columns the next ((k, n, n): −2; (n, n[, classes]): 0)."""
    idx = np.rint(np.linspace(0, values.shape[rows_axis] - 1, THUMB)).astype(np.intp)
    return np.take(np.take(values, idx, axis=rows_axis), idx, axis=rows_axis + 1)


def unit_image(values: np.ndarray, size: int = 220, output: bool = False) -> Image.Image:
    rgb = output_rgb(values) if output else unit_rgb(values)
    return Image.fromarray(rgb).resize((size, size), Image.BILINEAR)


def downsample(epochs, columns, limit: int = 400):
    """At most `limit` points per curve: every k-th epoch (and always the last)."""
    n = len(epochs)
    idx = np.unique(np.r_[np.arange(0, n, max(1, n // limit)), n - 1]) if n else np.arange(0)
    return np.asarray(epochs)[idx], [np.asarray(c, float)[idx] for c in columns]


def curves_figure(epochs, curves: dict, text: dict, log: bool = False, height: int = 300):
    """Lines over epochs: {name: values}; log y for gradient norms (0 and NaN are gaps)."""
    x, ys = downsample(epochs, list(curves.values()))
    traces = []
    for i, (name, y) in enumerate(zip(curves, ys)):
        if log:
            y = np.where(y > 0, y, np.nan)
        traces.append(dict(type="scatter", x=typed(x, "i4"), y=typed(y, "f8"), mode="lines",
                           name=name, line=series_line(i, width=2)))
    title = wrap_title(text["title"])          # half a page wide: long titles take two lines
    lines = title.count("<br>") + 1
    return plain_figure(traces, base_layout(
        height=height + 20 * (lines - 1), title=dict(text=title, x=0.02, font=dict(size=15)),
        margin=dict(l=60, r=10, t=20 + 20 * lines, b=10), hovermode="x unified",
        uirevision="playground",
        legend=dict(orientation="h", yanchor="top", y=-0.22, x=0),
        xaxis=dict(title=text["x"]), yaxis=dict(title=text["y"],
                                                type="log" if log else "linear",
                                                exponentformat="power" if log else "none")))
