"""`python -m bench [filter]`: every benchmark case as JSON on stdout, each beside its target.

Tests assert correctness; figures live here. A case is `met` when its figure is within its
target (≤ for times and bytes, ≥ for ratios). The cases are those of every module in bench/
that has a top-level `CASES` list (see bench/timing.py); `filter` keeps the cases whose
"module.name" contains it. A summary line per case goes to stderr.
"""
from __future__ import annotations

import importlib
import json
import pkgutil
import platform
import sys

import numpy as np

import bench

NOT_CASES = {"__main__", "load", "stclient", "timing", "worst_case"}     # tools, not case modules


def case_modules():
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if info.name in NOT_CASES:
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if hasattr(module, "CASES"):
            yield info.name, module


def run(pattern: str = "") -> dict:
    results = []
    for group, module in case_modules():
        for case in module.CASES:
            if pattern not in f"{group}.{case.name}":
                continue
            value = float(case.run())
            met = value >= case.target if case.higher_is_better else value <= case.target
            sign = "≥" if case.higher_is_better else "≤"
            results.append({"group": group, "name": case.name, "value": value,
                            "unit": case.unit, "target": case.target,
                            "comparison": ">=" if case.higher_is_better else "<=",
                            "met": bool(met), "note": case.note})
            print(f"{'met   ' if met else 'MISSED'} {group}.{case.name}: {value:.4g} "
                  f"{case.unit} (target {sign} {case.target:g})", file=sys.stderr)
    return {"python": platform.python_version(), "numpy": np.__version__,
            "machine": platform.machine(), "results": results,
            "missed": [f"{r['group']}.{r['name']}" for r in results if not r["met"]]}


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else ""), indent=2))
