"""Small data sets the pages train on.

The six 2-input logic gates, in the course's row order
X = [[0,0], [1,0], [0,1], [1,1]]:

    gate   truth table (y for the rows above)
    AND    0 0 0 1        x1 ∧ x2
    OR     0 1 1 1        x1 ∨ x2
    NAND   1 1 1 0        ¬(x1 ∧ x2)
    NOR    1 0 0 0        ¬(x1 ∨ x2)
    XOR    0 1 1 0        x1 ⊕ x2   (not linearly separable)
    XNOR   1 0 0 1        ¬(x1 ⊕ x2) (not linearly separable)

``GATES[name] = (X, y)``: X is float64 (4, 2), y is int64 (4,). The arrays are read-only so a
caller cannot change the truth tables for everybody else.
"""
from __future__ import annotations

import numpy as np

GATE_INPUTS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float64)

_RULES = {
    "AND": lambda a, b: a & b,
    "OR": lambda a, b: a | b,
    "NAND": lambda a, b: 1 - (a & b),
    "NOR": lambda a, b: 1 - (a | b),
    "XOR": lambda a, b: a ^ b,
    "XNOR": lambda a, b: 1 - (a ^ b),
}

# Gates a single straight line can separate; XOR and XNOR need a hidden layer.
LINEARLY_SEPARABLE = ("AND", "OR", "NAND", "NOR")


def _gate(rule) -> tuple[np.ndarray, np.ndarray]:
    bits = GATE_INPUTS.astype(np.int64)
    X = GATE_INPUTS.copy()
    y = np.array([rule(a, b) for a, b in bits], dtype=np.int64)
    X.flags.writeable = False
    y.flags.writeable = False
    return X, y


GATES: dict[str, tuple[np.ndarray, np.ndarray]] = {name: _gate(rule) for name, rule in _RULES.items()}
GATE_INPUTS.flags.writeable = False


def gate_targets(names) -> np.ndarray:
    """The truth tables of `names` stacked: int64 (len(names), 4)."""
    return np.stack([GATES[name][1] for name in names])


def unit_square_grid(n: int = 101) -> tuple[np.ndarray, np.ndarray]:
    """The course's test grid: every (i/(n−1), j/(n−1)) for i, j in 0…n−1.

    Returns (axis (n,), points (n², 2)) with points in the course's order — x₁ outer,
    x₂ inner — so ``values.reshape(n, n).T`` is an image indexed [x₂ row, x₁ column].
    """
    if n < 2:
        raise ValueError("The grid needs at least 2 points per side.")
    axis = np.arange(n) / (n - 1)
    points = np.stack(np.meshgrid(axis, axis, indexing="ij"), axis=-1).reshape(-1, 2)
    return axis, points
