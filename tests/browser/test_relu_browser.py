"""ReLU approximation in real Chromium: opens with the course run drawn, retrains on new
seeds and a new target through the form, no console errors."""
import json

SEED_LINES = """() => {
  const el = document.querySelector('.st-key-relu_fits .js-plotly-plot');
  if (!el || !el._fullData) return null;
  return el._fullData.filter(d => d.opacity === 0.25 && (d.xaxis || 'x') === 'x').length;
}"""
TARGET_AT_MINUS_10 = """() => {
  const el = document.querySelector('.st-key-relu_fits .js-plotly-plot');
  if (!el || !el._fullData) return null;
  const clean = el._fullData.find(d => d.line && d.line.dash === 'dash');
  return clean ? clean.y[0] : null;
}"""


def open_relu_page(page):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto("/")
    page.locator(".st-key-explorer_chart .js-plotly-plot").wait_for(timeout=30_000)
    page.get_by_role("link", name="ReLU approximation", exact=True).click()
    page.wait_for_function(f"() => ({SEED_LINES})() === 8", timeout=120_000)


def wait_until(page, script: str, value, timeout=120_000):
    page.wait_for_function(f"() => JSON.stringify(({script})()) === {json.dumps(json.dumps(value))}",
                           timeout=timeout)


def test_opens_run_then_retrains_on_new_seeds_and_target(page, console_errors):
    open_relu_page(page)
    assert page.locator("[data-testid='stException']").count() == 0
    for key in ("relu_hinges", "relu_loss", "relu_mse", "relu_dead", "relu_yarotsky", "relu_sweep"):
        page.locator(f".st-key-{key} .js-plotly-plot").wait_for(timeout=60_000)
    assert page.evaluate(TARGET_AT_MINUS_10) == 100          # y = x² at x = −10

    # fewer epochs and seeds: type, slide, press Train
    epochs = page.locator(".st-key-relu-epochs input")
    epochs.fill("10")
    slider = page.locator(".st-key-relu-seeds input[type=range]")
    slider.focus()
    page.keyboard.press("Home")                               # 1 seed
    page.keyboard.press("ArrowRight")                         # 2 seeds
    page.locator(".st-key-relu-train button").click()
    wait_until(page, SEED_LINES, 2)
    page.wait_for_url(lambda u: "seeds=2" in u and "epochs=10" in u, timeout=120_000)

    # switch the target to |x|
    page.locator(".st-key-relu-target").click()
    page.get_by_role("option", name="y = |x|").click()
    page.locator(".st-key-relu-train button").click()
    wait_until(page, TARGET_AT_MINUS_10, 10)                  # |−10| = 10
    page.wait_for_url(lambda u: "target=abs" in u, timeout=120_000)
    assert page.locator("[data-testid='stException']").count() == 0
