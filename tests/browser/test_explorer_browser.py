"""The Explorer in real Chromium: drawn on open, redrawn by the keyboard, in Korean, within budget."""
import json
import re

CHART = ".st-key-explorer_chart .js-plotly-plot"
FIRST_Y = f"() => document.querySelector('{CHART}')?._fullData?.[0]?.y?.[0] ?? null"


def _wait_for_chart(page):
    page.wait_for_function(f"() => ({FIRST_Y})() !== null", timeout=30_000)


def _chart_changes_after(page, action):
    before = json.dumps(page.evaluate(FIRST_Y))
    action()
    page.wait_for_function(f"() => JSON.stringify(({FIRST_Y})()) !== {json.dumps(before)}",
                           timeout=15_000)


def test_opens_drawn_and_alpha_slider_redraws(page, console_errors):
    page.goto("/")
    _wait_for_chart(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.evaluate(FIRST_Y) < 0                 # ELU(−10) with alpha 1 is −(1 − e⁻¹⁰)
    slider = page.locator(".st-key-elu-alpha input[type=range]")
    slider.focus()
    _chart_changes_after(page, lambda: page.keyboard.press("ArrowRight"))
    assert page.evaluate(FIRST_Y) < -1.0              # alpha grew above 1


def test_every_image_and_histogram_is_drawn(page, console_errors):
    page.goto("/")
    _wait_for_chart(page)
    for key in ("explorer_hist", "explorer_photo_before", "explorer_photo_after"):
        page.locator(f".st-key-{key} .js-plotly-plot").wait_for(timeout=30_000)


def test_korean_headings(page, console_errors):
    page.goto("/?lang=ko")
    _wait_for_chart(page)
    heading = page.locator("h1").first.inner_text()
    assert re.search(r"[\uac00-\ud7a3]", heading), heading
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "탐색기" in sidebar or re.search(r"[\uac00-\ud7a3]", sidebar), sidebar


def test_bytes_per_slider_move_within_budget(page, console_errors):
    """What a slider move sends to the browser (websocket frames), ≤ 150 KB (issue budget)."""
    received = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: received.append(len(payload))))
    page.goto("/")
    _wait_for_chart(page)
    page.wait_for_timeout(1500)                       # let the first render finish arriving
    received.clear()
    slider = page.locator(".st-key-elu-alpha input[type=range]")
    slider.focus()
    _chart_changes_after(page, lambda: page.keyboard.press("ArrowRight"))
    page.wait_for_timeout(1500)                       # and the rest of that rerun
    total = sum(received)
    print(f"bytes per Explorer slider move: {total}")
    assert 1_000 < total <= 150_000, total


def test_switching_activation_rewrites_the_url_and_keeps_the_rest_of_the_page(page,
                                                                               console_errors):
    """The controls live in an st.fragment (views/explorer.py): a switch reruns only that part,
    which must still rewrite the address bar (the new activation's parameters, none of the
    old one's) and leave the page's other sections where they were."""
    page.goto("/?act=softplus&beta=2&threshold=15")
    _wait_for_chart(page)
    page.wait_for_function("() => new URL(location.href).searchParams.get('beta') === '2'")
    page.locator(".st-key-explorer-act input").click()
    page.get_by_role("option", name="ELU", exact=True).click(timeout=10_000)
    page.locator(".st-key-elu-alpha input[type=range]").wait_for(timeout=15_000)
    page.wait_for_function("() => new URL(location.href).searchParams.get('act') === 'elu'")
    params = page.evaluate("() => Object.fromEntries(new URL(location.href).searchParams)")
    assert params.get("alpha") == "1" and "beta" not in params and "threshold" not in params
    for key in ("explorer_hist", "explorer_photo_before", "explorer_photo_after"):
        page.locator(f".st-key-{key} .js-plotly-plot").wait_for(timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_slider_move_redraws_only_what_follows_the_parameters(app_url):
    """Protocol level, as the browser sends it: moving alpha reruns the Explorer's fragment,
    whose answer is the chart, histogram and photo after for the new alpha — not the headings,
    the inputs or the unchanged photo before, which is what keeps a class's slider moves cheap
    (docs/operations.md, "A whole class at once")."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from actlib.activations import REGISTRY
    from bench.stclient import Session
    from tests.app.conftest import decode

    async def move() -> tuple[set, dict, list]:
        session = Session(app_url, query="act=elu")
        try:
            assert (await session.connect(timeout=60)).status == "ok"
            assert session.fragment_of["elu.alpha"], "alpha is not inside a fragment"
            session.set_slider("elu.alpha", 0.4)
            run = await session.rerun(timeout=60)
            assert run.status == "ok" and not run.exceptions, run
            kinds = {etype for etype, _ in session.elements}
            return kinds, session.charts(), session.texts()
        finally:
            await session.close()

    with ThreadPoolExecutor(1) as pool:      # pytest-playwright owns this thread's event loop
        kinds, charts, texts = pool.submit(asyncio.run, move()).result()
    assert set(charts) == {"explorer_chart", "explorer_hist", "explorer_photo_after"}
    assert not kinds & {"file_uploader", "text_input", "number_input", "radio", "heading"}
    trace = json.loads(charts["explorer_chart"])["data"][0]
    x, y = decode(trace["x"]), decode(trace["y"])
    np.testing.assert_allclose(y, REGISTRY["elu"].fn(x.astype(np.float64), alpha=0.4),
                               rtol=1e-5, atol=1e-5)
    assert any(text.startswith("| x | f(x) | f′(x) |") for text in texts)   # probe table
