"""Start and stop our own `streamlit run` on a free loopback port; read its RSS and CPU.

The one process helper of the project: used by deploy/replicas.py, bench/load.py and the
browser tests (and where they find Chromium). Everything is stopped by its own PID. It imports nothing of the project.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Debian's Chromium, as the browser tests, the screenshots and the fps bench start it: without
# the background-networking flags it keeps trying hosts this closed machine cannot reach
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = 120.0,
                 path: str = "/_stcore/health") -> None:
    """Poll `url + path` until it answers 200 "ok" (or the process dies, or time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with rc={proc.returncode}")
        try:
            with urllib.request.urlopen(url + path, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} not healthy after {timeout:.0f} s")
        time.sleep(0.1)


def start_streamlit(port: int, log_path: Path, app: Path = ROOT / "app.py",
                    options: dict[str, str] | None = None,
                    env: dict[str, str] | None = None) -> subprocess.Popen:
    """`streamlit run app` on 127.0.0.1:port, output to log_path, `env` added to this
    process's environment (e.g. ACTLAB_WORKERS). Caller stops it (stop())."""
    args = [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.headless", "true", "--server.address", "127.0.0.1",
            "--server.port", str(port), "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none"]
    for name, value in (options or {}).items():
        args += [f"--{name}", str(value)]
    log = open(log_path, "w")
    try:
        return subprocess.Popen(args, cwd=app.parent, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
    finally:
        log.close()                               # the child keeps its own descriptor


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate one child we started (by its own handle), kill it if it will not go."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def family(pid: int) -> list[int]:
    """`pid` and every process descending from it (the server's training workers, see
    actlib/offload.py), from the parent ids in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue                          # gone since listdir
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], []))
    return found


def rss_mb(pid: int) -> float:
    """Resident set size of `pid` in MiB (from /proc/<pid>/status VmRSS)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds `pid` has used so far (from /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def training_workers(pid: int) -> list[int]:
    """The training worker processes (actlib/offload.py) started by server `pid`: its
    descendants started by multiprocessing's spawn (not its resource tracker)."""
    found = []
    for child in family(pid)[1:]:
        try:
            with open(f"/proc/{child}/cmdline", "rb") as f:
                if b"spawn_main" in f.read():
                    found.append(child)
        except OSError:                           # gone since family() listed it
            continue
    return found
