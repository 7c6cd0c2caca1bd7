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


def _jpeg_photo() -> bytes:
    """A small colour JPEG unlike the bundled cat (a diagonal gradient)."""
    import io

    import numpy as np
    from PIL import Image
    a = (np.add.outer(np.arange(60), np.arange(80)) * 2).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(np.stack([a, 255 - a, a // 2], axis=-1)).save(buf, "JPEG")
    return buf.getvalue()


PHOTO_BEFORE = ("() => document.querySelector('.st-key-explorer_photo_before .js-plotly-plot')"
                "?.data?.[0]?.source ?? null")


def test_a_bad_upload_after_a_good_one_keeps_showing_the_good_one(page, console_errors):
    """Issue 12.3. In a browser, choosing a second file first removes the first one (a rerun
    with no upload at all), then sends the new file: a bad second file must still leave the
    first upload on screen, as the message says."""
    page.goto("/")
    page.wait_for_selector(CHART, timeout=90_000)
    page.wait_for_function(f"() => ({PHOTO_BEFORE})() !== null", timeout=90_000)
    cat = page.evaluate(PHOTO_BEFORE)
    files = page.locator(f"{UPLOADER} input[type=file]")
    files.set_input_files({"name": "photo.jpg", "mimeType": "image/jpeg",
                           "buffer": _jpeg_photo()})
    page.wait_for_function(f"() => ![null, {cat!r}].includes(({PHOTO_BEFORE})())",
                           timeout=60_000)
    mine = page.evaluate(PHOTO_BEFORE)
    files.set_input_files({"name": "fake.png", "mimeType": "image/png",
                           "buffer": b"this is a text file, not a picture\n" * 20})
    page.locator("[data-testid=stAlert]", has_text="fake.png").wait_for(timeout=60_000)
    try:           # the empty rerun between the two files draws the cat for a moment
        page.wait_for_function(f"() => ({PHOTO_BEFORE})() === {mine!r}", timeout=30_000)
    except Exception:
        shown = page.evaluate(PHOTO_BEFORE)
        raise AssertionError("the bundled photo came back" if shown == cat else
                             f"another picture is shown ({len(shown or '')} characters)")
    page.locator("[data-testid=stCaptionContainer]", has_text="photo.jpg").wait_for(
        timeout=60_000)                                  # and says which picture it kept
    assert page.locator("[data-testid=stException]").count() == 0
