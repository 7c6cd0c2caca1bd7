"""The Calculus page in real Chromium: drawn on open, each kind of control redraws a chart
(keyboard on sliders, clicks on radios and buttons, typing into the logits), Japanese from
?lang=ja, no console errors (the console_errors fixture fails the test on any)."""
import json
import re

PLOT = ".st-key-{key} .js-plotly-plot"


def _first(key: str, trace: int = 0, axis: str = "y", index: int = 0) -> str:
    """JS returning one decoded value of a chart (null until the chart is drawn)."""
    return (f"() => {{ const v = document.querySelector('{PLOT.format(key=key)}')"
            f"?._fullData?.[{trace}]?.{axis}?.[{index}]; return v === undefined ? null : v; }}")


def _wait_drawn(page, key: str, trace: int = 0):
    page.wait_for_function(f"() => ({_first(key, trace)})() !== null", timeout=45_000)


def _changes(page, probe: str, action) -> tuple:
    before = page.evaluate(probe)
    action()
    page.wait_for_function(f"() => JSON.stringify(({probe})()) !== {json.dumps(json.dumps(before))}",
                           timeout=20_000)
    return before, page.evaluate(probe)


def _open(page, query: str = ""):
    page.goto("/calculus" + query)
    _wait_drawn(page, "calculus_derivative")
    assert page.locator("[data-testid='stException']").count() == 0


def test_opens_with_every_chart_drawn(page, console_errors):
    _open(page)
    for key in ("calculus_error", "calculus_collapse", "calculus_softmax", "calculus_overflow"):
        page.locator(PLOT.format(key=key)).wait_for(state="attached", timeout=30_000)
    # The error chart has its three schemes (plus their best-h stars).
    n = page.evaluate(f"() => document.querySelector('{PLOT.format(key='calculus_error')}')"
                      "._fullData.length")
    assert n == 6


def test_h_slider_by_keyboard_redraws_the_numerical_derivative(page, console_errors):
    _open(page)
    probe = _first("calculus_derivative", trace=0, index=500)     # numerical f' at x = 0
    slider = page.locator(".st-key-calculus-log_h input[type=range]")
    slider.focus()
    page.keyboard.press("End")                                     # h = 0.1
    page.wait_for_function(f"() => Math.abs(({probe})() - 0.2498) < 1e-3", timeout=20_000)
    before, after = _changes(page, probe, lambda: page.keyboard.press("ArrowLeft"))
    assert abs(after - 0.25) < abs(before - 0.25)                  # smaller h, closer to σ'(0)


def test_scheme_radio_click_redraws(page, console_errors):
    _open(page, "?log_h=-1")
    probe = _first("calculus_derivative", trace=0, index=200)     # x = −3
    page.wait_for_function(f"() => ({probe})() !== null")
    scheme = page.get_by_role("radiogroup", name="Finite difference")
    _changes(page, probe, lambda: scheme.get_by_text("(f(x+h) − f(x−h)) / 2h").click())
    # central difference at h = 0.1 is within 1e-3 of σ'(−3) = 0.04518
    page.wait_for_function(f"() => Math.abs(({probe})() - 0.045177) < 1e-3", timeout=20_000)


def test_layers_slider_and_activation_select_redraw_the_grid(page, console_errors):
    _open(page)
    key = "calculus_collapse"
    page.locator(PLOT.format(key=key)).wait_for(state="attached", timeout=30_000)
    probe = _first(key, trace=2, axis="x", index=3)     # the stack panel's rows
    page.locator(".st-key-calculus-layers input[type=range]").focus()
    _changes(page, probe, lambda: page.keyboard.press("ArrowRight"))
    page.locator(".st-key-calculus-between input").click()
    page.get_by_role("option", name="ReLU", exact=True).click(timeout=10_000)
    page.wait_for_function("() => document.body.innerText.includes('With ReLU between')",
                           timeout=20_000)


def test_typing_logits_and_the_huge_logits_button(page, console_errors):
    _open(page)
    key = "calculus_softmax"
    page.locator(PLOT.format(key=key)).wait_for(state="attached", timeout=30_000)
    probe = (f"() => {{ const y = document.querySelector('{PLOT.format(key=key)}')"
             "?._fullData?.[0]?.y; return y ? Array.from(y) : null; }")
    box = page.locator(".st-key-calculus-logits input")
    box.fill("0, 0, 0, 0")
    box.press("Enter")
    page.wait_for_function(f"() => ({probe})()?.length === 4", timeout=20_000)
    assert all(abs(p - 0.25) < 1e-9 for p in page.evaluate(probe))
    page.locator(".st-key-calculus-try_large button").first.click()    # its help adds a twin
    page.wait_for_function(f"() => ({probe})()?.length === 3", timeout=20_000)
    after = page.evaluate(probe)
    assert abs(sum(after) - 1) < 1e-9 and after[2] > after[1] > after[0] > 0
    assert "NaN" in " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())


def test_dtype_radio_moves_the_nan_onset(page, console_errors):
    _open(page)
    key = "calculus_overflow"
    page.locator(PLOT.format(key=key)).wait_for(state="attached", timeout=30_000)
    # x = −100 is index 900 of the 2001-point grid on [−1000, 1000]
    probe = (f"() => {{ const v = document.querySelector('{PLOT.format(key=key)}')"
             "._fullData[1].y[900]; return Number.isNaN(v) ? 'NaN' : v; }")
    assert page.evaluate(probe) == -1
    page.get_by_text("float32", exact=True).click()
    page.wait_for_function(f"() => ({probe})() === 'NaN'", timeout=20_000)
    assert "88.7228" in page.locator("body").inner_text()


def test_japanese_from_the_url(page, console_errors):
    _open(page, "?lang=ja")
    heading = page.locator("h1").first.inner_text()
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", heading), heading
    body = page.locator("body").inner_text()
    assert "打ち切り誤差" in body and "Numerical vs analytic" not in body


def test_overflow_table_shows_all_its_rows_without_an_inner_scroll(page, console_errors):
    _open(page)
    grid = page.locator("[data-testid='stDataFrame']").last
    grid.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector(\"[data-testid='stDataFrame'] .dvn-scroller\")")
    sizes = page.evaluate("""() => { const s = [...document.querySelectorAll(
        "[data-testid='stDataFrame'] .dvn-scroller")].pop();
        return [s.scrollHeight, s.clientHeight]; }""")
    assert sizes[0] <= sizes[1] + 1, sizes          # x = 1000, the 11th row, is not hidden


def test_huge_logits_button_label_is_not_cut_in_any_language(page, console_errors):
    for size in ({"width": 1280, "height": 720}, {"width": 1440, "height": 900},
                 {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        for lang in ("en", "ko", "ja"):
            _open(page, f"?lang={lang}")
            label = page.locator(".st-key-calculus-try_large button [class*='stMarkdownEllipsis']")
            label = label.first
            label.wait_for(state="attached")
            widths = label.evaluate("e => [e.scrollWidth, e.clientWidth, e.textContent]")
            assert widths[0] <= widths[1], (size, lang, widths)   # no "Try huge logits: 1000, 1001, 1…"
