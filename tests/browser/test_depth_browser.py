"""Depth page in real Chromium, as a student meets it: reached from the sidebar with every
section drawn, a slider that redraws the sawtooth and the URL, the one-click 30-layer run,
and a teacher's Korean deep link. No console errors."""

POINTS = """() => {
  const el = document.querySelector('.st-key-depth_saw .js-plotly-plot');
  return el && el._fullData ? el._fullData[0].x.length : null;
}"""
CHARTS = ("depth_saw", "depth_width", "depth_regions", "depth_breaks", "depth_dead",
          "depth_hist_act", "depth_hist_grad", "depth_var")


def test_from_the_sidebar_every_section_then_a_slider_and_the_training_button(page, console_errors):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/")
    page.locator(".st-key-explorer_chart .js-plotly-plot").wait_for(timeout=60_000)
    page.get_by_role("link", name="Depth", exact=True).click()
    for key in CHARTS:
        page.locator(f".st-key-{key} .js-plotly-plot").wait_for(timeout=180_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.wait_for_function(f"() => ({POINTS})() === 17", timeout=60_000)   # 2^4 pieces
    page.get_by_text("Width 2 is dead with probability").wait_for(timeout=60_000)

    slider = page.locator(".st-key-depth-k input[type=range]")
    slider.focus()
    page.keyboard.press("ArrowRight")                                      # k = 5
    page.wait_for_function(f"() => ({POINTS})() === 33", timeout=120_000)
    page.wait_for_url(lambda u: "k=5" in u, timeout=60_000)

    page.locator(".st-key-depth-s_train button").click()
    page.locator(".st-key-depth_train .js-plotly-plot").wait_for(timeout=180_000)
    page.get_by_text("After training, MSE").wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_korean_deep_link_opens_that_view(page, console_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/depth?lang=ko&k=3&sdepth=6")
    page.get_by_role("heading", name="깊이와 초기화").wait_for(timeout=120_000)
    page.wait_for_function(f"() => ({POINTS})() === 9", timeout=180_000)   # 2^3 pieces
    page.locator(".st-key-depth_var .js-plotly-plot").wait_for(timeout=180_000)
    assert page.locator("[data-testid='stException']").count() == 0
