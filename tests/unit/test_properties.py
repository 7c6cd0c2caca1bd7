"""Activation properties: the Gaussian means against scipy's adaptive quadrature, caching by
the activation object, and the flat-slope threshold."""
import dataclasses
import math

import numpy as np
import pytest
from scipy import integrate, stats

from actlib.activations import REGISTRY


def slider_settings(act):
    """The defaults, then each parameter at each end of its slider (the others at default);
    RReLU's lower ≤ upper couples its two, so an end that breaks it moves both."""
    settings = [act.defaults()]
    for p in act.params:
        for end in (p.low, p.high):
            params = {**act.defaults(), p.name: end}
            if act.key == "rrelu" and params["lower"] > params["upper"]:
                params = {"lower": end, "upper": end}
            settings.append(params)
    return settings


CASES = [(key, params) for key, act in REGISTRY.items() for params in slider_settings(act)]


def reference_means(act, params):
    """E[f(z)], E[f′(z)] by scipy.integrate.quad, split at 0 and at every point the
    parameters could put a corner (each value, its negative, softplus's threshold/β) and the
    fixed corners of the hard activations (±3, 6); independent of the declared kinks."""
    points = {0.0, -3.0, 3.0, 6.0}
    for v in params.values():
        points |= {float(v), -float(v)}
    if act.key == "softplus":
        points.add(params["threshold"] / params["beta"])
    cuts = [-math.inf, *sorted(p for p in points if abs(p) < 40), math.inf]

    def integral(g):
        total = 0.0
        for a, b in zip(cuts[:-1], cuts[1:]):
            value, _ = integrate.quad(lambda z: float(g(np.array([z]), **params)[0])
                                      * stats.norm.pdf(z), a, b, epsabs=1e-13, epsrel=1e-13,
                                      limit=200)
            total += value
        return total

    return integral(act.fn), integral(act.grad)


@pytest.mark.parametrize("key, params", CASES, ids=[f"{k}{p}" for k, p in CASES])
def test_gaussian_means_match_adaptive_quadrature(key, params):
    """Issue 12: one Gauss–Legendre piece spanning ELU's (α = 1), CELU's or Softsign's
    non-smooth 0 gave E[f′] = 0.7558 instead of 0.76158 (and Softsign 0.3917, not 0.41276)."""
    act = REGISTRY[key]
    mean_out, mean_slope = reference_means(act, params)
    props = act.properties(**params)
    assert props.mean_output == pytest.approx(mean_out, abs=1e-12)
    assert props.mean_slope == pytest.approx(mean_slope, abs=1e-12)


def test_the_issue_12_values_in_closed_form():
    # ELU/CELU α = 1: E[f′] = P(z > 0) + E[e^z; z ≤ 0] = ½ + e^{1/2}·Φ(−1)
    closed = 0.5 + math.exp(0.5) * stats.norm.cdf(-1.0)
    for key in ("elu", "celu"):
        assert REGISTRY[key].properties().mean_slope == pytest.approx(closed, abs=1e-12)
    # E[f] for ELU α = 1: E[z; z > 0] + E[e^z − 1; z ≤ 0] = φ(0) + e^{1/2}Φ(−1) − ½
    closed_f = 1 / math.sqrt(2 * math.pi) + math.exp(0.5) * stats.norm.cdf(-1.0) - 0.5
    assert REGISTRY["elu"].properties().mean_output == pytest.approx(closed_f, abs=1e-12)
    assert round(REGISTRY["softsign"].properties().mean_slope, 5) == 0.41276


def test_a_modified_copy_gets_its_own_properties():
    """Properties are cached by the activation object, not looked up again by its key."""
    relu = REGISTRY["relu"]
    relu.properties()                                        # ReLU's numbers are cached
    like_tanh = dataclasses.replace(relu, fn=np.tanh, grad=lambda x: 1 - np.tanh(x) ** 2,
                                    kinks=lambda p: [], smoothness=lambda p: "C∞")
    props = like_tanh.properties()
    assert props.mean_output == pytest.approx(0.0, abs=1e-12)        # tanh is odd
    assert props.mean_slope == pytest.approx(REGISTRY["tanh"].properties().mean_slope, abs=1e-12)
    assert props.kinks == () and props.smoothness == "C∞"
    assert relu.properties().mean_output == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-12)
    assert like_tanh != relu and hash(like_tanh) != hash(relu)     # identity, not fields
