"""Hostile input only a browser can judge: the upload over server.maxUploadSize (refused by
Streamlit before our code runs) and markup in a link (is it shown as text, or run?)."""
from __future__ import annotations

import tomllib

from deploy.processes import ROOT

CHART = ".st-key-explorer_chart .js-plotly-plot"
UPLOADER = ".st-key-explorer-upload"


def test_upload_over_the_size_limit_is_refused_with_a_message(page, console_errors):
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        limit_mb = tomllib.load(f)["server"]["maxUploadSize"]
    page.goto("/")
    page.wait_for_selector(CHART)
    too_big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (limit_mb * 1024 * 1024 + 1024)
    page.locator(f"{UPLOADER} input[type=file]").set_input_files(
        {"name": "huge.png", "mimeType": "image/png", "buffer": too_big})
    # Streamlit's uploader says so itself, next to the file, in the page's language.
    page.locator(UPLOADER).get_by_text(f"{limit_mb}", exact=False).first.wait_for()
    page.locator(UPLOADER).get_by_text("huge.png").wait_for()
    assert page.locator("[data-testid=stException]").count() == 0
    page.get_by_role("slider", name="alpha").focus()          # the page still works
    # ?. : the chart is redrawn as a new element when its figure changes, so for a moment
    # there is none to read
    first_y = f"JSON.stringify(document.querySelector('{CHART}')?._fullData?.[0]?.y ?? null)"
    before = page.evaluate(f"() => {first_y}")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => {first_y} !== 'null' && {first_y} !== {before!r}")


def test_markup_in_a_link_is_shown_as_text_never_run(page, console_errors):
    page.goto("/?act=%3Cb%3Ebold%3C%2Fb%3E&alpha=%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E")
    page.wait_for_selector(CHART)
    alerts = page.locator("[data-testid=stAlert]")
    alerts.first.wait_for()
    text = " ".join(alerts.all_inner_texts())
    assert "<b>bold</b>" in text                                # the characters, as typed
    assert alerts.locator("b", has_text="bold").count() == 0    # not a <b> element
    assert alerts.locator("img").count() == 0
    assert page.evaluate("() => window.pwned") is None
