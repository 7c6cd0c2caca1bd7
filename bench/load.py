"""Load bench: N simulated students on one server, speaking Streamlit's websocket protocol.

    .venv/bin/python -m bench.load --sessions 10 30 60 100 --duration 60
    .venv/bin/python -m bench.load --sessions 30 --duration 600        # RSS over 10 minutes
    .venv/bin/python -m bench.load --gc both --sessions 10 30          # postScriptGC on vs off
    .venv/bin/python -m bench.load --replicas 2 --sessions 30 60       # behind nginx (deploy/)
    .venv/bin/python -m bench.load --fault                             # issue 14's class, 5 min

It starts the app itself (`streamlit run app.py` on a free loopback port, one fresh server
per GC setting; or `--replicas` of them behind Debian's nginx with deploy/'s sticky config),
warms it for `--warmup` seconds, then for each session count runs that many protocol-level
sessions (bench/stclient.py) for `--duration` seconds. A slider session opens the Explorer and moves
one of its sliders to a random value about once a second (0.5–1.5 s apart), waiting for each
answer like a student watching the chart; a training session (`--train-share`) opens a
training page and presses its train button every `--train-every` seconds. Response time =
send `rerun_script` → receive `script_finished`. Output: JSON on stdout (and `--out`), a
summary on stderr. Targets (issue 7): 30 sessions p90 ≤ 150 ms, no errors, RSS bounded.

`--fault` is issue 14's class: 30 students for 5 minutes, 5 of them pressing Train on the
ReLU page every few seconds (`--trainers`), 3 who press Train and leave mid-run, again and
again (`--leavers`), and one training worker killed with SIGKILL every minute
(`--kill-every`). A trainer whose run was on the killed worker is told so (counted as
`worker_died_shown`, not as an error) and presses Train again. Targets: no errors shown to
anyone, every training that is waited for completes, slider p90 ≤ 150 ms, RSS flat.

Bounded: at most 200 sessions and 900 s per level; every server is stopped by its own PID.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.stclient import Session
from deploy.processes import (ROOT, cpu_seconds, family, free_port, rss_mb, start_streamlit,
                              stop, training_workers, wait_healthy)
from ui.i18n import catalogue
from deploy.replicas import Cluster

MAX_SESSIONS, MAX_DURATION = 200, 1800.0
FAULT = dict(sessions=[30], duration=300.0, train_page="relu", train_button="relu.train",
             train_seed_key="relu.first_seed", trainers=5, train_every=4.0, leavers=3,
             kill_every=60.0)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list; NaN for an empty one."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def random_value(session: Session, key: str, rng: random.Random):
    """A random allowed value on the slider's step grid (a sorted pair for range sliders)."""
    lo, hi, step = session.slider_range(key)
    steps = max(1, int(round((hi - lo) / step))) if step > 0 else 100

    def one() -> float:
        return min(hi, lo + rng.randint(0, steps) * (step if step > 0 else (hi - lo) / 100))
    if len(session.slider_value(key)) == 2:
        a, b = sorted((one(), one()))
        return (a, b) if b > a else (lo, hi)
    return one()


class Tally:
    """Every response of one level, plus errors with a few samples to read."""

    def __init__(self):
        self.moves: list[float] = []
        self.connects: list[float] = []
        self.trains: list[float] = []
        self.errors = 0
        self.samples: list[str] = []
        self.bytes = 0
        self.worker_died_shown = 0        # runs that ended with offload's "stopped" message
        self.left_mid_run = 0             # presses of students who left before the answer
        self.kills = 0

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.samples) < 10:
            self.samples.append(what[:300])

    def check(self, run, where: str) -> bool:
        if run.status != "ok" or run.exceptions:
            self.error(f"{where}: {run.status} {run.exceptions}")
            return False
        return True


async def slider_student(base: str, page: str, query: str, stop_at: float, tally: Tally,
                         rng: random.Random, pattern: str) -> None:
    session = Session(base, query=query, page=page)
    try:
        run = await session.connect()
        tally.connects.append(run.seconds)
        if not tally.check(run, "connect"):
            return
        while time.monotonic() < stop_at:
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            sliders = [k for k in session.shown("slider") if pattern in k]
            if not sliders:
                tally.error(f"no slider matching {pattern!r} on page {page!r}")
                return
            key = rng.choice(sliders)
            session.set_slider(key, random_value(session, key, rng))
            before = session.received_bytes
            run = await session.rerun()
            if tally.check(run, f"move {key}"):
                tally.moves.append(run.seconds)
                tally.bytes += session.received_bytes - before
    except Exception as exc:                       # a refused or dropped connection
        tally.error(f"{type(exc).__name__}: {exc}")
    finally:
        await session.close()


