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
