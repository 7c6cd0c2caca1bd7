"""The Playground's pictures while it plays, drawn with Pillow: one <img> per picture.

Streamlit 1.67 rebuilds a plotly chart from scratch on every fragment rerun (measured: the
chart's DOM node is new each frame), and the page is blank until plotly has drawn it again;
at 8 frames a second the charts flickered. An image swaps in place. While paused the page
shows the plotly versions (with hover); these show the same data.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from actlib.figures.common import LEGEND, LINE_RGB
from actlib.figures.playground import CLASS_RGB, NEG, POS, output_rgb
from actlib.nets.playground.datasets import DOMAIN



# A point as Pillow draws ellipse([x − 3, y − 3, x + 3, y + 3]) with an outline: "#" fill,
# "o" outline, centred on the pixel that holds (x, y).
DOT = ("..ooo..",
       ".o###o.",
       "o#####o",
       "o#####o",
       "o#####o",
       ".o###o.",
       "..ooo..")
_DOT_ROWS, _DOT_COLS = np.nonzero(np.array([list(r) for r in DOT]) != ".")
_DOT_RING = np.array([DOT[r][c] == "o" for r, c in zip(_DOT_ROWS, _DOT_COLS)])
_DOT_ROWS, _DOT_COLS = _DOT_ROWS - 3, _DOT_COLS - 3


def point_fill(labels, kind: str) -> np.ndarray:
    """(n, 3) colours of points: a class's colour, or orange (−1) → white → blue (+1)."""
    if kind == "multiclass":
        return CLASS_RGB[np.asarray(labels).astype(int)].astype(np.uint8)
    v = np.clip(np.asarray(labels, float), -1, 1)[:, None]
    return np.where(v >= 0, 250 + (POS - 250) * v, 250 + (NEG - 250) * -v).astype(np.uint8)


def draw_points(rgb: np.ndarray, points, labels, kind: str, ring) -> None:
    """Stamp every point's DOT into the (h, w, 3) picture in one assignment; `ring` is the
    outline's colour. Where two points of one call overlap either may show (numpy promises
    no order), so test points, stamped by a second call, lie on top of training points."""
    points = np.asarray(points, float).reshape(-1, 2)
    h, w = rgb.shape[:2]
    scale = w / (2 * DOMAIN)
    cols = np.floor((points[:, 0] + DOMAIN) * scale).astype(int)[:, None] + _DOT_COLS
    rows = np.floor((DOMAIN - points[:, 1]) * scale).astype(int)[:, None] + _DOT_ROWS
    colours = np.where(_DOT_RING[None, :, None], np.asarray(ring, np.uint8),
                       point_fill(labels, kind)[:, None, :])
    inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    rgb[rows[inside], cols[inside]] = colours[inside]


def output_frame(output: np.ndarray, points, labels, kind: str, discrete: bool = False,
                 size: int = 360, test=None) -> Image.Image:
    """The output heatmap over [−6, 6]² with the training points (test points outlined)."""
    heat = Image.fromarray(output_rgb(output, discrete)).resize((size, size), Image.BILINEAR)
    rgb = np.array(heat)
    draw_points(rgb, points, labels, kind, ring=(255, 255, 255))
    if test is not None:
        draw_points(rgb, *test, kind, ring=(0, 0, 0))
    return Image.fromarray(rgb)


def dashed_line(draw: ImageDraw.ImageDraw, pts, fill, width: int, on: float = 9,
                off: float = 6) -> None:
    """A polyline drawn in dashes of `on` pixels with gaps of `off`, measured along it."""
    pos = 0.0                               # where along one on + off period we are
    for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:]):
        length = float(np.hypot(x1 - x0, y1 - y0))
        done = 0.0
        while done < length:
            left = (on - pos) if pos < on else (on + off - pos)
            step = min(left, length - done)
            if pos < on and step > 0:
                a, b = done / length, (done + step) / length
                draw.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                           (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)], fill=fill, width=width)
            done += step
            pos = (pos + step) % (on + off)


def curves_frame(epochs, curves: list, log: bool = False, size=(520, 230),
                 dashed=()) -> Image.Image:
    """Lines over epochs (x from 0 to the last epoch), y linear or log10, numeric ticks only
    (the titles and legend are Markdown beside the picture, in the page's language). The
    curves whose index is in `dashed` are drawn dashed (as the plotly charts' second line)."""
    width, height = size
    left, right, top, bottom = 66, 12, 10, 26
    font = ImageFont.load_default(size=14)
    # a palette picture (white, two greys, the line colours): its PNG is a few KB
    palette = [(255, 255, 255), (235, 235, 235), (200, 200, 200), (90, 90, 90)] + LINE_RGB
    canvas = Image.new("P", size, 0)
    canvas.putpalette([v for rgb in palette for v in rgb])
    colour = {rgb: i for i, rgb in enumerate(palette)}
    draw = ImageDraw.Draw(canvas)
    ys = [np.asarray(c, float) for c in curves]
    if log:
        ys = [np.log10(np.where(y > 0, y, np.nan)) for y in ys]
    finite = np.concatenate([y[np.isfinite(y)] for y in ys]) if ys else np.array([])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    n = max(len(y) for y in ys) if ys else 1
    sx = (width - left - right) / max(1, n - 1)
    sy = (height - top - bottom) / (hi - lo)
    draw.rectangle([left, top, width - right, height - bottom], outline=colour[(200, 200, 200)])
    for k in range(5):                                       # 5 gridlines with their values
        v = lo + (hi - lo) * k / 4
        py = height - bottom - (v - lo) * sy
        draw.line([left, py, width - right, py], fill=colour[(235, 235, 235)])
        label = f"{10 ** v:.2g}" if log else f"{v:.3g}"
        draw.text((4, py - 8), label, fill=colour[(90, 90, 90)], font=font)
    draw.text((left, height - bottom + 6), "0", fill=colour[(90, 90, 90)], font=font)
    draw.text((width - right - 50, height - bottom + 6), f"{epochs[-1] if len(epochs) else 0}",
              fill=colour[(90, 90, 90)], font=font)
    for i, y in enumerate(ys):
        keep = np.isfinite(y)
        px = (left + np.arange(len(y)) * sx)[keep]
        py = (height - bottom - (y - lo) * sy)[keep]
        pts = list(zip(px.tolist(), py.tolist()))
        if len(pts) > 1 and i in dashed:
            dashed_line(draw, pts, 4 + i % len(LINE_RGB), 2)
        elif len(pts) > 1:
            bold_line(draw, pts, 4 + i % len(LINE_RGB))
    return canvas


def bold_line(draw: ImageDraw.ImageDraw, pts, fill) -> None:
    """A polyline two pixels thick in every direction: the one-pixel line drawn again one
    pixel right and one pixel down (Pillow's width=2 fills a polygon per segment, several
    times slower for the hundreds of segments of a curve)."""
    for dx, dy in ((0, 0), (1, 0), (0, 1)):
        draw.line([(x + dx, y + dy) for x, y in pts], fill=fill, width=1)


def legend(names, dashed=()) -> str:
    """Markdown: a coloured bar (dashed for the lines in `dashed`) and the name of each line,
    in the lines' colours."""
    return " ".join(f":{LEGEND[i % len(LEGEND)]}[{'╍╍' if i in dashed else '━━'}] {name}"
                    for i, name in enumerate(names))
