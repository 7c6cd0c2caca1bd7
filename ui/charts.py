"""The Explorer's charts, built once and shared by every session that asks for the same one.

A class of thirty moves the same sliders, and sliders snap to a step grid, so students keep
landing on the same values: α = 0.5 on ELU is one chart for all of them. Each chart is a pure
function of the activation, its parameters and the (translated) labels, so it is cached with
`st.cache_data` and the next student gets it without recomputing the curve, the histogram or
the JPEG of the photo (a miss costs ~2–8 ms per chart; see README, "A whole class at once").

What is cached is the figure's plain dict (cheap to pickle, which st.cache_data does on every
hit); ShippedFigure hands it to st.plotly_chart as it is. Every cache has
`max_entries`, so a day of classes cannot grow the server's memory without bound (a photo
figure is ~40–60 KB, a function chart ~35 KB).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from actlib.activations import REGISTRY
from actlib.curves import curve
from actlib.figures.activations import function_figure
from actlib.figures.images import histogram_figure, image_figure
from actlib.imaging import activate_image, course_normalise, course_samples


class ShippedFigure(go.Figure):
    """A finished chart spec on its way to st.plotly_chart, which takes a go.Figure and asks it
    for to_dict(). Building plotly's object model for that, even unvalidated, and copying it
    back out cost ~3–4 ms per chart per rerun here: a fifth of the Explorer's server time.
    So this figure never builds it: it only answers to_dict() with the spec. Not for editing
    (no data, no layout): the builders in actlib.figures return real figures for that.
    """

    def __init__(self, spec: dict):           # no super().__init__: that is the saving
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec

    to_plotly_json = to_dict


@st.cache_data(max_entries=512, show_spinner=False)
def function_chart(key: str, params: dict, lo: float, hi: float, labels: dict) -> dict:
    """f and f′ of REGISTRY[key] on [lo, hi], flat regions and kinks marked (function_figure)."""
    act = REGISTRY[key]
    c = curve(act, lo, hi, **params)
    return function_figure(c.x, c.f, c.df, flat=c.flat, kinks=act.kinks(**params),
                           labels=labels).to_dict()


@st.cache_data(max_entries=256, show_spinner=False)
def histogram_chart(key: str, params: dict, seed: int, titles: tuple[str, str],
                    count_label: str) -> dict:
    """The course's histograms: 1000 centred uniform samples (seed), then f of them."""
    samples = course_samples(seed)
    return histogram_figure(samples, REGISTRY[key].fn(samples, **params), titles,
                            count_label=count_label).to_dict()


@st.cache_resource(max_entries=8, show_spinner=False)
def _centred(token: str, _photo: np.ndarray) -> np.ndarray:
    """The photo minus its median (a median of 135 000 pixels is ~1.5 ms), read-only."""
    centred = course_normalise(_photo)
    centred.flags.writeable = False
    return centred


@st.cache_data(max_entries=32, show_spinner=False)
def photo_before(token: str, _photo: np.ndarray, title: str) -> dict:
    """The photo minus its median, as the course shows it. `token` names the photo (the
    bundled one and its channel, or an upload's file id): hashing the pixels on every rerun
    would cost more than it saves."""
    return image_figure(_centred(token, _photo), title).to_dict()


@st.cache_data(max_entries=256, show_spinner=False)
def photo_after(token: str, _photo: np.ndarray, key: str, params: dict, title: str) -> dict:
    """f applied to every pixel of the centred photo (`token` as in photo_before)."""
    return image_figure(activate_image(REGISTRY[key], _centred(token, _photo), **params),
                        title).to_dict()
