"""Isolation: students on one server never see each other's state or results.

Two real Chromium sessions (separate browser contexts, like two laptops) open the Explorer
with different parameters and move their sliders in turn; each sees only its own values and
its own curve. Then several protocol-level sessions (bench/stclient.py, the websocket
protocol the browser speaks) rerun *concurrently*, each with its own alpha, and every answer
must be ELU with that session's alpha, checked against the registry. Shared caches are fine
(they are keyed on every parameter); shared *state* is the bug this file looks for.
"""
from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from actlib.activations import REGISTRY
from deploy.processes import free_port, start_streamlit, stop, wait_healthy
from bench.stclient import Session
from tests.app.conftest import decode

CHART = ".st-key-explorer_chart .js-plotly-plot"
SLIDER = ".st-key-elu-alpha input[type=range]"
F_OF_X = f"""() => {{
    const el = document.querySelector('{CHART}');
    if (!el || !el._fullData) return null;
    const t = el._fullData[0];
    return [Array.from(t.x), Array.from(t.y)];
}}"""


def remember(page) -> None:
    page.evaluate(f"() => {{ window.__curve = JSON.stringify(({F_OF_X})()); }}")


def wait_changed(page) -> None:
    page.wait_for_function(f"() => JSON.stringify(({F_OF_X})()) !== window.__curve")


def open_explorer(browser, app_url: str, alpha: str):
    context = browser.new_context(base_url=app_url, viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    page.goto(f"/?act=elu&alpha={alpha}")
    page.wait_for_function(f"() => ({F_OF_X})() !== null", timeout=30_000)
    return context, page


def assert_elu(curve, alpha: float) -> None:
    x, y = (np.asarray(v, dtype=np.float64) for v in curve)
    want = REGISTRY["elu"].fn(x, alpha=alpha)
    np.testing.assert_allclose(y, want, rtol=1e-5, atol=1e-5)    # float32 on the wire


def test_two_browsers_move_their_own_sliders_only(browser, app_url):
    (ctx_a, a), (ctx_b, b) = open_explorer(browser, app_url, "0.3"), \
        open_explorer(browser, app_url, "2")
    try:
        assert_elu(a.evaluate(F_OF_X), 0.3)
        assert_elu(b.evaluate(F_OF_X), 2.0)
        for _ in range(2):                       # A moves twice, B once; nothing crosses over
            before_b = b.evaluate(F_OF_X)
            remember(a)
            a.locator(SLIDER).focus()
            a.keyboard.press("ArrowRight")
            wait_changed(a)
            alpha_a = float(a.locator(SLIDER).input_value())
            assert_elu(a.evaluate(F_OF_X), alpha_a)
            b.wait_for_timeout(300)              # time for a leak to show up, were there one
            assert b.evaluate(F_OF_X) == before_b
            assert b.locator(SLIDER).input_value() == "2"
            a.wait_for_function(f"() => new URL(location.href).searchParams.get('alpha') "
                                f"=== '{alpha_a:g}'")     # the URL is synced at the run's end
            assert "alpha=2&" in b.url + "&"
        before_a = a.evaluate(F_OF_X)
        remember(b)
        b.locator(SLIDER).focus()
        b.keyboard.press("ArrowLeft")
        wait_changed(b)
        assert_elu(b.evaluate(F_OF_X), float(b.locator(SLIDER).input_value()))
        a.wait_for_timeout(300)
        assert a.evaluate(F_OF_X) == before_a
    finally:
        ctx_a.close()
        ctx_b.close()


def test_concurrent_protocol_sessions_each_get_their_own_curve(app_url):
    alphas = [0.1, 0.45, 0.8, 1.25, 1.7, 2.35]

    async def student(alpha: float, other: float) -> list[float]:
        session = Session(app_url, query=f"act=elu&alpha={alpha:g}")
        seen = []
        try:
            run = await session.connect(timeout=60)
            assert run.status == "ok" and not run.exceptions, run
            for value in (alpha, other, alpha):          # everyone moves at the same time
                session.set_slider("elu.alpha", value)
                run = await session.rerun(timeout=60)
                assert run.status == "ok" and not run.exceptions, run
                trace = json.loads(session.charts()["explorer_chart"])["data"][0]
                x, y = decode(trace["x"]).astype(np.float64), decode(trace["y"])
                np.testing.assert_allclose(y, REGISTRY["elu"].fn(x, alpha=value),
                                           rtol=1e-5, atol=1e-5)
                seen.append(session.slider_value("elu.alpha")[0])
        finally:
            await session.close()
        return seen

    async def everyone():
        return await asyncio.gather(*(student(a, alphas[(i + 3) % len(alphas)])
                                      for i, a in enumerate(alphas)))

    with ThreadPoolExecutor(1) as pool:      # pytest-playwright owns this thread's event loop
        results = pool.submit(asyncio.run, everyone()).result()
    for alpha, seen in zip(alphas, results):
        assert seen == [alpha, alphas[(alphas.index(alpha) + 3) % len(alphas)], alpha]


COLD_CLASS, COLD_STARTS = 20, 3    # students opening a fresh server's link at once; tries


async def _open_all(base: str, n: int):
    sessions = [Session(base, query="act=elu") for _ in range(n)]
    try:
        return await asyncio.gather(*(s.connect(timeout=120) for s in sessions))
    finally:
        await asyncio.gather(*(s.close() for s in sessions))


def test_a_class_opening_a_cold_server_at_once_sees_no_exception(tmp_path):
    """A race: it shows in most cold starts, so try a few before calling the server clean."""
    for attempt in range(COLD_STARTS):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_streamlit(port, tmp_path / f"server{attempt}.log")
        try:
            wait_healthy(base, proc)
            with ThreadPoolExecutor(1) as pool:   # pytest-playwright may own this thread's loop
                runs = pool.submit(asyncio.run, _open_all(base, COLD_CLASS)).result()
        finally:
            stop(proc)
        problems = [(r.status, r.exceptions) for r in runs if r.status != "ok"
                    or any("page not found" not in e for e in r.exceptions)]
        assert problems == [], f"cold start {attempt + 1}: {problems[:3]}"
