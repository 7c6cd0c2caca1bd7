"""A playground.tensorflow.org link → this page's URL parameters.

TF Playground keeps its state in the hash: `#activation=tanh&batchSize=10&dataset=circle&
regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&
seed=0.53&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&…`
(its src/state.ts). `parse(link)` returns our parameters and the TF settings that have no
counterpart here, by name, so the page can say so.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

FEATURES = {"x": "x1", "y": "x2", "xSquared": "x1sq", "ySquared": "x2sq",
            "xTimesY": "x1x2", "sinX": "sin1", "sinY": "sin2"}
DATASETS = {"circle": "circle", "xor": "xor", "gauss": "gauss", "spiral": "spiral"}
REG_DATASETS = {"reg-plane": "plane", "reg-gauss": "multi_gauss"}
ACTIVATIONS = {"tanh": "tanh", "relu": "relu", "sigmoid": "sigmoid", "linear": "linear"}
IGNORED = {"hideText", "collectStats", "tutorial", "stateful"}   # display-only in TF
MAX_LINK = 4000


def parse(link: str) -> tuple[dict[str, str], list[str]]:
    """(our URL parameters, TF names without a counterpart). ValueError if it is no TF link."""
    link = (link or "").strip()
    if len(link) > MAX_LINK:
        raise ValueError("too long")
    fragment = urlsplit(link).fragment if "#" in link else link
    pairs = dict(parse_qsl(fragment.lstrip("#"), keep_blank_values=True))
    if not pairs or not ({"networkShape", "activation", "dataset"} & set(pairs)):
        raise ValueError("not a TF Playground link")
    out: dict[str, str] = {}
    missing: list[str] = []
    flag = lambda v: "1" if v == "true" else "0"               # noqa: E731
    problem = pairs.get("problem", "classification")
    for name, value in pairs.items():
        if name == "activation" and value in ACTIVATIONS:
            out["_activation"] = ACTIVATIONS[value]
        elif name == "batchSize" and value.isdigit() and 1 <= int(value) <= 30:
            out["batch"] = value
        elif name == "dataset" and problem == "classification" and value in DATASETS:
            out["data"] = DATASETS[value]
        elif name == "regDataset" and problem == "regression" and value in REG_DATASETS:
            out["data"] = REG_DATASETS[value]
        elif name in ("dataset", "regDataset", "problem"):
            continue                                         # the other problem's set
        elif name == "learningRate":
            out["lr"] = value
        elif name == "regularization":
            out["reg"] = {"L1": "l1", "L2": "l2"}.get(value, "none")
        elif name == "regularizationRate":
            out["rate"] = value
        elif name == "noise":
            out["noise"] = value
        elif name == "percTrainData":
            out["train"] = value
        elif name == "networkShape":
            shape = [s for s in value.split(",") if s]
            out["layers"] = str(len(shape))
            for i, units in enumerate(shape, start=1):
                out[f"u{i}"] = units
        elif name in FEATURES:
            out[FEATURES[name]] = flag(value)
        elif name == "showTestData":
            out["test"] = flag(value)
        elif name == "discretize":
            out["discrete"] = flag(value)
        elif name == "initZero":
            out["init"] = "zeros" if value == "true" else "tf"
        elif name not in IGNORED:
            missing.append(name)                             # seed, percTrainData… see page
    activation = out.pop("_activation", None)
    if activation:
        for i in range(1, int(out.get("layers", "2")) + 1):
            out[f"a{i}"] = activation
    if "regression" == problem:
        out["out"] = "linear_mse"
    return out, sorted(missing)
