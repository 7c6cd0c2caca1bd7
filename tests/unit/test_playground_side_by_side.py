"""Side by side in actlib: the second network's settings (one replaced), the lockstep frame,
the dashed second line of the playing charts, and the lesson itself (Sigmoid vs ReLU)."""
import numpy as np
import pytest

from actlib.activations import REGISTRY
from actlib.figures import playground_frames as frames
from actlib.nets.playground.net import Layer
from actlib.nets.playground.session import build, run_frame, run_pair, variant
from actlib.nets.playground.train import Hyper

LAYERS = (Layer(4, "elu", (("alpha", 0.5),)), Layer(2, "tanh"))


def test_variant_replaces_one_setting():
    hyper = Hyper(lr=0.03, batch=7, optimiser="sgd")
    layers, init, h = variant(LAYERS, "tf", hyper, "act", "leaky_relu")
    defaults = tuple((p.name, p.default) for p in REGISTRY["leaky_relu"].params)
    assert layers == (Layer(4, "leaky_relu", defaults), Layer(2, "leaky_relu", defaults))
    assert (init, h) == ("tf", hyper)
    assert variant(LAYERS, "tf", hyper, "init", "he") == (LAYERS, "he", hyper)
    assert variant(LAYERS, "tf", hyper, "lr", 0.3)[2] == Hyper(lr=0.3, batch=7)
    assert variant(LAYERS, "tf", hyper, "opt", "adam")[2] == Hyper(batch=7, optimiser="adam")
    with pytest.raises(ValueError):
        variant(LAYERS, "tf", hyper, "depth", 3)


def test_run_pair_keeps_both_at_the_same_epoch():
    first = build("xor", 200, 0.0, 0.5, 3, ("x1", "x2"), LAYERS)
    second = build("xor", 200, 0.0, 0.5, 3, ("x1", "x2"),
                   variant(LAYERS, "tf", Hyper(), "act", "relu")[0], data=first.data)
    total = 0
    for _ in range(4):
        ran = run_pair(first, second, Hyper(), Hyper(), budget=0.0, most=5)
        assert ran >= 1
        total += ran
        assert first.epoch == second.epoch == total
    # the grouping into frames does not matter: the same as epochs one by one
    alone = build("xor", 200, 0.0, 0.5, 3, ("x1", "x2"),
                  variant(LAYERS, "tf", Hyper(), "act", "relu")[0])
    for _ in range(total):
        alone.run_epoch(Hyper())
    assert alone.history.test_loss == second.history.test_loss


def test_run_pair_goes_on_with_the_one_that_did_not_diverge():
    tf = (Layer(4, "tanh"), Layer(2, "tanh"))                     # the page's default net
    first = build("plane", 500, 0.0, 0.5, 0, ("x1", "x2"), tf, "linear_mse")
    second = build("plane", 500, 0.0, 0.5, 0, ("x1", "x2"), tf, "linear_mse",
                   data=first.data)
    assert run_pair(first, second, Hyper(lr=3.0), Hyper(lr=0.01), budget=1.0, most=3) == 1
    assert first.diverged is not None and first.epoch == 0 and second.epoch == 1
    assert run_pair(first, second, Hyper(lr=3.0), Hyper(lr=0.01), budget=1.0, most=3) == 3
    assert second.epoch == 4 and second.diverged is None
    run_frame(second, Hyper(lr=100.0), budget=1.0, most=5)
    assert second.diverged is not None
    assert run_pair(first, second, Hyper(), Hyper(), budget=1.0, most=3) == 0


def test_second_curve_is_dashed_in_the_playing_chart():
    x = np.arange(50)
    solid = np.asarray(frames.curves_frame(x, [np.zeros(50), np.ones(50)]))
    dashed = np.asarray(frames.curves_frame(x, [np.zeros(50), np.ones(50)], dashed=(1,)))
    line = 4 + 1                                         # the second line colour's index
    assert 0 < np.sum(dashed == line) < 0.8 * np.sum(solid == line)
    assert np.sum(dashed == 4) == np.sum(solid == 4)     # the first line stays solid
    assert "╍╍" in frames.legend(["a", "b"], dashed=(1,)).split("] b")[0]
    assert "╍" not in frames.legend(["a", "b"])


def test_the_lesson_relu_beats_sigmoid_on_the_spiral():
    """The course's lesson in ten seconds: 3 hidden layers of 8, the page's defaults (SGD,
    lr 0.03, batch 10, TF's initialisation), the same data, seed and start; after 250 epochs
    the ReLU net has learned the spiral and the Sigmoid net has hardly moved."""
    losses = {}
    for act in ("sigmoid", "relu"):
        run = build("spiral", 500, 0.0, 0.5, 0, ("x1", "x2"), (Layer(8, act),) * 3)
        for _ in range(250):
            run.run_epoch(Hyper())
        assert run.diverged is None
        losses[act] = run.history.test_loss[-1]
    assert losses["relu"] < 0.5 * losses["sigmoid"]
