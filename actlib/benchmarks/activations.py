"""Activation numerics and the Explorer's per-slider-move work."""
import numpy as np

from actlib.activations import REGISTRY
from actlib.benchmarks import Case, best_time
from actlib.curves import COURSE_RANGE, curve, grid
from actlib.figures.activations import function_figure
from actlib.properties import _properties

# The course's 2001 points in float32, the dtype the pages draw with (a chart cannot show
# more). float64 transcendentals are 3–6× slower on this CPU (np.tanh: 30 µs vs 6.5 µs on
# 2001 points), so float64 would miss the 25 µs target on the ufunc alone.
X = grid().astype(np.float32)
SLOW = {"gelu": 50e-6}        # scipy's erf alone takes ~28–33 µs on 2001 points here


def _f_and_grad(act):
    """f and f' as the pages compute them: one value_and_grad call (fused where declared)."""
    params = act.defaults()
    return lambda: act.value_and_grad(X, **params)


def explorer_slider_move(alpha=[0.3]):
    """What one ELU alpha move costs in Python: curve, properties (uncached), figure."""
    alpha[0] = 0.3 + (alpha[0] + 0.01) % 1.0          # a new value each call: no cache hits
    act = REGISTRY["elu"]
    c = curve(act, *COURSE_RANGE, alpha=alpha[0])
    _properties.cache_clear()
    act.properties(alpha=alpha[0])
    fig = function_figure(c.x, c.f, c.df, flat=c.flat, kinks=act.kinks(alpha=alpha[0]),
                          labels={"f": "f", "df": "f'", "flat": "flat", "x": "x"})
    return fig.to_plotly_json()


CASES = [Case(f"{key}: f + f' on 2001 points", lambda a=act: best_time(_f_and_grad(a)),
              SLOW.get(key, 25e-6), "s") for key, act in REGISTRY.items()]
CASES.append(Case("explorer figure build per slider move (curve, properties, figure)",
                  lambda: best_time(explorer_slider_move, repeat=5), 50e-3, "s",
                  note="python side only; the browser measures bytes and redraw"))
