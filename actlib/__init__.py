"""Activation Lab's library: activations, numerics, tiny networks and figures. No Streamlit.

In a notebook (``pip install .`` from the repository)::

    >>> import numpy as np
    >>> from actlib import REGISTRY
    >>> REGISTRY["elu"].fn(np.array([-1.0, 0.0, 2.0]), alpha=0.5)   # α(eˣ − 1) for x ≤ 0
    array([-0.31606028,  0.        ,  2.        ])
    >>> REGISTRY["elu"].grad(np.array([-1.0, 2.0]), alpha=0.5)      # f′: α·eˣ, then 1
    array([0.18393972, 1.        ])

``REGISTRY[key]`` has ``fn``, ``grad``, ``value_and_grad``, ``params``, ``defaults()``,
``kinks()``, ``latex`` and ``torch`` (its torch.nn counterpart). The builders in
``actlib.figures`` take arrays and return ``plotly.graph_objects.Figure``: the last line of a
Jupyter cell shows it; ``fig.write_html(path)`` saves it. See examples/notebook.py.
"""


def __getattr__(name: str):
    # Lazy: `import actlib.x` must not load every activation (worker processes import small
    # parts), and actlib.activations is the one stable path to the registry.
    if name == "REGISTRY":
        from actlib.activations import REGISTRY
        return REGISTRY
    raise AttributeError(f"module 'actlib' has no attribute {name!r}")


__all__ = ["REGISTRY"]
