"""The Explorer's charts, built once and shared by every session that asks for the same one.

A class of thirty moves the same sliders, and sliders snap to a step grid, so students keep
landing on the same values: α = 0.5 on ELU is one chart for all of them. Each chart is a pure
function of the activation, its parameters and the (translated) labels, so it is built once
and the next student gets it without recomputing the curve, the histogram or the JPEG of the
photo (what a miss costs is in docs/operations.md, "A whole class at once").

The caches are SharedCharts (below), not `st.cache_data`: st.cache_data hashes every
argument on every call (the parameter dict, the labels, the photo's name) and pickles the
answer back out: under load a sizeable share of the Explorer's server time (README), for
work a tuple key does almost for free. Every cache has a
`maxsize`, so a day of classes cannot grow the server's memory without bound (a photo figure
is ~40–60 KB, a function chart ~35 KB). What is cached is the figure's plain dict, shared by
every session that asks: it is never modified (ShippedFigure only reads it).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock
from typing import Callable

import numpy as np
import plotly.graph_objects as go

from actlib.activations import REGISTRY
from actlib.lessons.curves import curve
from actlib.figures.activations import function_figure
from actlib.figures.images import histogram_figure, image_figure
from actlib.lessons.imaging import activate_image, course_normalise, course_samples


class ShippedFigure(go.Figure):
    """A finished chart spec on its way to st.plotly_chart, which takes a go.Figure and asks it
    for to_dict(). Building plotly's object model for that, even unvalidated, and copying it
    back out was a large share of the Explorer's server time per rerun (README, "Benchmarks").
    So this figure never builds it: it only answers to_dict() with the spec. Not for editing
    (no data, no layout): the builders in actlib.figures return real figures for that.

    The one go.Figure subclass in the project, and it has to be one: st.plotly_chart hands
    anything that is not a plotly figure (a plain dict too) to
    plotly.tools.return_figure_from_figure_or_data(…, validate_figure=True), which runs the
    validating go.Figure(**spec) that plain_figure exists to skip; only an instance of
    plotly's BaseFigure is passed through as already valid.
    """

    def __init__(self, spec: dict):           # no super().__init__: that is the saving
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec

    to_plotly_json = to_dict


@dataclass(frozen=True, eq=False)
class Photo:
    """A picture and the token that names it ("bundled:luminance", "upload:<file id>:first").
    Caches key on the token: hashing 135 000 pixels on every slider move would cost more than
    the cache saves, and a key that held the pixels would keep every picture ever shown."""
    token: str
    pixels: np.ndarray = field(repr=False)


class SharedCharts:
    """Least recently used charts, at most `maxsize`, keyed by exactly what a chart shows.

    `get(key, build)` returns the chart for `key`, calling `build()` on a miss. Safe across
    sessions' threads: two that miss the same key at once both build it, and one answer stays.
    """

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._charts: OrderedDict[tuple, dict] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple, build: Callable[[], dict]) -> dict:
        with self._lock:
            if key in self._charts:
                self._charts.move_to_end(key)
                return self._charts[key]
        chart = build()
        with self._lock:
            self._charts[key] = chart
            while len(self._charts) > self.maxsize:
                self._charts.popitem(last=False)
        return chart

    def __len__(self) -> int:
        return len(self._charts)


FUNCTIONS, HISTOGRAMS = SharedCharts(512), SharedCharts(256)
CENTRED, BEFORE, AFTER = SharedCharts(8), SharedCharts(32), SharedCharts(256)


def function_chart(key: str, params: dict, lo: float, hi: float, labels: dict) -> dict:
    """f and f′ of REGISTRY[key] on [lo, hi], flat regions and kinks marked (function_figure)."""
    def build() -> dict:
        act = REGISTRY[key]
        c = curve(act, lo, hi, **params)
        return function_figure(c.x, c.f, c.df, flat=c.flat, kinks=act.kinks(**params),
                               labels=labels).to_dict()
    return FUNCTIONS.get((key, *params.items(), lo, hi, *labels.items()), build)


def histogram_chart(key: str, params: dict, seed: int, titles: tuple[str, str],
                    count_label: str) -> dict:
    """The course's histograms: 1000 centred uniform samples (seed), then f of them."""
    def build() -> dict:
        samples = course_samples(seed)
        return histogram_figure(samples, REGISTRY[key].fn(samples, **params), titles,
                                count_label=count_label).to_dict()
    return HISTOGRAMS.get((key, *params.items(), seed, *titles, count_label), build)


def _centred(photo: Photo) -> np.ndarray:
    """The photo minus its median (a median of 135 000 pixels is worth computing once), read-only."""
    def build() -> np.ndarray:
        centred = course_normalise(photo.pixels)
        centred.flags.writeable = False
        return centred
    return CENTRED.get((photo.token,), build)


def photo_before(photo: Photo, title: str) -> dict:
    """The photo minus its median, as the course shows it."""
    return BEFORE.get((photo.token, title), lambda: image_figure(_centred(photo), title).to_dict())


def photo_after(photo: Photo, key: str, params: dict, title: str) -> dict:
    """f applied to every pixel of the centred photo."""
    def build() -> dict:
        activated = activate_image(REGISTRY[key], _centred(photo), **params)
        return image_figure(activated, title).to_dict()
    return AFTER.get((photo.token, key, *params.items(), title), build)
