"""The course's photo and histogram views as plotly figures (pure: arrays in, go.Figure out).

For the Explorer:

    from actlib.lessons.imaging import bundled_photo, course_normalise, activate_image, course_samples
    from actlib.figures.images import image_figures, histogram_figure

    before = course_normalise(bundled_photo())                   # or load_image(upload)
    after = activate_image("relu", before)                       # or (act, before, alpha=…)
    fig_before, fig_after = image_figures(before, after, ("Photo − median", "ReLU(photo)"))
    samples = course_samples(seed)
    fig_hist = histogram_figure(samples, act.fn(samples, **params), ("samples", "ReLU(samples)"))

`image_figures` returns two figures, one per image: draw them side by side (st.columns)
with stable keys. The "before" figure does not change when a slider moves, and Streamlit
sends an element it already sent (≥ 10 KB, byte-identical) as a hash reference, so only the
"after" image travels on a slider move. Each image is mapped to grey min → black, max →
white (as the course's `plt.imshow` with its grey colour map), a grey colour bar gives the
values, and it is shipped as a JPEG data URI (~25–35 KB base64 for the 451 × 300 photo) — or
as PNG when it has at most 16 grey levels (a step function's output: small, and exact edges).

`histogram_figure` bins on the server (np.histogram, 100 bins like the course's
`plt.hist(…, 100)`): 100 bars per panel instead of 1000 raw samples. `payload_bytes(fig)`
is the size of a figure's JSON, for budgets in tests and benchmarks.
"""
from __future__ import annotations

import base64
import io

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from PIL import Image

from actlib.figures.common import (F_COLOUR, GREY_SCALE, NEUTRAL, axis_names, base_layout,
                                   plain_figure, side_by_side, typed)
from actlib.lessons.imaging import to_grey, value_range

JPEG_QUALITY = 80
FEW_LEVELS = 16                       # at most this many greys: PNG instead of JPEG
# The samples in the reference grey, f(samples) in the colour f has on every chart.
BEFORE_COLOUR, AFTER_COLOUR = NEUTRAL, F_COLOUR
# GREY_SCALE (black → white, linear) is exactly the map to_grey applies to the pixels.


def grey_data_uri(grey: np.ndarray, quality: int = JPEG_QUALITY) -> str:
    """uint8 2-D array → "data:image/…;base64,…" (PNG if few grey levels, else JPEG)."""
    grey = np.ascontiguousarray(grey, dtype=np.uint8)
    levels = np.count_nonzero(np.bincount(grey.reshape(-1), minlength=256))
    buf = io.BytesIO()
    if levels <= FEW_LEVELS:
        Image.fromarray(grey).save(buf, "PNG", compress_level=6)
        kind = "png"
    else:
        Image.fromarray(grey).save(buf, "JPEG", quality=quality)
        kind = "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(buf.getvalue()).decode("ascii")


FLAT_SPAN = 1.0       # the colour bar's span for a picture with no contrast: the [0, 1] photo scale


def grey_range(values: np.ndarray, lo: float | None = None,
               hi: float | None = None) -> tuple[float, float]:
    """What black and white stand for: lo (default min) and hi (default max).

    A picture with no contrast (a 1 × 1 upload, a flat colour, an activation that maps
    every pixel to one value) has lo = hi, or a spread below 1e-12 of its size that is only
    rounding. It is shown mid-grey, and the bar then spans FLAT_SPAN (the photo's [0, 1]
    scale) centred on that one value, so it reads "this value", not "0 … 1e-12".
    """
    auto_lo, auto_hi = value_range(values)
    lo = auto_lo if lo is None else lo
    hi = auto_hi if hi is None else hi
    if hi - lo <= 1e-12 * max(1.0, abs(lo), abs(hi)):
        middle = (lo + hi) / 2
        lo, hi = middle - FLAT_SPAN / 2, middle + FLAT_SPAN / 2
    return lo, hi


def image_figure(values: np.ndarray, title: str, lo: float | None = None,
                 hi: float | None = None, height: int = 340) -> go.Figure:
    """One 2-D array as a grey picture: lo (default min) black, hi (default max) white;
    a picture with no contrast is mid-grey with its value in the middle of the bar."""
    lo, hi = grey_range(values, lo, hi)
    image = dict(type="image", source=grey_data_uri(to_grey(values, lo, hi)),
                 hovertemplate="x %{x}, y %{y}<extra></extra>")
    # An invisible point carries the colour bar: what black and white stand for.
    scale = dict(type="scatter", x=[0], y=[0], mode="markers", hoverinfo="skip", showlegend=False,
                 marker=dict(size=0.1, opacity=0, color=[lo], colorscale=GREY_SCALE,
                             cmin=lo, cmax=hi, showscale=True,
                             colorbar=dict(thickness=12, len=0.9, tickformat=".3~g")))
    return plain_figure([image, scale], base_layout(
        title=dict(text=title, font=dict(size=14), x=0.02), height=height, hovermode="closest",
        margin=dict(l=0, r=0, t=36, b=0), xaxis=dict(visible=False),
        yaxis=dict(visible=False, scaleanchor="x")))


def image_figures(before: np.ndarray, after: np.ndarray, titles: tuple[str, str],
                  height: int = 340) -> tuple[go.Figure, go.Figure]:
    """The course's "origin image" and "activation results", each scaled to its own range."""
    return (image_figure(before, titles[0], height=height),
            image_figure(after, titles[1], height=height))


def _bars(values: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray, float]:
    values = np.asarray(values, dtype=np.float64)
    values = values[np.isfinite(values)]
    counts, edges = np.histogram(values, bins=bins)
    return (edges[:-1] + edges[1:]) / 2, counts, float(edges[1] - edges[0])


def histogram_figure(samples: np.ndarray, activated: np.ndarray, titles: tuple[str, str],
                     bins: int = 100, count_label: str = "count", height: int = 300) -> go.Figure:
    """The course's two histograms side by side: the samples, then f(samples), `bins` bins each."""
    traces = []
    for i, (values, colour) in enumerate(((samples, BEFORE_COLOUR), (activated, AFTER_COLOUR))):
        centres, counts, width = _bars(values, bins)
        xaxis, yaxis = axis_names(i)
        traces.append(dict(type="bar", x=typed(centres), y=typed(counts, "i4"), width=width,
                           marker=dict(color=colour, line=dict(width=0)), showlegend=False,
                           xaxis=xaxis, yaxis=yaxis,
                           hovertemplate="%{x:.3g}: %{y}<extra></extra>"))
    # Two panels laid out by hand (side_by_side): make_subplots is the slow part of this
    # figure (bench).
    panels = side_by_side(list(titles), gap=0.08, title_size=13,
                          yaxes=[dict(title=dict(text=count_label)), {}])
    return plain_figure(traces, base_layout(
        height=height, bargap=0, hovermode="closest", margin=dict(l=10, r=10, t=40, b=10),
        **panels))


def payload_bytes(fig: go.Figure) -> int:
    """Bytes of the figure's JSON as a browser receives it (typed arrays base64-encoded)."""
    return len(pio.to_json(fig, validate=False).encode("utf-8"))
