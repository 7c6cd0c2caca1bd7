"""Gradient flow through depth: the product of n activation derivatives.

Backpropagating through n layers multiplies n factors f'(z_k). With pre-activations
z_k ~ N(0, σ²) drawn independently (weights ignored: this isolates what the activation
contributes), sigmoid's factor is at most 1/4, so the product is at most 4⁻ⁿ — the
vanishing gradient; ReLU's factor is exactly 0 or 1, so a path either passes intact or dies.
"""
from __future__ import annotations

import numpy as np

from actlib.activations import Activation


def derivative_products(act: Activation, depth: int, sigma: float = 1.0, samples: int = 2000,
                        seed: int = 0, **params) -> np.ndarray:
    """|∏_{k≤n} f'(z_k)| for n = 1..depth: shape (samples, depth); z_k ~ N(0, σ²), seeded."""
    if not 1 <= depth <= 1000 or not sigma > 0:
        raise ValueError("depth must be 1…1000 and σ > 0")
    z = np.random.default_rng(seed).normal(0.0, sigma, size=(samples, depth))
    return np.abs(np.cumprod(act.grad(z, **params), axis=1))


def summarise(products: np.ndarray) -> dict[str, np.ndarray]:
    """Per depth: median and 10/90 % quantiles of the non-zero products, and the zero share.

    Zeros are reported apart: with ReLU most paths are exactly 0 after a few layers, and a
    median over them would hide what the surviving paths carry.
    """
    nonzero = np.where(products > 0, products, np.nan)
    any_left = np.any(products > 0, axis=0)
    safe = np.where(any_left[None, :], nonzero, 1.0)      # keep nanquantile quiet on all-NaN columns
    q10, median, q90 = np.nanquantile(safe, [0.1, 0.5, 0.9], axis=0)
    blank = np.where(any_left, 1.0, np.nan)
    return {"median": median * blank, "q10": q10 * blank, "q90": q90 * blank,
            "zero_fraction": np.mean(products == 0, axis=0)}
