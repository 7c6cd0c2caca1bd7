"""actlib installs with pip into a fresh venv and the notebook example runs from there.

Decision (this machine reaches PyPI, slowly; a test should not download 60 MB of numpy and
scipy each run): the fresh venv sees the shared venv's site-packages through a .pth file, so
the runtime dependencies are already satisfied and pip reports them as such; only the build
backend (setuptools, ~1 MB, in pip's ordinary isolated build) comes from the index. That
still tests what matters: pyproject.toml builds, pip accepts the declared dependencies and
their ranges, only `actlib*` is packaged, and the example imports the *installed* copy (it
runs from a temporary folder; the sources are copied and built outside the checkout, so no
build/ or egg-info lands in the repository). `python -m venv --system-site-packages` would
not do: it exposes the base interpreter's packages, not the shared venv's; and
--no-build-isolation fails here, as the venvs' setuptools 65 needs the absent `wheel`.
"""
import base64
import json
import shutil
import site
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _decode(v) -> np.ndarray:
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
    return np.asarray(v, dtype=float)


@pytest.mark.slow
def test_pip_install_then_the_notebook_example_draws_elu(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "actlib", src / "actlib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", src)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    venv_site = Path(subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                    check=True, capture_output=True, text=True).stdout.strip())
    (venv_site / "shared.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    pip = subprocess.run([py, "-m", "pip", "install", "--disable-pip-version-check", str(src)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    for dependency in ("numpy", "scipy", "plotly"):      # declared, and satisfied in place
        assert f"Requirement already satisfied: {dependency}" in pip.stdout, pip.stdout
    assert "streamlit" not in pip.stdout.lower()

    work = tmp_path / "notebook"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "notebook.py", work)
    run = subprocess.run(
        [py, "-c", "import runpy, sys; sys.argv = ['notebook.py', 'out'];"
                   "runpy.run_path('notebook.py', run_name='__main__');"
                   "import actlib; print('FROM', actlib.__file__);"
                   "print('STREAMLIT', 'streamlit' in sys.modules)"],
        capture_output=True, text=True, cwd=work)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"FROM {venv_site / 'actlib' / '__init__.py'}" in run.stdout   # the installed copy
    assert "STREAMLIT False" in run.stdout                                  # no Streamlit inside
    # the printed probe: ELU(−1) = 0.5(e⁻¹ − 1), f′(0) = α (PyTorch's value at the kink)
    assert "XOR best accuracy, 20 seeds × 1000 epochs: 0.75" in run.stdout   # actlib.nets ships
    assert "-0.31606028" in run.stdout and "0.5 " in run.stdout.split("f′(x)")[1]

    assert (work / "out" / "elu.html").stat().st_size > 1_000_000     # plotly.js inside
    assert (work / "out" / "relu_family.html").exists()
    fig = json.loads((work / "out" / "elu.json").read_text())
    names = [trace["name"] for trace in fig["data"]]
    assert names == ["ELU(x), α = 0.5", "ELU′(x)"]
    x, f, df = (_decode(v) for v in (fig["data"][0]["x"], fig["data"][0]["y"], fig["data"][1]["y"]))
    assert x.size == 1001 and x[0] == -5 and x[-1] == 5
    np.testing.assert_allclose(f, np.where(x > 0, x, 0.5 * np.expm1(x)), atol=1e-6)
    np.testing.assert_allclose(df, np.where(x > 0, 1.0, 0.5 * np.exp(x)), atol=1e-6)
    assert fig["layout"]["title"]["text"] == "ELU and its derivative (α = 0.5)"


def test_the_package_api_of_the_docstring():
    import actlib
    from actlib import REGISTRY
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(REGISTRY["elu"].fn(x, alpha=0.5), [0.5 * (np.exp(-1) - 1), 0, 2])
    assert actlib.REGISTRY is REGISTRY
    with pytest.raises(AttributeError):
        actlib.no_such_thing


def test_the_docstring_examples_run():
    import doctest

    import actlib
    result = doctest.testmod(actlib, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4 and result.failed == 0
