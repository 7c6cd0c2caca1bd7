"""Class load on the Playground: N students playing at once, each counting their frames.

    .venv/bin/python -m bench.play_load --players 30 --sliders 5 --replicas 2 --duration 60
    .venv/bin/python -m bench.play_load --players 1 --duration 20          # one student

Issue 15's target: 30 students playing a 6 × 8 network on 500 points, on this 2-core
machine with two replicas behind nginx (deploy/), each see ≥ 3 frames per second with no
errors, and the Explorer's slider p90 for others stays ≤ 250 ms.

A player speaks the browser's protocol (bench/stclient.py): it opens /playground with the
network in its URL parameters, switches ▶ Play on (a full rerun with the toggle's value)
and then does what Streamlit's frontend does for an `st.fragment(run_every=…)`: on the
server's `auto_rerun` message it starts a timer per fragment (JavaScript's setInterval:
a fixed period, whatever the server is doing) that sends `rerun_script` with that
fragment's id and `is_auto_rerun`, without waiting for an answer; on `stop_auto_rerun` it
stops the timer. The server folds requests that arrive while a run is going into the next
one, so a busy server shows fewer frames, as a browser would. A frame is a run in which the
live fragment (the one that draws the metrics and the output picture) ran: counted when
its output picture (its first st.image) arrives, as a browser shows it then. (Not at
script_finished: when the next run starts before a run's messages were sent, Streamlit drops
its unsent deltas and sends its script_finished as FINISHED_EARLY_FOR_RERUN; see
docs/benchmarks.md.) Per-player fps = frames after a warm-up / seconds measured.
Slider students (bench/load.py's slider_student) move the Explorer's sliders meanwhile.

The server's CPU seconds (all replicas and their children, from /proc) per frame give the
floor: players × fps × CPU per frame cannot exceed the cores.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.load import Tally, percentile, slider_student
from bench.play_fps import load_average, playground_query
from bench.stclient import Session
from deploy.processes import cpu_seconds, family, free_port, start_streamlit, stop, wait_healthy
from deploy.replicas import Cluster

PLAY_KEY = "playground.play"
TARGET_FPS, TARGET_P90_MS = 3.0, 250.0
MAX_PLAYERS, MAX_DURATION = 60, 600.0


class Player(Session):
    """One student's tab on the Playground with ▶ Play on: the fragments' timers, and the
    time of every frame."""

    def __init__(self, base_url: str, query: str):
        super().__init__(base_url, query=query, page="playground")
        self.timers: dict[str, tuple[float, asyncio.Task]] = {}   # fragment → (interval, timer)
        self.live = ""                          # the fragment that draws the metrics
        self.frames: list[float] = []           # monotonic time of each frame
        self.problems: list[str] = []
        self._shown = False                     # this run has shown its output picture

    def _on_message(self, msg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fragment)
        elif kind == "new_session":                  # sent as every run starts
            self._shown = False
        elif kind == "delta" and msg.delta.HasField("new_element"):
            etype = msg.delta.new_element.WhichOneof("type")
            if etype == "metric" and msg.delta.fragment_id:
                self.live = msg.delta.fragment_id
            elif (etype == "imgs" and self.live and msg.delta.fragment_id == self.live
                  and not self._shown):
                self.frames.append(time.monotonic())     # the run's new output picture
                self._shown = True
        before = len(self._exceptions)
        super()._on_message(msg)
        self.problems.extend(self._exceptions[before:])

    # --- what the frontend does for run_every ------------------------------------------
    def _start_timer(self, fragment: str, interval: float) -> None:
        if fragment in self.timers and self.timers[fragment][0] == interval:
            return                                   # the frontend keeps a running timer
        self._stop_timer(fragment)
        self.timers[fragment] = (interval, asyncio.create_task(self._tick(fragment, interval)))

    def _stop_timer(self, fragment: str) -> None:
        if fragment in self.timers:
            self.timers.pop(fragment)[1].cancel()

    async def _tick(self, fragment: str, interval: float) -> None:
        due = time.monotonic()
        while True:
            due += interval                          # a fixed period, as setInterval
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            back = self._client_state(first=False)
            back.rerun_script.fragment_id = fragment
            back.rerun_script.is_auto_rerun = True
            try:
                await self._ws.send(back.SerializeToString())
            except Exception as exc:                 # the connection went away
                self.problems.append(f"auto rerun not sent: {type(exc).__name__}")
                return

    async def play(self) -> None:
        """Switch ▶ Play on, as a click on the toggle does (it reruns the page)."""
        element_id = self._touch(PLAY_KEY)
        state = WidgetState()
        state.id, state.bool_value = element_id, True
        self.values[element_id] = state
        run = await self.rerun(timeout=60.0)
        if run.status != "ok":
            self.problems.append(f"play: {run.status}")

    async def close(self) -> None:
        for fragment in list(self.timers):
            self._stop_timer(fragment)
        await super().close()


async def player(base: str, query: str, start_at: float, measure_from: float,
                 stop_at: float) -> dict:
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    p = Player(base, query)
    try:
        run = await p.connect(timeout=60.0)
        if run.status != "ok" or run.exceptions:
            p.problems.append(f"connect: {run.status} {run.exceptions}")
        else:
            await p.play()
            if not p.timers:
                p.problems.append("no auto_rerun after Play: the page did not start playing")
        await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
    except Exception as exc:                         # refused or dropped connection
        p.problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        await p.close()
    start = max(measure_from, p.frames[0]) if p.frames else measure_from
    seen = [t for t in p.frames if start <= t <= stop_at]
    gaps = [b - a for a, b in zip(seen, seen[1:])]
    return {"fps": len(seen) / max(1e-9, stop_at - start), "frames": len(seen),
            "longest_gap_s": max(gaps, default=None), "problems": p.problems}


async def warm(replica_urls: list[str], query: str) -> None:
    """One Playground and one Explorer visit per replica, one after another, before the
    class: a fresh server that gets its first thirty sessions at once can fail them (seen:
    ImportError and _DeadlockError around ui.layout, as the sessions' threads import the
    pages together)."""
    for url in replica_urls:
        for page, q in (("playground", query), ("", "lang=en")):
            session = Session(url, query=q, page=page)
            try:
                await session.connect(timeout=120.0)
            finally:
                await session.close()


async def run_class(base: str, pids: list[int], args, replica_urls: list[str]) -> dict:
    query = playground_query(args.layers, args.units, args.activation, args.points,
                             args.dataset)
    await warm(replica_urls, query)
    t0 = time.monotonic()
    ramp = min(10.0, args.duration / 4)        # a class does not click at the same instant
    measure_from = t0 + ramp + args.warmup
    stop_at = measure_from + args.duration
    everyone = lambda: [c for pid in pids for c in family(pid)]          # noqa: E731
    cpu = lambda: sum(cpu_seconds(c) for c in everyone() if os.path.exists(f"/proc/{c}"))  # noqa: E731
    tally, rng = Tally(), random.Random(args.seed)
    players = [player(base, query, t0 + ramp * i / max(1, args.players), measure_from,
                      stop_at) for i in range(args.players)]

    async def slider(i: int) -> None:
        await asyncio.sleep(max(0.0, measure_from - time.monotonic()) + i * 0.2)
        await slider_student(base, "", "lang=en", stop_at, tally, random.Random(rng.random()),
                             ".")

    async def cpu_window() -> tuple[float, float, float]:
        """Server CPU seconds, this client's CPU seconds and wall seconds while measuring."""
        await asyncio.sleep(max(0.0, measure_from - time.monotonic()))
        cpu0, client0, wall0 = cpu(), time.process_time(), time.monotonic()
        await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
        return cpu() - cpu0, time.process_time() - client0, time.monotonic() - wall0

    results = await asyncio.gather(*players, *(slider(i) for i in range(args.sliders)),
                                   cpu_window())
    per_player = results[:args.players]
    server_cpu, client_cpu, wall = results[-1]
    fps = sorted(r["fps"] for r in per_player)
    frames = sum(r["frames"] for r in per_player)
    problems = [q for r in per_player for q in r["problems"]]
    ms = [1000 * s for s in tally.moves]
    return {
        "players": args.players, "query": query, "duration_s": args.duration,
        "fps_min": round(fps[0], 2) if fps else None,
        "fps_median": round(percentile(fps, 50), 2) if fps else None,
        "fps_max": round(fps[-1], 2) if fps else None,
        "fps_by_player": [round(r["fps"], 2) for r in per_player],   # in order of arrival
        "players_below_target": sum(f < TARGET_FPS for f in fps),
        "longest_gap_s": max((round(r["longest_gap_s"], 2) for r in per_player
                              if r["longest_gap_s"] is not None), default=None),
        "frames": frames, "player_errors": len(problems), "player_error_samples": problems[:10],
        "server_cpu_cores": round(server_cpu / wall, 2),
        "server_cpu_ms_per_frame": round(1000 * server_cpu / max(1, frames), 1),
        "client_cpu_cores": round(client_cpu / wall, 2),
        "slider_students": args.sliders, "slider_moves": len(ms),
        "slider_p50_ms": round(percentile(ms, 50), 1) if ms else None,
        "slider_p90_ms": round(percentile(ms, 90), 1) if ms else None,
        "slider_errors": tally.errors, "slider_error_samples": tally.samples,
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--players", type=int, default=30)
    p.add_argument("--sliders", type=int, default=5, help="Explorer slider students alongside")
    p.add_argument("--duration", type=float, default=60.0, help="seconds measured")
    p.add_argument("--warmup", type=float, default=5.0, help="seconds of play before measuring")
    p.add_argument("--replicas", type=int, default=2, help="servers behind nginx; 1 = no nginx")
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--units", type=int, default=8)
    p.add_argument("--activation", default="relu")
    p.add_argument("--points", type=int, default=500)
    p.add_argument("--dataset", default="spiral")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", help="also write the JSON here")
    args = p.parse_args(argv)
    if args.players > MAX_PLAYERS or args.duration > MAX_DURATION:
        p.error(f"bounded: at most {MAX_PLAYERS} players and {MAX_DURATION:.0f} s")
    load_before = load_average()
    if args.replicas > 1:
        with Cluster(args.replicas) as cluster:
            report = asyncio.run(run_class(cluster.url, [pr.pid for _, pr in cluster.replicas],
                                           args, cluster.replica_urls))
    else:
        port = free_port()
        proc = start_streamlit(port, Path(tempfile.mkdtemp(prefix="play_load_")) / "server.log")
        try:
            wait_healthy(f"http://127.0.0.1:{port}", proc)
            base = f"http://127.0.0.1:{port}"
            report = asyncio.run(run_class(base, [proc.pid], args, [base]))
        finally:
            stop(proc)
    report.update(replicas=args.replicas, cores=os.cpu_count(), load_before=load_before,
                  load_after=load_average(), target_fps=TARGET_FPS,
                  target_slider_p90_ms=TARGET_P90_MS,
                  utc=time.strftime("%Y-%m-%d %H:%M", time.gmtime()))
    sliders_ok = args.sliders == 0 or (report["slider_p90_ms"] is not None
                                       and report["slider_p90_ms"] <= TARGET_P90_MS)
    report["met"] = bool(report["fps_min"] is not None and report["fps_min"] >= TARGET_FPS
                         and report["player_errors"] == 0 and report["slider_errors"] == 0
                         and sliders_ok)
    text = json.dumps(report, indent=1)
    if args.out:
        Path(args.out).write_text(text)
    print(text)
    print(f"{'met   ' if report['met'] else 'MISSED'} play_load: {args.players} players, fps "
          f"min {report['fps_min']} median {report['fps_median']} (target ≥ {TARGET_FPS:g}), "
          f"errors {report['player_errors']}+{report['slider_errors']}, slider p90 "
          f"{report['slider_p90_ms']} ms (target ≤ {TARGET_P90_MS:g}), "
          f"{report['server_cpu_ms_per_frame']} ms server CPU per frame, load "
          f"{report['load_after']}", file=sys.stderr)


if __name__ == "__main__":
    main()
