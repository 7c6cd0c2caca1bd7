"""Colours and layout shared by every figure: readable on a projector, light and dark alike."""
from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go

# The one series palette, most-used first. Chosen so that every pair stays ΔE76 ≥ 20 (CIELAB)
# under normal vision, deuteranopia and protanopia (Machado 2009, severity 1.0), which
# Okabe–Ito's full list does not (vermillion/orange, green/pink, orange/yellow fall to 17–18
# under deuteranopia); no colour is too light for white nor too dark for Streamlit's dark
# background. tests/unit/test_colour_vision.py measures all of this.
PALETTE = ["#0072B2", "#D55E00", "#33BBEE", "#CC79A7", "#EE6677", "#648FFF", "#882255"]
F_COLOUR, DF_COLOUR = PALETTE[0], PALETTE[1]
# Line styles are the second cue wherever curves are compared (f vs f′, overlays, …).
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
# Reference lines, markers and outlines: mid grey reads on white and on #0e1117 alike.
NEUTRAL = "#888888"
FLAT_FILL = "rgba(128, 128, 128, 0.15)"
GRID = "rgba(128, 128, 128, 0.25)"
ZERO_LINE = "rgba(128, 128, 128, 0.6)"
TRANSPARENT = "rgba(0, 0, 0, 0)"
# Two-class colours (y = 1 / y = 0, +1 / −1) and their light tints, from the palette.
ONE, ZERO = PALETTE[0], PALETTE[1]
ONE_LIGHT, ZERO_LIGHT = "#B3D4E8", "#F2CFB3"
MID_GREY = "#F7F7F7"
# A model's output on a colour scale: class 0 (ZERO) at the bottom, undecided (MID_GREY) in
# the middle, class 1 (ONE) at the top. Put the decision cut at the middle (zmin and zmax
# symmetric around it) and the scale stays centred there.
CLASS_SCALE = [[0.0, ZERO], [0.5, MID_GREY], [1.0, ONE]]
# Predictions 0/1 as two flat colours (zmin=0, zmax=1): light tints where points sit on
# them (a 2-D region), full colours for a surface with nothing on top.
CLASS_STEPS_LIGHT = [[0.0, ZERO_LIGHT], [0.5, ZERO_LIGHT], [0.5, ONE_LIGHT], [1.0, ONE_LIGHT]]
CLASS_STEPS = [[0.0, ZERO], [0.5, ZERO], [0.5, ONE], [1.0, ONE]]
# Behind a label drawn over a chart: half-transparent grey keeps the theme's text colour
# readable on a light and a dark page (white would hide the dark theme's light text).
LABEL_BG = "rgba(128, 128, 128, 0.25)"
# Image colour scales: grey as the course's plt.imshow(cmap="gray").
BLACK, WHITE = "#000000", "#FFFFFF"
GREY_SCALE = [[0.0, BLACK], [1.0, WHITE]]
DATA_GREY = "rgba(120, 120, 120, 0.45)"        # noisy data points behind fitted curves
# Playground heatmaps (TF Playground's diverging scale): −1 orange, 0 near-white, +1 blue,
# as RGB arrays for the PNG pictures; classes in palette colours.
NEG, MID, POS = np.array([245, 147, 34.]), np.array([250, 250, 250.]), np.array([8, 119, 189.])
CLASS_RGB = np.array([[230, 159, 0], [0, 114, 178], [0, 158, 115]], float)
# Streamlit's Markdown colours, so a page's ":blue[━━] training loss" legend matches a picture.
LINE_RGB = [(28, 131, 225), (255, 164, 33), (33, 195, 84), (128, 61, 245), (255, 75, 75),
            (128, 132, 149), (0, 192, 242)]
LEGEND = ["blue", "orange", "green", "violet", "red", "gray", "primary"]


def rgb_string(rgb) -> str:
    """An (r, g, b) triple of 0–255 numbers as a plotly colour string."""
    r, g, b = rgb
    return f"rgb({r:.0f},{g:.0f},{b:.0f})"


def translucent(hex_colour: str, alpha: float) -> str:
    """A palette colour ("#RRGGBB") with opacity alpha, for fills behind data."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha:g})"


FONT_SIZE = 15                       # legible from the back of a classroom


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def dash(i: int) -> str:
    """The line style of series i: with colour(i) a second cue that survives grey-scale."""
    return DASHES[i % len(DASHES)]


def series_line(i: int, width: float = 2.5) -> dict:
    """Line spec of series i: palette colour and line style both change with i."""
    return dict(color=colour(i), dash=dash(i), width=width)


def f32(a) -> np.ndarray:
    """float32 halves what a chart sends; the screen cannot show the difference."""
    return np.asarray(a, dtype=np.float32)


# A few lines of template instead of plotly's default (that one is several KB in every
# figure's JSON, and Streamlit's chart theme replaces most of it in the browser anyway).
# Transparent backgrounds and half-transparent greys so a chart follows the page, light or
# dark; the text colour is left to Streamlit's theme.
TEMPLATE = dict(layout=dict(
    font=dict(family="sans-serif", size=13), paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT,
    xaxis=dict(gridcolor=GRID, zerolinecolor=ZERO_LINE, automargin=True),
    yaxis=dict(gridcolor=GRID, zerolinecolor=ZERO_LINE, automargin=True)))


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

    Validation walks every property of every trace through plotly's object model, which
    dominated the pages' server time (README, "Benchmarks"). The builders only emit well-formed
    specs, and the page tests (tests/app/test_compare_page.py, test_explorer_page.py) require
    every chart those pages send to equal what the validating constructor makes of it.
    """
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


