"""Colour vision and contrast: the series palette stays distinguishable for colour-deficient
students, theme text is readable light and dark, and figure modules take colours only from
actlib/figures/common.py.

Simulation: G. M. Machado, M. M. Oliveira, L. A. F. Fernandes, "A Physiologically-based Model
for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), 2009, Table 1 (severity 1.0),
applied to linear RGB. Colour difference: CIE 1976 ΔE*ab in CIELAB (D65). Contrast: WCAG 2.1
relative luminance and contrast ratio (AA text: ≥ 4.5 : 1).
"""
from __future__ import annotations

import itertools
import pathlib
import re
import tomllib

import numpy as np
import pytest

from actlib.figures import common

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Machado et al. 2009, Table 1, severity 1.0 (rows: R', G', B' from linear R, G, B).
MACHADO = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
}
# IEC 61966-2-1 sRGB (D65) linear RGB → XYZ.
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65_WHITE = SRGB_TO_XYZ @ np.ones(3)


def linear_rgb(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(linear: np.ndarray) -> np.ndarray:
    t = (SRGB_TO_XYZ @ np.clip(linear, 0.0, 1.0)) / D65_WHITE
    delta = 6 / 29
    f = np.where(t > delta ** 3, np.cbrt(t), t / (3 * delta ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str) -> float:
    m = MACHADO[vision]
    return float(np.linalg.norm(lab(m @ linear_rgb(a)) - lab(m @ linear_rgb(b))))


def luminance(hex_colour: str) -> float:
    return float(np.dot([0.2126, 0.7152, 0.0722], linear_rgb(hex_colour)))


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_conversion_matches_known_lab_values():
    # CIELAB of sRGB primaries and white (D65), as published colour tables give them.
    assert lab(linear_rgb("#FFFFFF")) == pytest.approx([100.0, 0.0, 0.0], abs=0.01)
    assert lab(linear_rgb("#FF0000")) == pytest.approx([53.24, 80.09, 67.20], abs=0.05)
    assert lab(linear_rgb("#0000FF")) == pytest.approx([32.30, 79.19, -107.86], abs=0.05)
    # Machado's rows sum to 1: grey stays grey for a dichromat.
    for m in MACHADO.values():
        assert m.sum(axis=1) == pytest.approx(np.ones(3), abs=1e-5)


def test_old_okabe_ito_pairs_fail_under_deuteranopia():
    # The lead's measurement, reproduced: why Okabe–Ito's full list was replaced.
    assert delta_e("#D55E00", "#E69F00", "deuteranopia") == pytest.approx(18.3, abs=0.2)
    assert delta_e("#009E73", "#CC79A7", "deuteranopia") == pytest.approx(17.9, abs=0.2)
    assert delta_e("#E69F00", "#F0E442", "deuteranopia") == pytest.approx(17.0, abs=0.2)


@pytest.mark.parametrize("vision", list(MACHADO))
def test_every_pair_of_series_colours_is_distinguishable(vision):
    assert len(common.PALETTE) >= 6
    worst = min(((delta_e(a, b, vision), a, b)
                 for a, b in itertools.combinations(common.PALETTE, 2)))
    assert worst[0] >= 20, f"{worst[1]} vs {worst[2]} under {vision}: ΔE {worst[0]:.1f}"


@pytest.mark.parametrize("background", ["#FFFFFF", "#0E1117"])
def test_series_colours_read_on_light_and_dark_backgrounds(background):
    # 2 : 1 for thick lines on either page background (WCAG's 3 : 1 for graphics cannot hold
    # for light and dark at once and leave six colours ΔE ≥ 20 apart); the first two, used most,
    # meet 3 : 1 on both.
    for c in common.PALETTE:
        assert contrast(c, background) >= 2.0, (c, background)
    for c in common.PALETTE[:2] + [common.NEUTRAL]:
        assert contrast(c, background) >= 3.0, (c, background)


def test_line_styles_are_a_second_cue():
    assert common.series_line(0)["dash"] != common.series_line(1)["dash"]
    assert len(set(common.DASHES)) == len(common.DASHES)


# Streamlit's documented theme defaults (docs: "Theming", base "light" / "dark").
STREAMLIT_THEMES = {
    "light": dict(backgroundColor="#FFFFFF", secondaryBackgroundColor="#F0F2F6",
                  textColor="#31333F"),
    "dark": dict(backgroundColor="#0E1117", secondaryBackgroundColor="#262730",
                 textColor="#FAFAFA"),
}


@pytest.mark.parametrize("base", ["light", "dark"])
def test_theme_text_meets_wcag_aa(base):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    theme = dict(STREAMLIT_THEMES[base])
    if config.get("theme", {}).get("base", "light") == base:
        theme.update({k: v for k, v in config["theme"].items() if k in theme})
    for bg in ("backgroundColor", "secondaryBackgroundColor"):
        assert contrast(theme["textColor"], theme[bg]) >= 4.5, (base, bg)
    primary = config.get("theme", {}).get("primaryColor")
    if primary:   # Streamlit writes white on primary-coloured buttons
        assert contrast("#FFFFFF", primary) >= 4.5


COLOUR_LITERAL = re.compile(r"""#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b|\brgba?\("""
                            r"""|["'](?:black|white|grey|gray|red|blue|green|orange)["']""")


FIGURE_MODULES = sorted(p.name for p in (ROOT / "actlib" / "figures").glob("*.py")
                        if p.name not in ("common.py", "__init__.py"))


@pytest.mark.parametrize("name", FIGURE_MODULES)
def test_figure_modules_use_no_colour_literals_outside_the_palette_module(name):
    offenders = []
    for n, line in enumerate((ROOT / "actlib" / "figures" / name).read_text().splitlines(), 1):
        code = line if re.search(r"[\"']#", line) else line.split("#", 1)[0]
        if COLOUR_LITERAL.search(code):
            offenders.append(f"{name}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_no_figure_has_a_fixed_white_background():
    assert common.TEMPLATE["layout"]["paper_bgcolor"] == common.TRANSPARENT
    assert common.TEMPLATE["layout"]["plot_bgcolor"] == common.TRANSPARENT


def test_side_by_side_panels_have_their_own_axes_and_do_not_overlap():
    import plotly.graph_objects as go
    layout = common.side_by_side(["left", "right"], gap=0.1,
                                 yaxes=[dict(type="log"), dict(range=[0, 1])])
    assert layout["xaxis"]["domain"] == pytest.approx([0.0, 0.45])
    assert layout["xaxis2"]["domain"] == pytest.approx([0.55, 1.0])
    # each y axis sits on its own x axis: the right plot's ticks start at 0.55, not at 0
    assert layout["yaxis2"]["anchor"] == "x2" and layout["xaxis2"]["anchor"] == "y2"
    assert layout["yaxis"]["type"] == "log" and layout["yaxis2"]["range"] == [0, 1]
    assert [a["text"] for a in layout["annotations"]] == ["left", "right"]
    assert [a["x"] for a in layout["annotations"]] == pytest.approx([0.225, 0.775])
    x2, y2 = common.axis_names(1)
    go.Figure({"data": [dict(type="scatter", x=[0, 1], y=[1, 2]),
                        dict(type="scatter", x=[0, 1], y=[0, 1], xaxis=x2, yaxis=y2)],
               "layout": common.base_layout(**layout)})          # plotly's validator accepts it
    three = common.side_by_side(["a", "b", "c"], gap=0.05)
    domains = [three[k]["domain"] for k in ("xaxis", "xaxis2", "xaxis3")]
    assert all(a[1] < b[0] for a, b in zip(domains, domains[1:])) and domains[-1][1] == 1.0
