"""actlib in a notebook: compute an activation and its derivative, then draw them.

Paste the cells into Jupyter (after `pip install .` in the repository), or run it as a script:

    python examples/notebook.py [output folder]

which writes elu.html (open it in a browser; plotly.js is inside, so it works offline),
elu.json and relu_family.html. In Jupyter the figure on a cell's last line is displayed.
"""
import sys
from pathlib import Path

import numpy as np

from actlib import REGISTRY
from actlib.figures.activations import function_figure, overlay_figure

# %% ELU with α = 0.5, as torch.nn.ELU(alpha=0.5): values and derivative at a few points
elu = REGISTRY["elu"]
probe = np.array([-2.0, -1.0, 0.0, 1.0])
print(elu.torch, "alpha=0.5")
print("x     ", probe)
print("f(x)  ", elu.fn(probe, alpha=0.5))
print("f′(x) ", elu.grad(probe, alpha=0.5))      # at the kink x = 0 PyTorch's value: α

# %% f and f′ on [−5, 5] in one figure
x = np.linspace(-5.0, 5.0, 1001)
f, df = elu.value_and_grad(x, alpha=0.5)
fig = function_figure(x, f, df, kinks=elu.kinks(alpha=0.5),
                      labels={"f": "ELU(x), α = 0.5", "df": "ELU′(x)", "flat": "flat", "x": "x"})
fig.update_layout(title=dict(text="ELU and its derivative (α = 0.5)"))
fig            # in Jupyter this line shows the figure

# %% the ReLU family overlaid, each with PyTorch's default parameters
family = ["relu", "leaky_relu", "elu", "gelu", "silu"]
overlay = overlay_figure(x, {REGISTRY[k].name: REGISTRY[k].fn(x) for k in family},
                         title="The ReLU family, PyTorch's defaults", x_title="x")
overlay

# %% the course's perceptron never learns XOR: at most 3 of its 4 points, whatever the seed
from actlib.nets.datasets import GATES
from actlib.nets.perceptron import train_perceptron

xor = train_perceptron(*GATES["XOR"], epochs=1000, seeds=range(20))
print("XOR best accuracy, 20 seeds × 1000 epochs:", xor.accuracy.max())

# %% save for slides or homework
if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    out.mkdir(parents=True, exist_ok=True)
    fig.write_html(out / "elu.html")
    fig.write_json(out / "elu.json")
    overlay.write_html(out / "relu_family.html")
    print("wrote", ", ".join(str(out / n) for n in ("elu.html", "elu.json", "relu_family.html")))
