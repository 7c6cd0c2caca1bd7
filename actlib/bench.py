"""`python -m actlib.bench [filter]`: every benchmark case as JSON, each beside its target.

Tests assert correctness; figures live here. A case is `met` when its figure is within
target (≤ for times, ≥ for ratios). Cases come from the modules in actlib/benchmarks/.
"""
from __future__ import annotations

import importlib
import json
import pkgutil
import platform
import sys

import numpy as np

from actlib import benchmarks


def all_cases():
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{benchmarks.__name__}.{info.name}")
        for case in module.CASES:
            yield info.name, case


def run(pattern: str = "") -> dict:
    results = []
    for group, case in all_cases():
        if pattern not in f"{group}.{case.name}":
            continue
        value = float(case.run())
        met = value >= case.target if case.higher_is_better else value <= case.target
        results.append({"group": group, "name": case.name, "value": value, "unit": case.unit,
                        "target": case.target,
                        "comparison": ">=" if case.higher_is_better else "<=",
                        "met": bool(met), "note": case.note})
        print(f"{'met   ' if met else 'MISSED'} {group}.{case.name}: {value:.4g} {case.unit} "
              f"(target {'≥' if case.higher_is_better else '≤'} {case.target:g})", file=sys.stderr)
    return {"python": platform.python_version(), "numpy": np.__version__,
            "machine": platform.machine(), "results": results,
            "missed": [f"{r['group']}.{r['name']}" for r in results if not r["met"]]}


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else ""), indent=2))
