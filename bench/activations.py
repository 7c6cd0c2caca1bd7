"""Activation numerics and the Explorer's work per slider move (issue 13 targets)."""
import numpy as np
import plotly.io as pio

from actlib.activations import REGISTRY
from actlib.lessons.curves import grid
from actlib.lessons.imaging import bundled_photo
from bench.timing import Case, best_time
from ui.charts import Photo, function_chart, histogram_chart, photo_after

# The course's 2001 points in float32, the dtype the pages draw with.
X = grid().astype(np.float32)
LABELS = {"f": "f", "df": "f'", "flat": "flat", "x": "x"}
PHOTO = Photo("bench:bundled", bundled_photo())


def all_f_and_grad() -> None:
    """f and f′ of every activation at its defaults, as the pages compute them."""
    for act in REGISTRY.values():
        act.value_and_grad(X, **act.defaults())


def _new_alpha(alpha=[0.3]) -> dict:
    """A new ELU α on every call, so no chart or properties cache ever hits."""
    alpha[0] = 0.3 + (alpha[0] + 0.0137) % 2.0
    return {"alpha": alpha[0]}


def explorer_move() -> str:
    """What one ELU α move costs the server (the issue's "figure + properties"): the
    properties and the function chart, as the JSON Streamlit sends."""
    params = _new_alpha()
    REGISTRY["elu"].properties(**params)
    return pio.to_json(function_chart("elu", params, -10.0, 10.0, LABELS), validate=False)


def explorer_move_bytes() -> float:
    """Bytes of the three charts a move re-sends: function chart, histogram, 'after' photo."""
    params = _new_alpha()
    specs = [function_chart("elu", params, -10.0, 10.0, LABELS),
             histogram_chart("elu", params, 0, ("before", "after"), "count"),
             photo_after(PHOTO, "elu", params, "after")]
    return float(sum(len(pio.to_json(spec, validate=False).encode()) for spec in specs))


CASES = [
    Case("all activations' f and f' on 2001 float32 points (defaults)",
         lambda: best_time(all_f_and_grad), 2e-3, "s"),
    Case("explorer server work per slider move (function chart + properties + JSON, uncached)",
         lambda: best_time(explorer_move, repeat=5), 10e-3, "s",
         note="python side only; the browser's redraw is not included"),
    Case("explorer bytes per slider move (function chart, histogram, photo)",
         explorer_move_bytes, 150e3, "B", note="JSON of the three charts a move re-sends"),
]