# Japanese (kana, kanji, full-width forms) may break between any two characters; Korean and
# Latin text break at spaces. No line starts with closing punctuation or a long-vowel mark.
_NO_BREAK_BEFORE = "、。，．：；！？）」』ー"


def _breaks_anywhere(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF


def _columns(text: str) -> int:
    """Display width: a Hangul/kana/kanji character is about twice as wide as a Latin one."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pieces(text: str) -> list[str]:
    """text cut where a line may break: after a space or ":", "、", ","; before "(";
    and between Japanese characters. Each piece keeps its trailing spaces."""
    pieces, piece = [], ""
    for ch in text:
        prev = piece[-1:]
        if (piece and ch != " " and ch not in _NO_BREAK_BEFORE
                and (prev in " :：、，," or ch in "(（" or _breaks_anywhere(ch)
                     or _breaks_anywhere(prev))):
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces


# A chart title's line length in columns: what a 390 px phone shows of a chart (358 px
# wide) at the theme's 16 px title font. The server cannot know the screen, so every title
# wraps to this; a wider desktop chart shows the same lines.
TITLE_COLUMNS = 40


def title_columns(font_px: float = 16) -> int:
    """TITLE_COLUMNS for a title font of font_px: a larger font gets proportionally fewer."""
    return int(TITLE_COLUMNS * 16 // font_px)


def _fill(pieces: list[str], columns: int) -> list[str]:
    """Greedy line filling: each line takes pieces while it stays within `columns`."""
    lines, line = [], ""
    for piece in pieces:
        if line.strip() and _columns((line + piece).rstrip()) > columns:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    return [*lines, line.rstrip()]


def wrap_title(text: str, columns: int = TITLE_COLUMNS) -> str:
    """A chart title broken into lines of at most `columns` columns (a line holding one
    unbreakable word may be longer), joined with <br>. Half-page charts and side-by-side
    panel titles would otherwise run out of their chart on a phone. Lines are balanced: as
    few as `columns` allows, each as short as that number of lines allows, so no word is
    left alone on the last line."""
    pieces = _pieces(text)
    lines = _fill(pieces, columns)
    for narrower in range(-(-_columns(text) // len(lines)), columns):
        balanced = _fill(pieces, narrower)
        if len(balanced) == len(lines):
            return "<br>".join(balanced)
    return "<br>".join(lines)


def axis_names(i: int) -> tuple[str, str]:
    """Trace-side axis names of panel i (0-based): ("x", "y"), ("x2", "y2"), …"""
    return ("x", "y") if i == 0 else (f"x{i + 1}", f"y{i + 1}")


def side_by_side(titles: list[str], gap: float = 0.12, title_size: int = FONT_SIZE,
                 xaxes: list[dict] | None = None, yaxes: list[dict] | None = None) -> dict:
    """Layout entries for len(titles) panels in a row, each with its own x and y axis.

    Panel i spans [i·(w + gap), i·(w + gap) + w] of the width, w = (1 − (n−1)·gap) / n; its
    y axis is anchored to its own x axis, so its ticks sit at its own left edge, inside the
    gap and never on the panel to its left. Each panel's title is an annotation above it
    (plotly's subplot titles, without make_subplots). Put a trace on panel i with
    `xaxis, yaxis = axis_names(i)`; merge the result into base_layout(...).
    """
    n = len(titles)
    width = (1.0 - (n - 1) * gap) / n
    layout: dict = {"annotations": []}
    for i, title in enumerate(titles):
        lo = i * (width + gap)
        hi = min(1.0, lo + width)
        x, y = axis_names(i)
        layout["xaxis" + x[1:]] = dict((xaxes or [{}] * n)[i], domain=[lo, hi], anchor=y)
        layout["yaxis" + y[1:]] = dict((yaxes or [{}] * n)[i], domain=[0.0, 1.0], anchor=x)
        if title:
            layout["annotations"].append(dict(
                text=title, x=(lo + hi) / 2, y=1.0, xref="paper", yref="paper", showarrow=False,
                xanchor="center", yanchor="bottom", font=dict(size=title_size)))
    return layout
