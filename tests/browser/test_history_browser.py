"""Issue 12.6, the Back button: a control change replaces the history entry (ui/browser.py),
so Back leaves the page, or goes to the previous page as it last looked."""
CHART = ".st-key-explorer_chart .js-plotly-plot"
ALPHA = ".st-key-elu-alpha input[type=range]"
# A teacher's full link, exactly as the page writes it: opening it writes nothing new. (A bare
# "/" gets one entry when the page first writes its full link: see README, ui/browser.py.)
LINK = ("/?lang=en&act=elu&x=-10%2C10&probe=1%2C+-10%2C+0%2C+15%2C+-20&seed=0&grey=luminance"
        "&alpha=1")
URL_ALPHA = "() => new URL(location.href).searchParams.get('alpha')"


def _open(page):
    page.goto("about:blank")
    page.goto(LINK)
    page.wait_for_selector(CHART, timeout=120_000)
    page.wait_for_timeout(1000)


def _move_alpha(page, times: int) -> str:
    for _ in range(times):
        before = page.evaluate(URL_ALPHA)
        page.locator(ALPHA).focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => ({URL_ALPHA})() !== {before!r}", timeout=60_000)
    return page.evaluate(URL_ALPHA)


def test_control_changes_add_no_history_entry_and_one_back_leaves(page, console_errors):
    _open(page)
    length = page.evaluate("history.length")
    assert _move_alpha(page, 3) == "1.15"
    assert page.evaluate("history.length") == length       # was + 1 per change
    page.go_back()
    page.wait_for_url("about:blank", timeout=30_000)


def test_back_from_another_page_shows_the_page_as_it_was(page, console_errors):
    _open(page)
    length = page.evaluate("history.length")
    _move_alpha(page, 2)
    page.get_by_role("link", name="Compare").click()
    page.locator(".st-key-compare_f .js-plotly-plot").wait_for(timeout=120_000)
    page.wait_for_function("() => new URL(location.href).searchParams.get('sel') !== null",
                           timeout=60_000)
    assert page.evaluate("history.length") == length + 1   # was + 2 per page switch
    page.go_back()
    page.wait_for_selector(ALPHA, timeout=120_000)
    page.wait_for_function(f"() => ({URL_ALPHA})() === '1.1'", timeout=60_000)
    assert float(page.locator(ALPHA).input_value()) == 1.1      # the slider, not only the URL
    page.go_back()
    page.wait_for_url("about:blank", timeout=30_000)
