"""TF Playground's seven input features of a point (x₁, x₂): what the first layer sees.

TF feeds the raw coordinates (no scaling), so sin x₁ turns about twice over [−6, 6].
"""
from __future__ import annotations

import numpy as np

FEATURES = {                       # name → (label, f(x1, x2)), in TF's order
    "x1": ("X₁", lambda a, b: a),
    "x2": ("X₂", lambda a, b: b),
    "x1sq": ("X₁²", lambda a, b: a * a),
    "x2sq": ("X₂²", lambda a, b: b * b),
    "x1x2": ("X₁X₂", lambda a, b: a * b),
    "sin1": ("sin(X₁)", lambda a, b: np.sin(a)),
    "sin2": ("sin(X₂)", lambda a, b: np.sin(b)),
}
DEFAULT_FEATURES = ("x1", "x2")    # TF's default


def transform(points: np.ndarray, names) -> np.ndarray:
    """(n, 2) points → (n, len(names)) feature columns in the order given."""
    names = list(names)
    if not names:
        raise ValueError("Choose at least one input feature.")
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise ValueError(f"Unknown feature {unknown[0]!r}; choose from {', '.join(FEATURES)}.")
    a, b = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[n][1](a, b) for n in names]).astype(float)


def label(name: str) -> str:
    return FEATURES[name][0]
