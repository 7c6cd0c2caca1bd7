"""Image activation against the course's per-pixel loop, and the Explorer's image payload.

The course ran `activation_image[j][i] += function(image[j][i])` over every pixel. Here a
512 × 512 image (the bundled photo resized, normalised as the course did) goes through
`activate_image` (float32, in cache-sized blocks) and through that loop; the figure is the
speed-up t_loop / t_vectorised. Targets: ≥ 1000× for ReLU, ≥ 100× for every activation.

The loop's `function` is the course's own Python function for the eight activations the
course wrote (binary step, linear, sigmoid, tanh, ReLU, Leaky ReLU, PReLU with α = 0.1,
ELU with α = 1), verbatim. For the other nineteen the course wrote nothing; their loop
calls the registry's function once per pixel (what a student would write with this app's
library), timed on 64 of the 512 rows and scaled by 8 — the loop's cost is linear in the
pixel count, and timing all of it would take minutes.
"""
from __future__ import annotations

import time
from functools import cache

import numpy as np
from PIL import Image

from actlib.activations import REGISTRY
from actlib.figures.images import image_figures, payload_bytes
from actlib.lessons.imaging import activate_image, bundled_photo, course_normalise
from bench.timing import Case, best_time

SIDE = 512
SAMPLE_ROWS = 64


def course_loop(function, image: np.ndarray) -> np.ndarray:
    """The course's loop, verbatim: one Python call per pixel."""
    activation_image = np.zeros(image.shape)
    h, w = image.shape
    for i in range(w):
        for j in range(h):
            activation_image[j][i] += function(image[j][i])
    return activation_image


# ---------------------------------------------------------------- the course's functions, verbatim
def _binary_step(x, threshold=0):
    return 0 if x < threshold else 1


def _linear(x):
    return x


def _sigmoid(x):
    return 1/(1+np.exp(-x).astype(np.float64))


def _tanh(x):
    return (np.exp(x)-np.exp(-x))/(np.exp(x)+np.exp(-x))


def _relu(x):
    return max(0, x)


def _leaky_relu(x):
    return max(0.01*x, x)


def _prelu(x, alpha):
    return max(alpha*x, x)


def _elu(x, alpha):
    return x if x > 0 else alpha*(np.exp(x)-1)


# key → (the course's function, the parameters the course used, as registry parameters)
COURSE = {
    "binary_step": (_binary_step, {}),
    "linear": (_linear, {}),
    "sigmoid": (_sigmoid, {}),
    "tanh": (_tanh, {}),
    "relu": (_relu, {}),
    "leaky_relu": (_leaky_relu, {"alpha": 0.01}),
    "prelu": (lambda x: _prelu(x, 0.1), {"alpha": 0.1}),
    "elu": (lambda x: _elu(x, 1), {"alpha": 1.0}),
}


@cache
def image64() -> np.ndarray:
    """The course's input: the photo at 512 × 512, /255, minus its median, float64."""
    photo = np.asarray(bundled_photo(), dtype=np.float32)
    resized = Image.fromarray(photo).resize((SIDE, SIDE), Image.Resampling.BILINEAR)
    return course_normalise(np.asarray(resized)).astype(np.float64)


@cache
def loop_seconds(key: str) -> float:
    """One run of the course's loop over the whole 512 × 512 image (see module docstring)."""
    img = image64()
    if key in COURSE:
        function, rows, scale = COURSE[key][0], img, 1
    else:
        act, params = REGISTRY[key], REGISTRY[key].defaults()
        function, rows, scale = (lambda v: act.fn(v, **params)), img[:SAMPLE_ROWS], SIDE // SAMPLE_ROWS
    t0 = time.perf_counter()
    course_loop(function, rows)
    return (time.perf_counter() - t0) * scale


def speedup(key: str) -> float:
    act = REGISTRY[key]
    params = COURSE[key][1] if key in COURSE else act.defaults()
    img32 = image64().astype(np.float32)
    fast = best_time(lambda: activate_image(act, img32, **params), repeat=15)
    return loop_seconds(key) / fast


def after_image_payload() -> float:
    """Bytes of the 'after' image figure the Explorer re-sends on a slider move (ReLU)."""
    before = course_normalise(bundled_photo())
    _, after = image_figures(before, activate_image("relu", before), ("before", "after"))
    return payload_bytes(after)


def image_figures_build() -> float:
    before = course_normalise(bundled_photo())
    after = activate_image("sigmoid", before)
    return best_time(lambda: image_figures(before, after, ("before", "after")), repeat=5)


def _note(key: str) -> str:
    return ("course's own function" if key in COURSE
            else f"registry fn per pixel, {SAMPLE_ROWS} rows × {SIDE // SAMPLE_ROWS}")


CASES = [Case("relu: activate_image vs the course loop, 512×512", lambda: speedup("relu"),
              1000.0, "×", higher_is_better=True, note=_note("relu"))]
CASES += [Case(f"{key}: activate_image vs the course loop, 512×512",
               lambda k=key: speedup(k), 100.0, "×", higher_is_better=True, note=_note(key))
          for key in REGISTRY if key != "relu"]
CASES += [
    Case("explorer 'after' image figure payload (photo, ReLU)", after_image_payload,
         60_000, "bytes", note="JPEG data URI; the 'before' figure is resent as a hash ref"),
    Case("image_figures build (before + after, 451×300)", image_figures_build, 20e-3, "s"),
]
