"""The Playground in real Chromium: Play runs frames (the heatmap changes and the epoch counter
advances), Pause stops them, and the address bar then restores that paused run exactly."""
import json
import time

# the output picture: an <img> while playing, plotly's image trace when paused
HEATMAP = ("() => { const box = document.querySelector('.st-key-playground_heatmap');"
           " if (!box) return null; const img = box.querySelector('img');"
           " if (img && img.src.startsWith('data:')) return img.src;"
           " const el = box.querySelector('.js-plotly-plot');"
           " return el && el._fullData && el._fullData[0] ? el._fullData[0].source : null; }")
EPOCH = ("() => { const m = document.querySelector('[data-testid=stMetricValue]');"
         " return m ? parseInt(m.innerText.replace(/,/g, '')) : null; }")


def _open(page, query=""):
    """Via the sidebar link, as a student does (a first deep link to a fresh server can land
    before st.navigation has run; see test_gates_browser)."""
    page.goto("/" + query)
    page.get_by_role("link", name="Playground").click(timeout=60_000)
    page.wait_for_function(f"() => ({HEATMAP})() !== null && ({EPOCH})() !== null",
                           timeout=90_000)                     # both drawn: CI saw one first


def _play_button(page):
    return page.locator(".st-key-playground-play label")            # the ▶ Play switch


def test_play_pause_and_the_link_restores_the_paused_run(page, console_errors):
    _open(page)
    assert page.evaluate(EPOCH) == 0
    first = page.evaluate(HEATMAP)
    _play_button(page).click()
    page.wait_for_function(f"() => ({EPOCH})() >= 3", timeout=60_000)
    page.wait_for_function(f"() => ({HEATMAP})() !== {json.dumps(first)}", timeout=60_000)
    _play_button(page).click()                                   # pause
    assert not page.locator(".st-key-playground-play input[type=checkbox]").is_checked()
    page.wait_for_function("() => location.search.includes('play=0')", timeout=60_000)
    time.sleep(1.5)                                              # a frame in flight may land
    paused = page.evaluate(EPOCH)
    time.sleep(2.0)
    assert page.evaluate(EPOCH) == paused > 0                    # no frames while paused
    page.wait_for_function(f"() => location.search.includes('epoch={paused}')",
                           timeout=60_000)
    picture = page.evaluate(HEATMAP)
    link = page.url

    other = page.context.new_page()
    other.goto(link)
    other.wait_for_function(f"() => ({EPOCH})() === {paused}", timeout=90_000)
    other.wait_for_function(f"() => ({HEATMAP})() !== null", timeout=60_000)
    assert other.evaluate(HEATMAP) == picture
    time.sleep(1.0)
    assert other.evaluate(EPOCH) == paused                       # restored paused, not playing
    other.close()


def test_the_training_bar_keeps_its_words_whole_on_a_laptop(browser, app_url):
    """At 1280 × 720 the five training settings did not fit one row and "Regularisation"
    broke inside the word; a column is now never narrower than that word (the bar wraps)."""
    laptop = browser.new_context(viewport={"width": 1280, "height": 720},
                                 base_url=app_url)
    try:
        page = laptop.new_page()
        _open(page, "?lang=en")
        heights = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
            '.st-key-playground_training_bar [data-testid=stWidgetLabel]')].map(
            l => [l.innerText.trim(), l.getBoundingClientRect().height]))""")
        assert heights["Regularisation"] == heights["Optimiser"] == heights["Batch size"]
    finally:
        laptop.close()