WORKER_DIED = catalogue("en")["training.worker_died"]


async def training_student(base: str, page: str, button: str, every: float, stop_at: float,
                           tally: Tally, rng: random.Random, seed_key: str = "") -> None:
    session = Session(base, page=page)
    try:
        run = await session.connect(timeout=120)
        if not tally.check(run, f"connect {page}"):
            return
        retry = False
        while time.monotonic() < stop_at:
            if not retry:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * every)
                if seed_key:                       # a new seed: real training, not a cache hit
                    session.set_number(seed_key, rng.randint(0, 10**6))
            run = await session.rerun(timeout=180, trigger=button)
            errors = session.alerts("ERROR")
            retry = WORKER_DIED in errors          # as the page says: press Train again
            if retry:
                tally.worker_died_shown += 1
            elif errors:
                tally.error(f"train {button}: shown {errors}")
            elif tally.check(run, f"train {button}"):
                if not any(kind == "metric" for kind, _ in session.elements):
                    tally.error(f"train {button}: finished without results")
                else:
                    tally.trains.append(run.seconds)
    except Exception as exc:
        tally.error(f"{type(exc).__name__}: {exc}")
    finally:
        await session.close()


async def leaving_student(base: str, page: str, button: str, stop_at: float, tally: Tally,
                          rng: random.Random, seed_key: str = "") -> None:
    """Opens the training page, presses Train and closes the tab 0.5–2 s later; again after
    a pause. Nobody waits for those runs: they must not hold the worker."""
    while time.monotonic() < stop_at:
        session = Session(base, page=page)
        try:
            run = await session.connect(timeout=120)
            if not tally.check(run, f"connect {page}"):
                return
            if seed_key:
                session.set_number(seed_key, rng.randint(0, 10**6))
            await session.send_rerun(trigger=button)
            await asyncio.sleep(rng.uniform(0.5, 2.0))
            tally.left_mid_run += 1
        except Exception as exc:
            tally.error(f"leaver: {type(exc).__name__}: {exc}")
            return
        finally:
            await session.close()
        await asyncio.sleep(rng.uniform(2.0, 5.0))


async def kill_workers(pids: list[int], every: float, stop_at: float, tally: Tally) -> None:
    """SIGKILL one training worker of each server every `every` seconds (the OOM killer)."""
    while time.monotonic() + every < stop_at:
        await asyncio.sleep(every)
        for pid in pids:
            for worker in training_workers(pid)[:1]:
                try:
                    os.kill(worker, signal.SIGKILL)
                    tally.kills += 1
                except ProcessLookupError:
                    pass


def _or_zero(read, pid: int) -> float:
    try:
        return read(pid)
    except OSError:                       # a process that ended between listing and reading
        return 0.0


