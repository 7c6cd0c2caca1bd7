"""Widgets and formatting the activation pages share."""
from __future__ import annotations

import math

import streamlit as st

from actlib.activations import Activation
from ui.controls import Control, Controls
from ui.i18n import t
from ui.urlstate import PageUrl


def param_key(act: Activation, name: str) -> str:
    """Each activation keeps its own value: the slider key names it ("elu.alpha")."""
    return f"{act.key}.{name}"


def param_controls(act: Activation, prefix: str = "", key_prefix: str = "") -> Controls:
    """The activation's parameters as declared controls: URL name `prefix + name` ("alpha",
    Compare's "elu.alpha", the Playground's "l1.alpha"), key `key_prefix + "<act>.<name>"`,
    range, step and default from the registry, help `param.<act>.<name>`."""
    return Controls(*(Control.param(p, prefix + p.name, key_prefix + param_key(act, p.name),
                                    help=f"param.{act.key}.{p.name}") for p in act.params))


def param_sliders(act: Activation, url: PageUrl, where=st, prefix: str = "",
                  key_prefix: str = "") -> dict[str, float]:
    """A slider per parameter (see param_controls), seeded from the URL: {name: value}."""
    ctl = param_controls(act, prefix, key_prefix).seed(url)
    return {p.name: ctl.widget(prefix + p.name, where=where) for p in act.params}


NOISE = 1e-12        # relative size below which a computed value is rounding noise
# E[f(z)] and E[f′(z)] are integrals against z ~ N(0, 1) of functions that are O(1) there for
# every activation and slider setting (|f(z)| ≲ a few |z|, |f′| ≲ a few), so their unit
# scale is 1: quadrature rounding is ~1e-16 of it, and anything below 1e-12 of it is noise
# (Linear's E[f] = −2.8e-17 is 0).
PROPERTY_SCALE = 1.0


def denoise(v: float, scale: float | None) -> float:
    """v, or 0.0 when |v| < NOISE·scale (rounding noise of quantities of size `scale`); −0 → 0.

    scale=None leaves v alone: for values that are exact or genuinely tiny (σ(−100) ≈ 3.7e-44,
    a product of 50 sigmoid slopes ≈ 1e-31) there is no scale to be small against.
    """
    if scale is not None and abs(v) < NOISE * abs(scale):
        return 0.0
    return v + 0.0                                 # −0.0 + 0.0 is +0.0


def num(v: float, digits: int = 4, scale: float | None = None) -> str:
    """`digits` significant digits, ∞ spelled out, −0 shown as 0, the minus sign as −;
    with `scale`, rounding noise below NOISE·scale shown as 0 (see denoise)."""
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    v = denoise(v, scale)
    if v == 0:
        return "0"
    return f"{v:.{digits}g}".replace("-", "−")


def interval(lo: float, hi: float) -> str:
    return f"{num(lo)} … {num(hi)}"


def flat_text(regions) -> str:
    if not regions:
        return t("props.none")
    return ", ".join(interval(a, b) for a, b in regions)


def properties_row(act: Activation, props) -> dict[str, object]:
    """One activation's properties as table cells (translated column names)."""
    return {
        t("props.name"): act.name,
        t("props.range"): interval(*props.output_range),
        t("props.monotonic"): props.monotonic,
        t("props.smoothness"): t(f"props.smooth_{_smooth_key(props.smoothness)}"),
        t("props.mean_output"): round(denoise(props.mean_output, PROPERTY_SCALE), 4) + 0.0,
        t("props.mean_slope"): round(denoise(props.mean_slope, PROPERTY_SCALE), 4) + 0.0,
        t("props.zero_centred"): props.zero_centred,
        t("props.flat"): flat_text(props.flat_regions),
    }


def _smooth_key(smoothness: str) -> str:
    return {"discontinuous": "discontinuous", "C⁰": "c0", "C¹": "c1", "C∞": "cinf"}[smoothness]


def _badge(label: str, color: str) -> str:
    """st.badge's Markdown directive, with its escaping of [ and ]."""
    escaped = label.replace("[", r"\[").replace("]", r"\]")
    return f":{color}-badge[{escaped}]"


def property_badges(props, heading: str, note: str) -> None:
    """A heading, the properties of the current parameters as badges (one per line) and a
    small grey note under them: one Markdown element, since each element is a message to the
    browser on every slider move."""
    yes_no = lambda b: t("props.yes") if b else t("props.no")   # noqa: E731
    st.markdown("\n\n".join([
        f"### {heading}",
        _badge(f"{t('props.range')}: {interval(*props.output_range)}", "blue"),
        _badge(f"{t('props.monotonic')}: {yes_no(props.monotonic)}",
               "green" if props.monotonic else "orange"),
        _badge(f"{t('props.smoothness')}: {t('props.smooth_' + _smooth_key(props.smoothness))}",
               "violet"),
        _badge(f"E[f(z)] = {num(props.mean_output, 3, PROPERTY_SCALE)}  ·  {t('props.zero_centred')}: "
               f"{yes_no(props.zero_centred)}", "green" if props.zero_centred else "gray"),
        _badge(f"E[f′(z)] = {num(props.mean_slope, 3, PROPERTY_SCALE)}", "gray"),
        _badge(f"{t('props.flat')}: {flat_text(props.flat_regions)}", "orange"),
        f":small[:gray[{note}]]",
    ]))


def probe_table(xs, f, df) -> None:
    """x, f(x) and f′(x) as a Markdown table, 6 significant digits, right-aligned. Markdown,
    not st.dataframe: the probe points are a handful, and a dataframe's pandas-to-Arrow trip
    was ~2.5 ms of server time on every slider move of every student."""
    rows = "\n".join(f"| {num(a, 6)} | {num(b, 6)} | {num(c, 6)} |" for a, b, c in zip(xs, f, df))
    st.markdown("| x | f(x) | f′(x) |\n|---:|---:|---:|\n" + rows)
