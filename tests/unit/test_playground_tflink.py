"""TF Playground links: every setting with a counterpart maps, the rest is named."""
import pytest

from actlib.nets.playground import tflink

LINK = ("https://playground.tensorflow.org/#activation=relu&batchSize=12&dataset=spiral"
        "&regDataset=reg-plane&learningRate=0.1&regularizationRate=0.003&noise=15"
        "&networkShape=6,3,2&seed=0.53417&showTestData=true&discretize=false"
        "&percTrainData=60&x=true&y=false&xTimesY=true&xSquared=false&ySquared=false"
        "&cosX=false&sinX=true&cosY=false&sinY=false&collectStats=false"
        "&problem=classification&initZero=false&hideText=false&regularization=L2")


def test_a_full_link_maps_to_our_parameters():
    got, missing = tflink.parse(LINK)
    assert got == {"batch": "12", "data": "spiral", "lr": "0.1", "rate": "0.003",
                   "noise": "15", "layers": "3", "u1": "6", "u2": "3", "u3": "2",
                   "test": "1", "discrete": "0", "train": "60", "x1": "1", "x2": "0",
                   "x1x2": "1", "x1sq": "0", "x2sq": "0", "sin1": "1", "sin2": "0",
                   "init": "tf", "reg": "l2", "a1": "relu", "a2": "relu", "a3": "relu"}
    assert sorted(missing) == ["cosX", "cosY", "seed"]


def test_regression_link_uses_the_regression_set_and_linear_output():
    got, _ = tflink.parse("#problem=regression&dataset=circle&regDataset=reg-gauss"
                          "&networkShape=&activation=tanh")
    assert got["data"] == "multi_gauss" and got["out"] == "linear_mse" and got["layers"] == "0"


@pytest.mark.parametrize("bad", ["", "hello", "https://example.com/#a=1", "x" * 5000])
def test_not_a_link_is_refused(bad):
    with pytest.raises(ValueError):
        tflink.parse(bad)
