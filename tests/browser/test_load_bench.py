"""The class-load bench (bench/load.py) still measures what README reports: real sessions,
real slider moves answered by the Explorer, on one server and on replicas behind nginx.

The timed figures belong to the bench, not here: this only checks, briefly and bounded, that
the bench's students are answered without errors and that it reports what it measured.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench import load
from deploy.processes import ROOT


def run_bench(*args: str) -> subprocess.CompletedProcess:
    """`python -m bench.load …` as README runs it (its own process: the browser tests' event
    loop is still running in this one, and the bench starts its own)."""
    return subprocess.run([sys.executable, "-m", "bench.load", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("replicas", [1, 2])
def test_the_load_bench_runs_students_against_the_explorer(tmp_path, replicas):
    out = tmp_path / "load.json"
    done = run_bench("--sessions", "3", "--duration", "4", "--warmup", "0",
                     "--replicas", str(replicas), "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == json.loads(out.read_text())
    [level] = json.loads(out.read_text())["levels"]
    assert level["sessions"] == 3 and level["replicas"] == replicas
    assert level["errors"] == 0, level["error_samples"]
    assert level["moves"] >= 3                          # every student moved a slider
    assert 0 < level["p50_ms"] <= level["p90_ms"] <= level["max_ms"]
    assert level["kb_per_move"] > 10                    # the redrawn charts came back
    assert level["server_cpu_ms_per_move"] > 0 and level["rss_mb"]["start"] > 0


def test_the_load_bench_refuses_unbounded_runs():
    done = run_bench("--sessions", str(load.MAX_SESSIONS + 1), "--duration", "1")
    assert done.returncode == 2 and "bounded" in done.stderr


def test_the_fault_scenario_kills_workers_and_nobody_sees_an_error(tmp_path):
    """A short --fault run: trainers, a student who leaves mid-run, workers killed. Every
    training that was waited for ended with its results (a timeout or a run without results
    is an error), no traceback or other error message reached anyone."""
    out = tmp_path / "fault.json"
    done = run_bench("--fault", "--sessions", "6", "--trainers", "2", "--leavers", "1",
                     "--duration", "30", "--kill-every", "10", "--warmup", "0",
                     "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    [level] = json.loads(out.read_text())["levels"]
    assert level["errors"] == 0, level["error_samples"]
    assert level["workers_killed"] >= 1 and level["left_mid_run"] >= 1
    assert level["trains"] >= 1 and level["moves"] >= 3
