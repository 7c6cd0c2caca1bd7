"""Every page with the keyboard alone, and on a phone (390×844), in real Chromium.

Keyboard: Tab reaches every control of the page (each visible input, button, link and
focusable widget part, sidebar included; in a closed expander its header, and Enter opens
it to the controls inside), a slider moves with the arrow keys, and the
Train button and the Calculus page's button work with Enter.
Phone: no horizontal scrolling (the document and Streamlit's own scrolling container), every
chart inside the viewport, every chart title inside its chart. Screenshots of each page go to
/tmp/shots/present/ (looked at by hand; not asserted).
"""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path("/tmp/shots/present")
PAGES = re.findall(r'\("views/(\w+)\.py", "([\w-]*)"', (ROOT / "app.py").read_text())
PATHS = [("/" if i == 0 else f"/{path}") for i, (_, path) in enumerate(PAGES)]
CHARTLESS = {"/glossary"}

CONTROLS = """() => {
  const all = [...document.querySelectorAll('input, button, select, textarea, summary, a[href], [tabindex]')];
  // inside a closed expander only its summary is in the tab order (Enter opens it)
  const folded = el => { const d = el.closest('details:not([open])');
                         return d && !(el.tagName === 'SUMMARY' && el.parentElement === d); };
  const controls = all.filter(el => el.tabIndex >= 0 && !el.disabled && !folded(el)
      && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
      && !el.closest('header, [data-testid=stToolbar], [data-testid=stDecoration]'));
  controls.forEach((el, i) => el.dataset.kbd = String(i));
  return controls.map(el => (el.getAttribute('aria-label') || el.innerText || el.tagName).slice(0, 40));
}"""


def _open(page, path):
    page.goto(path)
    page.locator("h1").first.wait_for(timeout=60_000)
    if path.split("?")[0] not in CHARTLESS:
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=120_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')",
                           timeout=120_000)                       # the run has finished
    page.wait_for_timeout(800)
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("path", PATHS)
def test_tab_reaches_every_control(page, console_errors, path):
    page.set_viewport_size({"width": 1440, "height": 900})
    _open(page, path)
    names = page.evaluate(CONTROLS)
    assert names, "no controls found"
    page.locator("body").focus()
    reached = set()
    for _ in range(3 * len(names) + 20):
        page.keyboard.press("Tab")
        mark = page.evaluate("() => document.activeElement?.dataset?.kbd ?? null")
        if mark is not None:
            reached.add(int(mark))
        if len(reached) == len(names):
            break
    missing = [names[i] for i in range(len(names)) if i not in reached]
    assert missing == [], f"{path}: Tab never reaches {missing}"


@pytest.mark.parametrize("path", [p for p in PATHS if p not in CHARTLESS])
def test_a_slider_moves_with_the_arrow_keys(page, console_errors, path):
    _open(page, path)
    slider = page.locator("[data-testid=stMain] input[type=range]").first
    before = slider.input_value()
    slider.focus()
    page.keyboard.press("ArrowRight")
    if slider.input_value() == before:                 # already at its maximum
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
    assert slider.input_value() != before
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stException']").count() == 0


def test_train_with_the_keyboard_on_the_relu_page(page, console_errors):
    _open(page, "/relu")
    page.locator(".st-key-relu-seeds input[type=range]").focus()
    page.keyboard.press("ArrowLeft")                    # 8 → 7 seeds, inside the form
    button = page.locator(".st-key-relu-train button")
    for _ in range(30):                                 # Tab on to the Train button
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.st-key-relu-train')"):
            break
    assert page.evaluate("() => !!document.activeElement.closest('.st-key-relu-train')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('seeds=7')", timeout=120_000)
    assert button.is_visible()


def test_enter_presses_the_calculus_button(page, console_errors):
    _open(page, "/calculus")
    logits = page.locator(".st-key-calculus-logits input")
    before = logits.input_value()
    page.locator(".st-key-calculus-try_large button").first.focus()    # its help adds a twin
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('.st-key-calculus-logits input').value "
                           f"!== {before!r}", timeout=30_000)


