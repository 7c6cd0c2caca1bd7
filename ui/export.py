"""Every chart the pages show goes through show_chart: slide-size PNG, CSV, presenter sizes.

    show_chart(figure_or_spec, key="explorer_chart", file_name="explorer-elu-alpha-1", where=col)

- the toolbar's camera saves `<file_name>.png` at 1920×1080 (a slide), plotly's logo off;
- a small "Data (CSV)" button under the chart downloads `<file_name>.csv`: one row per point,
  columns series, x, y (and z for heatmaps and surfaces), the numbers the chart draws. Its
  data is a callable, so the CSV is built only when someone clicks (never on a slider move),
  and `on_click="ignore"`: downloading does not rerun the page;
- in presenter mode (ui/present.py) the spec gets the projector's font sizes and line widths.

Accepts a go.Figure (its to_dict() is taken once, as st.plotly_chart would) or a plain spec
dict such as the Explorer's shared charts (ui/charts.py): either is handed to
st.plotly_chart as a ShippedFigure, so plotly's object model is not rebuilt or validated.
"""
from __future__ import annotations

import base64
import csv
import io
import re

import numpy as np
import streamlit as st

from ui.charts import ShippedFigure
from ui.i18n import t
from ui.present import presenter_spec, presenting

SLIDE = {"width": 1920, "height": 1080}


def chart_config(file_name: str) -> dict:
    """st.plotly_chart's config: PNG at slide size named after the view, no plotly logo."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": file_name, **SLIDE, "scale": 1},
            "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def file_stem(*parts) -> str:
    """A file name from what the chart shows: ("explorer", "elu", "alpha", 1.0) →
    "explorer-elu-alpha-1". Lower case, [a-z0-9.-] only, numbers without trailing zeros."""
    words = []
    for part in parts:
        if isinstance(part, float):
            part = f"{part:g}"
        words.append(re.sub(r"[^a-z0-9.]+", "-", str(part).lower()).strip("-."))
    return "-".join(w for w in words if w) or "chart"


def show_chart(figure, key: str, file_name: str, where=st, csv_button: bool = True,
               config: dict | None = None, **plotly_kwargs) -> None:
    """The chart, with its PNG name, its CSV button and, for a projector, bigger type.
    `config` adds to chart_config's (e.g. {"displayModeBar": False})."""
    spec = figure if isinstance(figure, dict) else figure.to_dict()
    if presenting():
        spec = presenter_spec(spec)
    where.plotly_chart(ShippedFigure(spec), key=key,
                       config={**chart_config(file_name), **(config or {})}, **plotly_kwargs)
    if csv_button:
        where.download_button(t("present.csv"), data=lambda: chart_csv(spec),
                              file_name=f"{file_name}.csv", mime="text/csv", key=f"{key}_csv",
                              on_click="ignore", icon=":material/download:", type="tertiary",
                              help=t("present.csv_help"))


# ---------------------------------------------------------------- the CSV
def decode(value) -> np.ndarray | None:
    """A trace array as numpy: plotly's typed array {"dtype", "bdata", "shape"} or a list."""
    if value is None:
        return None
    if isinstance(value, dict) and "bdata" in value:
        a = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            a = a.reshape([int(s) for s in str(value["shape"]).split(",")])
        return a
    if isinstance(value, (list, tuple, np.ndarray)):
        return np.asarray(value, dtype=object if _has_text(value) else None)
    return None


def _has_text(values) -> bool:
    flat = np.asarray(values, dtype=object).ravel()
    return any(isinstance(v, str) for v in flat)


def _cell(v) -> str:
    """A number as its own dtype prints it (float32 0.3 → "0.3"); None and NaN → empty."""
    if v is None:
        return ""
    if isinstance(v, (float, np.floating)):
        return "" if np.isnan(v) else str(v)
    return str(v)


def _axis_values(trace: dict, name: str, n: int) -> np.ndarray | None:
    """x or y of a trace: the array, or x0 + dx·i when the trace gives an evenly spaced grid."""
    values = decode(trace.get(name))
    if values is None and (f"{name}0" in trace or f"d{name}" in trace) and n:
        start, step = float(trace.get(f"{name}0", 0.0)), float(trace.get(f"d{name}", 1.0))
        values = start + step * np.arange(n)
    return values


def trace_rows(trace: dict, index: int) -> list[list]:
    """One trace as rows [series, x, y(, z)]."""
    series = trace.get("name") or f"trace {index}"
    z = decode(trace.get("z"))
    if z is not None and z.ndim == 2:               # heatmap / surface: one row per cell
        ny, nx = z.shape
        x = _axis_values(trace, "x", nx)
        y = _axis_values(trace, "y", ny)
        x = np.arange(nx) if x is None else x
        y = np.arange(ny) if y is None else y
        x = np.broadcast_to(x[None, :], z.shape) if x.ndim == 1 else x
        y = np.broadcast_to(y[:, None], z.shape) if y.ndim == 1 else y
        return [[series, a, b, c] for a, b, c in zip(x.ravel(), y.ravel(), z.ravel())]
    y = decode(trace.get("y"))
    x = decode(trace.get("x"))
    n = max(len(v) for v in (x, y, z) if v is not None) if any(
        v is not None for v in (x, y, z)) else 0
    if x is None:
        x = _axis_values(trace, "x", n)
    if y is None:
        y = _axis_values(trace, "y", n)
    columns = [v if v is not None else [None] * n for v in (x, y)]
    rows = [[series, a, b] for a, b in zip(*columns)]
    if z is not None:                                 # scatter3d: z per point
        rows = [r + [c] for r, c in zip(rows, z.ravel())]
    return rows


def chart_csv(spec: dict) -> str:
    """The chart's data as CSV text: series, x, y (and z where a trace has one)."""
    traces = [tr for tr in spec.get("data", []) if tr.get("type") != "image"]
    rows = [row for i, tr in enumerate(traces) for row in trace_rows(tr, i)]
    has_z = any(len(r) == 4 for r in rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["series", "x", "y", "z"] if has_z else ["series", "x", "y"])
    for row in rows:
        cells = [row[0]] + [_cell(v) for v in row[1:]]
        if not any(cells[1:]):                       # a gap in a line, a legend-only entry
            continue
        writer.writerow(cells + [""] * (4 - len(cells)) if has_z else cells)
    return out.getvalue()


# ---------------------------------------------------------------- the same in PyTorch
def show_torch_snippet(key: str | list, params: dict | None, xs, where=st) -> None:
    """An expander holding the PyTorch script for REGISTRY[key] at the points `xs`
    (actlib.torch_code); `key` may be a list of (key, params): one script per activation,
    one after the other, each under a `print` of its name, runnable as one file."""
    from actlib.activations import REGISTRY
    from actlib.torch_code import torch_snippet
    items = key if isinstance(key, list) else [(key, params)]
    scripts = [torch_snippet(k, p, xs) for k, p in items]
    if len(items) > 1:
        scripts = [s.replace("\nact = ", f"\nprint({REGISTRY[k].name!r})\nact = ", 1)
                   for (k, _), s in zip(items, scripts)]
    code = f"# {t('present.snippet_note')}\n" + "\n\n".join(scripts)
    where.expander(t("present.snippet"), icon=":material/code:").code(code, language="python")
