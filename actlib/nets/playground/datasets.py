"""2-D data sets for the Playground, each a seeded function of (n points, noise).

TF Playground's six follow the formulas of tensorflow/playground `src/dataset.ts`
(classifyCircleData, classifyXORData, classifyTwoGaussData, classifySpiralData,
regressPlane, regressGaussian); the code is ours, vectorised with a numpy Generator
instead of seedrandom, so the same seed does not give TF's points, only TF's shapes.
`noise` is TF's internal value, 0 … 0.5 (its slider shows 0 … 50).

Labels: ±1 for two classes (as in TF), a value in [−1, 1] for regression, 0/1/2 for the
3-class spiral. Everything lies in (about) TF's input square [−6, 6]².
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DOMAIN = 6.0                      # TF's xDomain [−6, 6]: the heatmap's square
DEFAULT_POINTS = 500              # TF's NUM_SAMPLES_CLASSIFY


def _uniform(rng, a, b, n):
    return rng.uniform(a, b, n)


def circle(rng, n, noise):
    """Half the points with r ~ U(0, 2.5), half with r ~ U(3.5, 5); the label is whether the
    point moved by U(−5, 5)·noise in x and y lies within r < 2.5 (TF: radius 5, × 0.5, × 0.7)."""
    radius = 5.0
    half = n // 2
    r = np.concatenate([_uniform(rng, 0, radius * 0.5, half),
                        _uniform(rng, radius * 0.7, radius, n - half)])
    angle = _uniform(rng, 0, 2 * np.pi, n)
    x, y = r * np.sin(angle), r * np.cos(angle)
    nx, ny = _uniform(rng, -radius, radius, n) * noise, _uniform(rng, -radius, radius, n) * noise
    label = np.where(np.hypot(x + nx, y + ny) < radius * 0.5, 1.0, -1.0)
    return np.column_stack([x, y]), label


def xor(rng, n, noise):
    """x, y ~ U(−5, 5) pushed 0.3 away from the axes; label sign(x·y) (≥ 0 → +1) of the point
    moved by U(−5, 5)·noise."""
    padding = 0.3
    x, y = _uniform(rng, -5, 5, n), _uniform(rng, -5, 5, n)
    x = x + np.where(x > 0, padding, -padding)
    y = y + np.where(y > 0, padding, -padding)
    nx, ny = _uniform(rng, -5, 5, n) * noise, _uniform(rng, -5, 5, n) * noise
    label = np.where((x + nx) * (y + ny) >= 0, 1.0, -1.0)
    return np.column_stack([x, y]), label


def gauss(rng, n, noise):
    """Two Gaussians at (2, 2) (label +1) and (−2, −2) (label −1); the variance grows
    linearly with noise from 0.5 (noise 0) to 4 (noise 0.5), as TF's varianceScale."""
    variance = 0.5 + noise / 0.5 * 3.5
    half = n // 2
    centres = np.concatenate([np.full(half, 2.0), np.full(n - half, -2.0)])
    pts = centres[:, None] + rng.normal(0.0, np.sqrt(variance), (n, 2))
    label = np.concatenate([np.ones(half), -np.ones(n - half)])
    return pts, label


def spiral(rng, n, noise):
    """Two arms: point i of n/2 at r = 5·i/(n/2), t = 1.75·2π·i/(n/2) + δ (δ = 0 for +1,
    π for −1), at (r sin t, r cos t) + U(−1, 1)·noise."""
    pts, labels = [], []
    half = n // 2
    for delta, label, count in ((0.0, 1.0, half), (np.pi, -1.0, n - half)):
        i = np.arange(count)
        r = i / count * 5
        t = 1.75 * i / count * 2 * np.pi + delta
        x = r * np.sin(t) + _uniform(rng, -1, 1, count) * noise
        y = r * np.cos(t) + _uniform(rng, -1, 1, count) * noise
        pts.append(np.column_stack([x, y]))
        labels.append(np.full(count, label))
    return np.concatenate(pts), np.concatenate(labels)


def plane(rng, n, noise):
    """Regression: x, y ~ U(−6, 6); value (x' + y')/10 at the point moved by U(−6, 6)·noise
    (TF's labelScale maps [−10, 10] → [−1, 1]; it is not clamped)."""
    x, y = _uniform(rng, -DOMAIN, DOMAIN, n), _uniform(rng, -DOMAIN, DOMAIN, n)
    nx = _uniform(rng, -DOMAIN, DOMAIN, n) * noise
    ny = _uniform(rng, -DOMAIN, DOMAIN, n) * noise
    return np.column_stack([x, y]), (x + nx + y + ny) / 10.0


GAUSSIANS = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]


def multi_gauss_value(x, y):
    """TF's regressGaussian label: of the six bumps sign·max(1 − d/2, 0) (d the distance to
    the bump's centre), the one largest in absolute value (the first wins a tie)."""
    best = np.zeros_like(x, dtype=float)
    for cx, cy, sign in GAUSSIANS:
        value = sign * np.clip(1.0 - np.hypot(x - cx, y - cy) / 2.0, 0.0, 1.0)
        best = np.where(np.abs(value) > np.abs(best), value, best)
    return best