WIDTHS = """() => {
  const vw = window.innerWidth;
  const scrollers = [document.documentElement, document.querySelector('[data-testid=stMain]'),
                     document.querySelector('[data-testid=stAppViewContainer]')].filter(Boolean);
  const charts = [...document.querySelectorAll('.js-plotly-plot')].map(el => {
    const box = el.getBoundingClientRect();
    const svg = el.querySelector('.main-svg');
    const frame = svg ? svg.getBoundingClientRect() : box;
    const cut = [...el.querySelectorAll('.gtitle, .annotation-text, .legendtext')].filter(t => {
      const b = t.getBoundingClientRect();
      return b.width > 0 && (b.left < frame.left - 1 || b.right > frame.right + 1);
    }).map(t => t.textContent.slice(0, 40));
    const key = [...el.closest('[class*=st-key-]')?.classList ?? []].find(c => c.startsWith('st-key-'));
    return {key, left: box.left, right: box.right, width: box.width, cut};
  });
  return {vw, overflow: scrollers.map(s => s.scrollWidth - s.clientWidth), charts};
}"""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", PATHS)
def test_phone_has_no_horizontal_scrolling_and_charts_fit(browser, app_url, path, lang):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                is_mobile=True, base_url=app_url)
    try:
        page = phone.new_page()
        _open(page, f"{path}?lang={lang}")
        main = page.locator("[data-testid=stMain]")
        height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
        for y in range(0, height, 700):                 # let every chart draw (lazy below the fold)
            main.evaluate(f"el => el.scrollTo(0, {y})")
            page.wait_for_timeout(150)
        page.wait_for_timeout(800)
        got = page.evaluate(WIDTHS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 390, "height": min(max(height, 844), 16000)})
        page.wait_for_timeout(1200)
        page.screenshot(path=str(SHOTS / f"phone{path.replace('/', '_') or '_'}_{lang}.png"))
        assert got["overflow"] and max(got["overflow"]) <= 0, got["overflow"]
        wide = [c for c in got["charts"] if c["width"] > got["vw"] or c["right"] > got["vw"] + 0.5
                or c["left"] < -0.5]
        assert wide == [], wide
        cut = [(c["key"], c["cut"]) for c in got["charts"] if c["cut"]]
        assert cut == [], cut
    finally:
        phone.close()


def test_enter_opens_an_expander_and_tab_reaches_its_slider(page, console_errors):
    _open(page, "/compare")
    summary = page.locator("[data-testid=stMain] details summary").first
    summary.focus()
    page.keyboard.press("Enter")
    slider = page.locator("[data-testid=stMain] details[open] input[type=range]").first
    slider.wait_for(timeout=15_000)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type === 'range'"):
            break
    before = slider.input_value()
    page.keyboard.press("ArrowRight")
    assert slider.input_value() != before


def test_phone_shows_the_playgrounds_picture_before_its_data_settings(phone):
    """Columns stack on a phone; the Playground's picture must not sit below every setting."""
    _open(phone, "/playground?lang=ja")
    picture = phone.locator(".st-key-playground_heatmap").first
    data_set = phone.locator(".st-key-playground-dataset").first
    picture.wait_for(timeout=30_000)
    assert picture.bounding_box()["y"] < data_set.bounding_box()["y"]


def test_phone_keeps_each_compare_header_on_one_line(phone):
    """Side by side on a phone: the numbers' headers ("テスト正解率") are one line each, not
    a letter a line, and the table fits the screen."""
    _open(phone, "/playground?lang=ja&data=spiral&layers=1&u1=4&a1=sigmoid&cmp=act&cmp_to=relu")
    table = phone.locator(".st-key-playground_pair_metrics table").first
    table.wait_for(timeout=30_000)
    heights = phone.evaluate("""() => [...document.querySelectorAll(
        '.st-key-playground_pair_metrics th')].map(th => th.getBoundingClientRect().height)""")
    cells = phone.evaluate("""() => document.querySelector(
        '.st-key-playground_pair_metrics td').getBoundingClientRect().height""")
    assert len(heights) == 5 and max(heights) <= 1.5 * cells
    assert table.bounding_box()["x"] + table.bounding_box()["width"] <= 390
