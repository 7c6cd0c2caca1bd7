"""Softmax over a vector of logits (not an element-wise activation, so not in REGISTRY)."""
from __future__ import annotations

import numpy as np

from actlib.activations.core import as_float_array
from actlib.errors import ParamError, declare

TEMPERATURE = declare("temperature", "The temperature must be > 0 (got {temperature}).")


def softmax(z, axis=-1, temperature=1.0):
    """softmax(z/T)_i = e^(z_i/T) / Σ_j e^(z_j/T), with the max subtracted so exp never overflows."""
    if not temperature > 0:
        raise ParamError(TEMPERATURE, temperature=temperature)
    z = as_float_array(z) / temperature
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jvp(z, v, axis=-1, temperature=1.0):
    """J·v for p = softmax(z/T): (p ⊙ (v − Σ p·v)) / T, without forming J."""
    p = softmax(z, axis, temperature)
    v = as_float_array(v)
    return p * (v - np.sum(p * v, axis=axis, keepdims=True)) / temperature