def multi_gauss(rng, n, noise):
    x, y = _uniform(rng, -DOMAIN, DOMAIN, n), _uniform(rng, -DOMAIN, DOMAIN, n)
    nx = _uniform(rng, -DOMAIN, DOMAIN, n) * noise
    ny = _uniform(rng, -DOMAIN, DOMAIN, n) * noise
    return np.column_stack([x, y]), multi_gauss_value(x + nx, y + ny)


def moons(rng, n, noise):
    """Two interleaved half circles (scikit-learn's make_moons), scaled by 3 and centred:
    upper (cos t, sin t) is +1, lower (1 − cos t, 0.5 − sin t) is −1, t ~ U(0, π); then
    Gaussian noise with σ = 3·noise in each coordinate."""
    half = n // 2
    t = _uniform(rng, 0, np.pi, n)
    upper = np.arange(n) < half
    x = np.where(upper, np.cos(t), 1 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    pts = 3.0 * np.column_stack([x - 0.5, y - 0.25]) + rng.normal(0.0, 3.0 * noise, (n, 2))
    return pts, np.where(upper, 1.0, -1.0)


def checkerboard(rng, n, noise):
    """A 4 × 4 board of 3 × 3 squares on [−6, 6]²: +1 where ⌊x/3⌋ + ⌊y/3⌋ is even, judged at
    the point moved by U(−6, 6)·noise (as TF's XOR does)."""
    x, y = _uniform(rng, -DOMAIN, DOMAIN, n), _uniform(rng, -DOMAIN, DOMAIN, n)
    nx = _uniform(rng, -DOMAIN, DOMAIN, n) * noise
    ny = _uniform(rng, -DOMAIN, DOMAIN, n) * noise
    even = (np.floor((x + nx) / 3) + np.floor((y + ny) / 3)) % 2 == 0
    return np.column_stack([x, y]), np.where(even, 1.0, -1.0)


def spiral3(rng, n, noise):
    """Three arms as TF's spiral with 1.25 turns, δ = 2πk/3 for class k = 0, 1, 2."""
    pts, labels = [], []
    for k in range(3):
        count = n // 3 + (1 if k < n % 3 else 0)
        i = np.arange(count)
        r = i / count * 5
        t = 1.25 * i / count * 2 * np.pi + 2 * np.pi * k / 3
        x = r * np.sin(t) + _uniform(rng, -1, 1, count) * noise
        y = r * np.cos(t) + _uniform(rng, -1, 1, count) * noise
        pts.append(np.column_stack([x, y]))
        labels.append(np.full(count, float(k)))
    return np.concatenate(pts), np.concatenate(labels)


BINARY, REGRESSION, MULTICLASS = "binary", "regression", "multiclass"
# name → (generator, kind); TF's four classification sets first, then its two regressions
DATASETS = {
    "circle": (circle, BINARY), "xor": (xor, BINARY), "gauss": (gauss, BINARY),
    "spiral": (spiral, BINARY), "plane": (plane, REGRESSION),
    "multi_gauss": (multi_gauss, REGRESSION), "moons": (moons, BINARY),
    "checkerboard": (checkerboard, BINARY), "spiral3": (spiral3, MULTICLASS),
}


@dataclass(frozen=True)
class Data:
    """Raw 2-D points split into training and test sets (labels as described above)."""
    kind: str
    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray

    @property
    def n_classes(self) -> int:
        """2 for binary, the number of classes for multiclass, 0 for regression."""
        if self.kind == REGRESSION:
            return 0
        return 2 if self.kind == BINARY else int(max(self.train_y.max(), self.test_y.max())) + 1


def split(x: np.ndarray, y: np.ndarray, kind: str, train_share: float,
          rng: np.random.Generator) -> Data:
    """Shuffle, then the first `train_share` of the points train (TF: percTrainData)."""
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    n_train = min(max(1, int(round(len(x) * train_share))), len(x) - 1)
    return Data(kind, x[:n_train], y[:n_train], x[n_train:], y[n_train:])


def make(name: str, n_points: int = DEFAULT_POINTS, noise: float = 0.0,
         train_share: float = 0.5, seed: int = 0) -> Data:
    """Data set `name` with `n_points` points, TF noise 0 … 0.5, split by `train_share`.

    One seed fixes the points and the split: the same call gives the same arrays bit for bit.
    """
    if name not in DATASETS:
        raise ValueError(f"Unknown data set {name!r}; choose one of {', '.join(DATASETS)}.")
    if not 0.0 <= noise <= 0.5:
        raise ValueError("noise must lie in [0, 0.5] (TF's slider 0 … 50, divided by 100).")
    if n_points < 4:
        raise ValueError("A data set needs at least 4 points.")
    generate, kind = DATASETS[name]
    rng = np.random.default_rng([seed, 0])
    x, y = generate(rng, int(n_points), float(noise))
    return split(x, y, kind, train_share, rng)
