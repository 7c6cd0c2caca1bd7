"""The Compare page in real Chromium: reached from the sidebar, drawn, redrawn by the keyboard."""
import re

CHART = ".st-key-{key} .js-plotly-plot"
OVERLAY_NAMES = ("() => Array.from(document.querySelector('.st-key-compare_f .js-plotly-plot')"
                 "?._fullData ?? []).map(t => t.name)")
# how many layers the flow chart's sigmoid median line has (null until it is drawn)
SIGMOID_LAYERS = ("() => { const el = document.querySelector('.st-key-compare_flow .js-plotly-plot');"
                  " const t = el?._fullData?.find(t => t.name === 'Sigmoid' && t.xaxis === 'x'"
                  " && t.fill !== 'toself'); return t ? t.y.length : null; }")


def _open_compare(page):
    page.goto("/")
    page.locator(CHART.format(key="explorer_chart")).wait_for(timeout=30_000)
    page.get_by_role("link", name="Compare", exact=True).click()
    page.wait_for_function(f"() => ({SIGMOID_LAYERS})() !== null", timeout=30_000)


def test_sidebar_link_opens_compare_with_every_chart_drawn(page, console_errors):
    _open_compare(page)
    assert re.search(r"/compare", page.url)
    for key in ("compare_f", "compare_df", "compare_grid", "compare_flow"):
        page.locator(CHART.format(key=key)).wait_for(timeout=30_000)
    assert page.evaluate(OVERLAY_NAMES) == ["Binary step", "Linear", "Sigmoid", "Tanh", "ReLU",
                                            "Leaky ReLU", "PReLU", "ELU"]
    assert page.evaluate(SIGMOID_LAYERS) == 20
    assert page.locator("[data-testid='stException']").count() == 0


def test_depth_slider_moved_by_keyboard_redraws_the_flow_chart(page, console_errors):
    _open_compare(page)
    slider = page.locator(".st-key-compare-depth input[type=range]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({SIGMOID_LAYERS})() === 21", timeout=15_000)
    page.keyboard.press("Home")
    page.wait_for_function(f"() => ({SIGMOID_LAYERS})() === 1", timeout=15_000)
    page.wait_for_function("() => new URLSearchParams(location.search).get('depth') === '1'",
                           timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0
