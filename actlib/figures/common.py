"""Colours and layout shared by every figure: readable on a projector, light and dark alike."""
from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
           "#000000"]
F_COLOUR, DF_COLOUR = PALETTE[0], PALETTE[1]
FLAT_FILL = "rgba(128, 128, 128, 0.15)"
FONT_SIZE = 15                       # legible from the back of a classroom


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def f32(a) -> np.ndarray:
    """float32 halves what a chart sends; the screen cannot show the difference."""
    return np.asarray(a, dtype=np.float32)


# A few lines of template instead of plotly's default: that one is ~6.5 KB in every figure's
# JSON and ~2 ms per chart per rerun to copy and encode, and Streamlit's chart theme replaces
# most of it in the browser anyway.
TEMPLATE = dict(layout=dict(
    font=dict(family="sans-serif", size=13), paper_bgcolor="white", plot_bgcolor="white",
    xaxis=dict(gridcolor="#e5e5e5", zerolinecolor="#bdbdbd", automargin=True),
    yaxis=dict(gridcolor="#e5e5e5", zerolinecolor="#bdbdbd", automargin=True)))


def base_layout(**overrides) -> dict:
    layout = dict(
        template=TEMPLATE,
        font=dict(size=FONT_SIZE),
        margin=dict(l=60, r=20, t=50, b=50),
        hovermode="x unified",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        xaxis=dict(zeroline=True, zerolinewidth=1, showspikes=True),
        yaxis=dict(zeroline=True, zerolinewidth=1),
    )
    layout.update(overrides)
    return layout


def typed(a, dtype: str = "f4") -> dict:
    """An array as plotly's typed-array spec {"dtype", "bdata"}: exactly what plotly would send.

    f4 for curves (a screen cannot show more), f8 where values span hundreds of decades
    (products of derivatives: sigmoid's reach 1e-96 at σ = 5, below float32's range), i4
    for counts.
    """
    a = np.ascontiguousarray(a, dtype=np.dtype(dtype))
    return {"dtype": dtype, "bdata": base64.b64encode(a.tobytes()).decode("ascii")}


def plain_figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, without plotly's per-property validation.

    Validation walks every property of every trace through plotly's object model: ~1.5 ms
    per trace here, 0.3 s for the 200 traces of 27 activations, and ~15 ms of the ~20 ms
    the Explorer's four charts took per slider move. The builders only emit well-formed
    specs, and the page tests (tests/app/test_compare_page.py, test_explorer_page.py) require
    every chart those pages send to equal what the validating constructor makes of it.
    """
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def wrap_title(text: str, columns: int) -> str:
    """A chart title broken into lines of at most `columns` columns at spaces, joined with
    <br>; a Hangul/kana/kanji character counts as two columns (it is about twice as wide).
    Panel titles of side-by-side charts would otherwise overlap on a phone."""
    import unicodedata
    width = lambda word: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in word)  # noqa: E731
    lines, line = [], ""
    for word in text.split():
        if line and width(line) + 1 + width(word) > columns:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "<br>".join([*lines, line])
