"""What every activation module uses: float arrays in, readable errors out."""
from __future__ import annotations

import numpy as np


def _arr(x) -> np.ndarray:
    """x as a float array (ints become float64); dtype.kind, not np.issubdtype: 0.1 vs 0.8 µs."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)
