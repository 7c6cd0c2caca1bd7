"""Playground export: the weights JSON loads back into the same network (same predictions,
bit for bit), and the PyTorch script names each layer, activation, init and optimiser as
torch spells them, is valid Python and imports only torch and math."""
import ast
import json

import numpy as np
import pytest

from actlib.nets.playground import export, net
from actlib.nets.playground.session import build
from actlib.nets.playground.train import Hyper

MIXED = (net.Layer(3, "leaky_relu", (("alpha", 0.2),)), net.Layer(2, "prelu"),
         net.Layer(2, "swish", (("beta", 1.5),)), net.Layer(2, "gelu_tanh"))


def trained(layers, output="tanh_mse", init="tf", dataset="xor", features=("x1", "x2"),
            hyper=Hyper(), epochs=3):
    tr = build(dataset, 200, 0.1, 0.5, 7, features, layers, output, init)
    for _ in range(epochs):
        tr.run_epoch(hyper)
    return tr


def script(tr, hyper=Hyper()):
    return export.torch_script(tr.spec, tr.features, hyper, tr.seed, tr.epoch,
                               (tr.data.train_x, tr.data.train_y),
                               (tr.data.test_x, tr.data.test_y))


@pytest.mark.parametrize("layers, output, features", [
    (MIXED, "sigmoid_ce", ("x1", "x2", "sin1")),
    ((net.Layer(4, "relu"), net.Layer(2, "tanh")), "tanh_mse", ("x1", "x2")),
    ((), "softmax_ce", ("x1sq", "x2sq", "x1x2")),
])
def test_weights_json_loads_back_to_the_same_predictions(layers, output, features):
    tr = trained(layers, output, features=features,
                 hyper=Hyper(lr=0.1, optimiser="adam"))
    text = export.weights_json(tr.spec, tr.params, tr.features, tr.epoch)
    spec, params, feats = export.load_weights(text)
    assert spec == tr.spec and feats == tr.features
    x = tr.train_x
    before = net.predict(tr.spec, net.forward(tr.spec, tr.params, x).z_out)
    after = net.predict(spec, net.forward(spec, params, x).z_out)
    np.testing.assert_array_equal(after, before)          # shortest repr: exact floats
    assert json.loads(text)["epoch"] == 3
    if layers == MIXED:                                   # PReLU's learned slope kept
        assert float(params[1]["alpha"]) == float(tr.params[1]["alpha"]) != 0.25


@pytest.mark.parametrize("text", ["", "[1, 2]", '{"format": "other"}', "not json",
                                  json.dumps({"format": export.FORMAT, "version": 1})])
def test_foreign_json_is_refused_with_weights_error(text):
    with pytest.raises(export.WeightsError):
        export.load_weights(text)


def test_weights_of_the_wrong_shape_are_refused():
    tr = trained((net.Layer(2, "tanh"),))
    doc = json.loads(export.weights_json(tr.spec, tr.params, tr.features, 0))
    doc["layers"][0]["W"] = [[0.0, 0.0]]                  # 1 × 2, network wants 2 × 2
    with pytest.raises(export.WeightsError, match="do not fit"):
        export.load_weights(json.dumps(doc))


def imports_of(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module.split(".")[0])
    return names


def sequential_lines(source: str) -> list[str]:
    body = source.split("model = nn.Sequential(\n", 1)[1].split("\n)", 1)[0]
    return [line.strip().rstrip(",") for line in body.splitlines()]


def test_script_names_layers_activations_and_parameters_as_torch_does():
    hyper = Hyper(lr=0.01, batch=7, reg="l2", reg_rate=0.003, optimiser="momentum")
    tr = trained(MIXED, "sigmoid_ce", "he", features=("x1", "x2", "sin1"), hyper=hyper)
    src = script(tr, hyper)
    compile(src, "playground_export.py", "exec")
    assert imports_of(src) == {"math", "torch"}
    assert sequential_lines(src) == [
        "nn.Linear(3, 3)", "nn.LeakyReLU(negative_slope=0.2)",
        "nn.Linear(3, 2)", "nn.PReLU(num_parameters=1, init=0.25)",
        "nn.Linear(2, 2)", "Swish(beta=1.5)",
        "nn.Linear(2, 2)", "nn.GELU(approximate='tanh')",
        "nn.Linear(2, 1)"]
    assert "class Swish(nn.Module):" in src and "x * torch.sigmoid(self.beta * x)" in src
    assert "torch.sin(x1)" in src
    assert "nn.init.kaiming_normal_(m.weight, nonlinearity='relu')" in src
    assert "torch.optim.SGD(groups, lr=0.01, momentum=0.9)" in src
    assert "'weight_decay': 0.003" in src and "BATCH, EPOCHS = 7, 3" in src
    assert "binary_cross_entropy_with_logits" in src
    rows = src.split("TRAIN = torch.tensor([", 1)[1].split("]", 1)[0]
    assert rows.count("(") == len(tr.data.train_x)        # every training point written


def test_script_for_tf_defaults_adam_l1_and_own_modules():
    layers = (net.Layer(2, "binary_step", (("threshold", 0.5),)), net.Layer(2, "elu"),
              net.Layer(2, "rrelu"), net.Layer(1, "softplus"))
    hyper = Hyper(lr=0.003, reg="l1", reg_rate=0.01, optimiser="adam")
    tr = trained(layers, "tanh_mse", "lecun", hyper=hyper, epochs=0)
    src = script(tr, hyper)
    compile(src, "playground_export.py", "exec")
    assert imports_of(src) == {"math", "torch"}
    assert sequential_lines(src) == [
        "nn.Linear(2, 2)", "Step(threshold=0.5)", "nn.Linear(2, 2)", "nn.ELU(alpha=1.0)",
        "nn.Linear(2, 2)", "nn.RReLU(lower=0.125, upper=0.3333333333333333)",
        "nn.Linear(2, 1)", "nn.Softplus(beta=1.0, threshold=20.0)", "nn.Linear(1, 1)"]
    assert "(x >= self.threshold).to(x.dtype)" in src
    assert "torch.optim.Adam(groups, lr=0.003, betas=(0.9, 0.999), eps=1e-08)" in src
    assert "+ 0.01 * sum(m.weight.abs().sum() for m in linears)" in src
    assert "'weight_decay': 0.0}" in src                  # L1 is in the loss, not decay
    assert "nn.init.normal_(m.weight, 0.0, 1 / math.sqrt(m.in_features))" in src
    assert "out = torch.tanh(out)" in src and "0.5 * nn.functional.mse_loss" in src
    assert "evaluation-mode" in src                       # RReLU's difference said


def test_script_plain_sgd_with_tf_init_and_softmax():
    tr = trained((net.Layer(3, "relu"),), "softmax_ce", dataset="spiral3")
    src = script(tr)
    assert "torch.optim.SGD(groups, lr=0.03)" in src and "momentum" not in src
    assert "nn.init.uniform_(m.weight, -0.5, 0.5)" in src
    assert "nn.init.constant_(m.bias, 0.1)" in src
    assert "nn.functional.cross_entropy(out, classes(y))" in src
    assert sequential_lines(src) == ["nn.Linear(2, 3)", "nn.ReLU()", "nn.Linear(3, 3)"]