async def run_level(base: str, pids: list[int], n: int, args, seed: int) -> dict:
    """One level: n sessions for args.duration s; CPU and RSS summed over the server `pids`
    and the worker processes they started."""
    tally, rng = Tally(), random.Random(seed)
    n_train = (args.trainers if args.trainers is not None else round(n * args.train_share)) \
        if args.train_page else 0
    n_leave = args.leavers if args.train_page else 0
    ramp = min(5.0, args.duration / 4)             # students do not all click "open" at once
    stop_at = time.monotonic() + ramp + args.duration
    rss, split, t0 = [], [], time.monotonic()
    everyone = lambda: [p for pid in pids for p in family(pid)]   # with training workers
    cpu = lambda: sum(_or_zero(cpu_seconds, p) for p in everyone())
    rss_now = lambda: round(sum(_or_zero(rss_mb, p) for p in everyone()), 1)
    workers_now = lambda: [round(_or_zero(rss_mb, w), 1)
                           for pid in pids for w in training_workers(pid)]
    cpu0, client0 = cpu(), time.process_time()

    async def sample_rss():
        while True:
            rss.append((round(time.monotonic() - t0, 1), rss_now()))
            split.append((rss[-1][0], round(sum(_or_zero(rss_mb, p) for p in pids), 1),
                          workers_now()))
            await asyncio.sleep(args.rss_every)

    async def start(i: int):
        await asyncio.sleep(ramp * i / max(1, n))
        sub = random.Random(rng.random())
        if i < n_train:
            await training_student(base, args.train_page, args.train_button,
                                   args.train_every, stop_at, tally, sub, args.train_seed_key)
        elif i < n_train + n_leave:
            await leaving_student(base, args.train_page, args.train_button, stop_at, tally,
                                  sub, args.train_seed_key)
        else:
            query = args.query.format(i=i)
            await slider_student(base, args.page, query, stop_at, tally, sub, args.sliders)

    sampler = asyncio.create_task(sample_rss())
    killer = asyncio.create_task(kill_workers(pids, args.kill_every, stop_at, tally)) \
        if args.kill_every else None
    await asyncio.gather(*(start(i) for i in range(n)))
    if killer is not None:
        killer.cancel()
    wall = time.monotonic() - t0
    ended = len(rss)
    await asyncio.sleep(args.linger)     # every tab closed: is the memory given back?
    sampler.cancel()
    rss.append((round(time.monotonic() - t0, 1), rss_now()))
    lingered = rss[ended:] if args.linger else []
    ms = [1000 * s for s in tally.moves]
    return {
        "sessions": n, "training_sessions": n_train, "leaving_sessions": n_leave,
        "duration_s": args.duration,
        "moves": len(ms), "moves_per_s": round(len(ms) / args.duration, 1),
        "p50_ms": round(percentile(ms, 50), 1), "p90_ms": round(percentile(ms, 90), 1),
        "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms, default=float("nan")), 1),
        "connect_p50_ms": round(1000 * percentile(tally.connects, 50), 1),
        "trains": len(tally.trains),
        "train_p50_s": round(percentile(tally.trains, 50), 2),
        "train_max_s": round(max(tally.trains, default=float("nan")), 2),
        "workers_killed": tally.kills, "worker_died_shown": tally.worker_died_shown,
        "left_mid_run": tally.left_mid_run,
        "kb_per_move": round(tally.bytes / 1024 / max(1, len(ms)), 1),
        "errors": tally.errors, "error_samples": tally.samples,
        "server_cpu_cores": round((cpu() - cpu0) / wall, 2),
        "server_cpu_ms_per_move": round(1000 * (cpu() - cpu0) / max(1, len(ms)), 1),
        "client_cpu_cores": round((time.process_time() - client0) / wall, 2),
        "rss_mb": {"start": rss[0][1], "end": rss[ended - 1][1] if lingered else rss[-1][1],
                   "max": max(r for _, r in rss),
                   "after_linger": lingered[-1][1] if lingered else None},
        "rss_timeline": rss,
        "rss_split": {"server_mb": [(t, s) for t, s, _ in split],
                      "workers_mb": [(t, w) for t, _, w in split]},
    }


