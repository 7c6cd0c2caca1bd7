"""The Playground's class-load bench (bench/play_load.py) plays as a browser does: its
students' run_every timers bring frames, each counted once, and a slider student alongside
is answered. Timed figures belong to the bench; this checks, briefly and bounded, that what
it counts is there and that it reports what it measured."""
from __future__ import annotations

import json
import subprocess
import sys

from bench import play_load
from deploy.processes import ROOT


def run_bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bench.play_load", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_players_get_frames_from_their_timers_and_a_slider_student_is_answered(tmp_path):
    out = tmp_path / "play.json"
    done = run_bench("--players", "2", "--sliders", "1", "--replicas", "1", "--duration", "6",
                     "--warmup", "2", "--layers", "2", "--units", "3", "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["players"] == 2 and report["replicas"] == 1
    assert report["player_errors"] == 0, report["player_error_samples"]
    assert report["slider_errors"] == 0, report["slider_error_samples"]
    # a frame is a new output picture: with Play on and nothing else sent by the student,
    # only the timers can bring them, and one run brings at most one
    assert report["fps_min"] > 0 and report["frames"] >= 2
    assert report["fps_max"] <= 1 / 0.125 * 1.5     # never more than the timers ask for
    assert report["slider_moves"] >= 1 and report["slider_p90_ms"] > 0
    assert report["server_cpu_ms_per_frame"] > 0
    assert "u2=3" in report["query"] and "layers=2" in report["query"]


def test_the_play_load_bench_refuses_unbounded_runs():
    done = run_bench("--players", str(play_load.MAX_PLAYERS + 1), "--duration", "1")
    assert done.returncode == 2 and "bounded" in done.stderr
