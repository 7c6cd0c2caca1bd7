"""What the network computes over the input square: the output and every unit, on a grid.

`grid_pictures(trainer, features, n)` evaluates the network once on an n × n grid over
[−6, 6]² (TF's heatmap square) and returns, per column of the network diagram, a stack of
n × n pictures, one per unit: the input features, each hidden unit's activation, the
output's score (see net.score: a value in [−1, 1], or class probabilities for 3+ classes).
Row 0 of every array is the top of the square (x₂ = +6), as an image is drawn.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actlib.nets.playground import features as Fe
from actlib.nets.playground import net
from actlib.nets.playground.datasets import DOMAIN


@dataclass(frozen=True)
class Pictures:
    inputs: np.ndarray                   # (features, n, n)
    hidden: list[np.ndarray]             # per hidden layer, (units, n, n)
    output: np.ndarray                   # (n, n) score, or (n, n, classes) probabilities


def grid_points(n: int) -> np.ndarray:
    """(n², 2) points, row-major from the top-left corner (−6, 6) to (6, −6)."""
    axis = np.linspace(-DOMAIN, DOMAIN, n)
    x1, x2 = np.meshgrid(axis, axis[::-1])
    return np.column_stack([x1.ravel(), x2.ravel()])


def grid_pictures(spec: net.NetSpec, params: list[dict], features, n: int = 50) -> Pictures:
    x = Fe.transform(grid_points(n), features)
    with np.errstate(all="ignore"):
        fw = net.forward(spec, params, x)
        out = net.score(spec, fw.z_out)
    stacked = lambda columns: columns.T.reshape(-1, n, n)     # noqa: E731  (k, n, n)
    return Pictures(
        inputs=stacked(x),
        hidden=[stacked(h) for h in fw.hs[1:]],
        output=out.reshape(n, n) if out.ndim == 1 else out.reshape(n, n, out.shape[1]))