def alive(pid: int) -> bool:
    """True while the process runs (a dead child we have not reaped is a zombie, 'Z')."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@contextmanager
def servers(args, gc: str, tmp: Path):
    """(url, pids): one `streamlit run`, or --replicas of them behind nginx (deploy/)."""
    options = {"runner.postScriptGC": gc}
    if args.replicas > 1:
        with Cluster(args.replicas, app=Path(args.app).resolve(), options=options) as cluster:
            yield cluster.url, [proc.pid for _, proc in cluster.replicas]
        return
    port = free_port()
    proc = start_streamlit(port, tmp / "server.log", Path(args.app).resolve(), options)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)
        yield f"http://127.0.0.1:{port}", [proc.pid]
    finally:
        stop(proc)


def measure(args) -> dict:
    levels, gcs = [], {"true": ["true"], "false": ["false"], "both": ["true", "false"]}
    for gc in gcs[args.gc]:
        with tempfile.TemporaryDirectory(prefix="actlab-load-") as tmp, \
                servers(args, gc, Path(tmp)) as (base, pids):
            if args.warmup:                # imports and first runs are not a class's load
                asyncio.run(run_level(base, pids, 3, argparse.Namespace(
                    **{**vars(args), "duration": args.warmup, "train_page": "", "kill_every": 0,
                       "linger": 0}),
                    seed=1))
            for i, n in enumerate(args.sessions):
                result = asyncio.run(run_level(base, pids, n, args, seed=1000 + i))
                result.update(post_script_gc=gc == "true", replicas=args.replicas)
                levels.append(result)
                print(f"gc={gc:5} replicas={args.replicas} sessions={n:3}  "
                      f"p50 {result['p50_ms']:7.1f} ms  "
                      f"p90 {result['p90_ms']:7.1f} ms  max {result['max_ms']:7.1f} ms  "
                      f"moves {result['moves']:5}  errors {result['errors']}  "
                      f"server {result['server_cpu_cores']:.2f} cores "
                      f"({result['server_cpu_ms_per_move']:.0f} ms/move)  "
                      f"RSS {result['rss_mb']['start']:.0f}→{result['rss_mb']['end']:.0f} "
                      f"MiB", file=sys.stderr)
                if result["training_sessions"] or result["leaving_sessions"]:
                    print(f"  trainings {result['trains']} (p50 {result['train_p50_s']} s, "
                          f"max {result['train_max_s']} s)  worker died shown "
                          f"{result['worker_died_shown']}  left mid-run "
                          f"{result['left_mid_run']}  workers killed "
                          f"{result['workers_killed']}", file=sys.stderr)
                if any(not alive(pid) for pid in pids):
                    raise RuntimeError(f"a server died, see the logs in {tmp}")
    return {"machine": platform.machine(), "cpus": os.cpu_count(),
            "python": platform.python_version(), "app": str(args.app), "page": args.page,
            "levels": levels}


def _finite(value):
    """NaN (nothing measured) → null, so the output is strict JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sessions", type=int, nargs="+", default=[10, 30, 60, 100])
    p.add_argument("--duration", type=float, default=60.0, help="seconds per level")
    p.add_argument("--gc", choices=["true", "false", "both"], default="false",
                   help="runner.postScriptGC of the server(s) started")
    p.add_argument("--app", default=str(ROOT / "app.py"))
    p.add_argument("--page", default="", help="url path of the slider page ('' = default)")
    p.add_argument("--sliders", default=".", help="move only sliders whose key contains this")
    p.add_argument("--query", default="lang=en", help="query string; {i} = session number")
    p.add_argument("--train-page", default="", help="url path of a training page")
    p.add_argument("--train-button", default="", help="key of its train button")
    p.add_argument("--train-seed-key", default="",
                   help="number_input set to a random seed before each training")
    p.add_argument("--train-share", type=float, default=0.1)
    p.add_argument("--trainers", type=int, help="training sessions (instead of --train-share)")
    p.add_argument("--leavers", type=int, default=0,
                   help="sessions that press train and leave mid-run, again and again")
    p.add_argument("--kill-every", type=float, default=0.0,
                   help="SIGKILL a training worker every this many seconds (0 = never)")
    p.add_argument("--fault", action="store_true",
                   help="issue 14's class (defaults below, each can still be given)")
    p.add_argument("--train-every", type=float, default=10.0, help="seconds between trainings")
    p.add_argument("--rss-every", type=float, default=5.0)
    p.add_argument("--linger", type=float, default=0.0,
                   help="seconds to keep sampling RSS after the students have left")
    p.add_argument("--replicas", type=int, default=1,
                   help="servers behind nginx (deploy/nginx.conf.template); 1 = no nginx")
    p.add_argument("--warmup", type=float, default=10.0,
                   help="seconds of 3 sessions before measuring (imports, first runs)")
    p.add_argument("--out", help="also write the JSON here")
    args = p.parse_args(argv)
    if args.fault:                               # only what was not given on the command line
        given = set(a.split("=")[0] for a in (argv if argv is not None else sys.argv[1:]))
        for flag, value in FAULT.items():
            if "--" + flag.replace("_", "-") not in given:
                setattr(args, flag, value)
    if max(args.sessions) > MAX_SESSIONS or args.duration > MAX_DURATION:
        p.error(f"bounded: at most {MAX_SESSIONS} sessions and {MAX_DURATION:.0f} s per level")
    report = measure(args)
    text = json.dumps(_finite(report), indent=1)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
