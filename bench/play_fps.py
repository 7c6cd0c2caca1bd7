"""Frames per second one student sees while the Playground plays (issue 15: ≥ 8).

    .venv/bin/python -m bench.play_fps                      # 6 × 8 ReLU net, 500 points, 10 s
    .venv/bin/python -m bench.play_fps --seconds 20 --layers 3 --units 4

Starts its own `streamlit run app.py` (deploy/processes.py) and Debian's Chromium
(Playwright, never `playwright install`), opens /playground with the network set through
the page's URL parameters (data, points, layers, u<i>, a<i>; see ui/playground.py), switches
▶ Play on and counts how often the output picture changes: a MutationObserver on the output
box records every new `src` of its <img> (each frame ships a new data URI). Frames per
second = changes after the first one / seconds between the first and the last. JSON on
stdout, a summary line on stderr. The machine's load goes beside the figure: Chromium and
the server share its cores with everything else.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from deploy.processes import (CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop,
                               wait_healthy)

TARGET_FPS = 8.0
BOX = ".st-key-playground_heatmap"
# every distinct src of the output <img>, with the time it appeared (the <img> may be
# replaced as well as changed, so the observer watches the box's whole subtree)
WATCH = """() => {
  window.__frames = [];
  let last = null;
  const box = document.querySelector('%s');
  const look = () => {
    const img = box.querySelector('img');
    if (img && img.src.startsWith('data:') && img.src !== last) {
      last = img.src;
      window.__frames.push(performance.now());
    }
  };
  new MutationObserver(look).observe(box, {subtree: true, childList: true,
                                           attributes: true, attributeFilter: ['src']});
}""" % BOX


def playground_query(layers: int, units: int, activation: str, points: int,
                     dataset: str) -> str:
    parts = [f"data={dataset}", f"points={points}", f"layers={layers}"]
    for i in range(1, layers + 1):
        parts += [f"u{i}={units}", f"a{i}={activation}"]
    return "&".join(parts)


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def measure(base: str, query: str, seconds: float) -> dict:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/")                   # a fresh server: let navigation run first
            page.wait_for_selector("[data-testid=stSidebarNav]", timeout=90_000)
            page.goto(f"{base}/playground?{query}")
            page.wait_for_selector(f"{BOX} .js-plotly-plot", timeout=90_000)   # paused: plotly
            page.locator(".st-key-playground-play label").click()           # ▶ Play
            page.wait_for_selector(f"{BOX} img", timeout=60_000)
            page.evaluate(WATCH)
            page.wait_for_timeout(seconds * 1000)
            stamps = page.evaluate("() => window.__frames")
            epoch = page.evaluate("() => document.querySelector("
                                  "'[data-testid=stMetricValue]')?.innerText")
            page.locator(".st-key-playground-play label").click()           # pause
        finally:
            browser.close()
    span = (stamps[-1] - stamps[0]) / 1000 if len(stamps) > 1 else 0.0
    fps = (len(stamps) - 1) / span if span > 0 else 0.0
    gaps = sorted(b - a for a, b in zip(stamps, stamps[1:]))
    return {"frames": len(stamps), "seconds": round(span, 2), "fps": round(fps, 2),
            "longest_gap_ms": round(gaps[-1], 1) if gaps else None,
            "median_gap_ms": round(gaps[len(gaps) // 2], 1) if gaps else None,
            "epoch_at_end": epoch}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--units", type=int, default=8)
    p.add_argument("--activation", default="relu")
    p.add_argument("--points", type=int, default=500)
    p.add_argument("--dataset", default="spiral")
    p.add_argument("--url", default=None, help="an app already running (default: start one)")
    args = p.parse_args(argv)
    query = playground_query(args.layers, args.units, args.activation, args.points,
                             args.dataset)
    proc = None
    base = args.url
    if base is None:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_streamlit(port, Path(tempfile.mkdtemp(prefix="play_fps_")) / "server.log")
    try:
        wait_healthy(base, proc)
        load_before = load_average()
        result = measure(base, query, args.seconds)
    finally:
        if proc is not None:
            stop(proc)
    out = {"query": query, **result, "target_fps": TARGET_FPS,
           "met": result["fps"] >= TARGET_FPS, "load_before": load_before,
           "load_after": load_average(), "utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime())}
    print(json.dumps(out, indent=2))
    print(f"{'met   ' if out['met'] else 'MISSED'} play_fps: {result['fps']:.2f} frames/s "
          f"(target ≥ {TARGET_FPS:g}) over {result['seconds']} s, load {out['load_after']}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
