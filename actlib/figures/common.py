"""Colours and layout shared by every figure: readable on a projector, light and dark alike."""
from __future__ import annotations

import numpy as np

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


def base_layout(**overrides) -> dict:
    layout = dict(
        font=dict(size=FONT_SIZE),
        margin=dict(l=60, r=20, t=50, b=50),
        hovermode="x unified",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        xaxis=dict(zeroline=True, zerolinewidth=1, showspikes=True),
        yaxis=dict(zeroline=True, zerolinewidth=1),
    )
    layout.update(overrides)
    return layout
