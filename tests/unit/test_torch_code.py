"""The PyTorch snippets: the right torch.nn module with torch's own argument names, the
probe points written exactly, and the values they print equal to PyTorch's table."""
import ast
import contextlib
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest

from actlib.activations import REGISTRY
from actlib.torch_code import torch_module, torch_snippet, torch_values

TABLE = json.loads((Path(__file__).resolve().parents[1] / "data" / "torch_reference.json").read_text())
REQUIRED = object()
# torch.nn's documented constructor signatures (pytorch.org/docs, torch.nn activations), less
# device/dtype: keyword -> default (REQUIRED where torch has none)
SIGNATURES = {
    "Identity": {}, "Sigmoid": {}, "Tanh": {}, "Softsign": {}, "LogSigmoid": {}, "Tanhshrink": {},
    "ReLU": {"inplace": False}, "SELU": {"inplace": False}, "SiLU": {"inplace": False},
    "Mish": {"inplace": False}, "Hardsigmoid": {"inplace": False},
    "Hardswish": {"inplace": False}, "ReLU6": {"inplace": False},
    "LeakyReLU": {"negative_slope": 0.01, "inplace": False},
    "PReLU": {"num_parameters": 1, "init": 0.25},
    "ELU": {"alpha": 1.0, "inplace": False}, "CELU": {"alpha": 1.0, "inplace": False},
    "GELU": {"approximate": "none"},
    "Softplus": {"beta": 1.0, "threshold": 20.0},
    "Hardtanh": {"min_val": -1.0, "max_val": 1.0, "inplace": False},
    "Softshrink": {"lambd": 0.5}, "Hardshrink": {"lambd": 0.5},
    "Threshold": {"threshold": REQUIRED, "value": REQUIRED, "inplace": False},
    "RReLU": {"lower": 1 / 8, "upper": 1 / 3, "inplace": False},
}
NO_MODULE = {"binary_step", "swish"}


def _statements(code: str) -> dict[str, ast.AST]:
    """The snippet's assignments by target name (act, x, y), checked to parse."""
    tree = ast.parse(code)
    return {node.targets[0].id: node.value for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}


def _constructor(code: str) -> ast.Call:
    value = _statements(code)["act"]
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "eval":
        value = value.func.value                       # torch.nn.RReLU(...).eval()
    assert isinstance(value, ast.Call)
    return value


def _points(code: str) -> list[float]:
    call = _statements(code)["x"]
    assert ast.unparse(call.func) == "torch.tensor"
    return ast.literal_eval(call.args[0])


@pytest.mark.parametrize("key", sorted(set(REGISTRY) - NO_MODULE))
def test_module_and_arguments_are_torchs(key):
    act = REGISTRY[key]
    params = {p.name: p.low + (p.high - p.low) / 3 for p in act.params}   # not the defaults
    call = _constructor(torch_snippet(key, params, [0.5]))
    name = ast.unparse(call.func)
    assert name.startswith("torch.nn.")
    module = name.removeprefix("torch.nn.")
    assert act.torch.startswith(f"nn.{module}")         # the registry's torch field names it
    signature = SIGNATURES[module]
    keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    assert not call.args
    assert set(keywords) <= set(signature)
    assert {k for k, v in signature.items() if v is REQUIRED} <= set(keywords)
    # every parameter of ours reaches torch under torch's name, with its value
    rename = {"leaky_relu": {"alpha": "negative_slope"}, "prelu": {"alpha": "init"}}.get(key, {})
    for name_, value in params.items():
        assert keywords[rename.get(name_, name_)] == value
    if key == "gelu_tanh":
        assert keywords == {"approximate": "tanh"}
    if key == "gelu":
        assert keywords == {}


@pytest.mark.parametrize("key", sorted(set(REGISTRY) - NO_MODULE))
def test_our_defaults_are_torchs_defaults(key):
    """With our defaults the call means what torch.nn.X() with torch's defaults means."""
    call = _constructor(torch_snippet(key, {}, [0.5]))
    signature = SIGNATURES[ast.unparse(call.func).removeprefix("torch.nn.")]
    for k in call.keywords:
        torch_default = signature[k.arg]
        if torch_default is not REQUIRED and k.arg != "approximate":
            assert math.isclose(ast.literal_eval(k.value), torch_default, rel_tol=1e-15), k.arg


def test_activations_without_a_module_use_torch_operations():
    for key in NO_MODULE:
        assert REGISTRY[key].torch.startswith("(no module")
        assert torch_module(key, {}) == ""
    code = torch_snippet("swish", {"beta": 2.0}, [1.0])
    assert "x * torch.sigmoid(2.0 * x)" in code and "backward" in code
    code = torch_snippet("binary_step", {"threshold": 0.5}, [1.0])
    assert "torch.heaviside(x - 0.5," in code
    assert "backward" not in code and "x.grad" not in code    # autograd has no f' for a step


def test_rrelu_runs_in_evaluation_mode():
    code = torch_snippet("rrelu", {"lower": 0.1, "upper": 0.3}, [-1.0])
    assert ast.unparse(_statements(code)["act"]).endswith(".eval()")


def test_unknown_parameter_is_refused():
    with pytest.raises(ValueError):
        torch_snippet("elu", {"beta": 1.0}, [0.0])


@pytest.mark.parametrize("row", TABLE["rows"], ids=lambda r: f"{r['key']}{r['params']}")
def test_printed_values_are_pytorchs(row):
    """The points are written exactly, and what the script prints is PyTorch's table."""
    code = torch_snippet(row["key"], row["params"], row["x"])
    assert _points(code) == row["x"]
    f, df = torch_values(row["key"], row["params"], row["x"])
    np.testing.assert_allclose(f, row["f"], rtol=1e-7, atol=1e-12)
    if row["key"] == "binary_step":
        assert df is None
    else:
        np.testing.assert_allclose(df, row["grad"], rtol=1e-7, atol=1e-12)


def test_every_activation_has_a_table_row():
    assert {row["key"] for row in TABLE["rows"]} == set(REGISTRY)


@pytest.mark.parametrize("row", TABLE["rows"], ids=lambda r: f"{r['key']}{r['params']}")
def test_snippet_runs_in_torch(row):
    """Where torch is installed (it is not a dependency): run the script as written."""
    pytest.importorskip("torch")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(torch_snippet(row["key"], row["params"], row["x"]), {})
    printed = dict(line.split(" = ", 1) for line in out.getvalue().splitlines())
    np.testing.assert_allclose(ast.literal_eval(printed["f(x)"]), row["f"], rtol=1e-12, atol=0)
    if "f'(x)" in printed:
        np.testing.assert_allclose(ast.literal_eval(printed["f'(x)"]), row["grad"], rtol=1e-12, atol=0)
