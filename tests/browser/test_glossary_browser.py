"""The glossary in real Chromium: reached from another page's sidebar link in the same language,
every row drawn, and no horizontal scrolling on a phone or a projector.

Screenshots go to /tmp/shots/locales/ (looked at by hand; not part of the assertion)."""
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ui.i18n import catalogue

ROOT = Path(__file__).resolve().parents[2]
ROWS = len(tomllib.loads((ROOT / "locales" / "glossary.toml").read_text())["term"])
SHOTS = Path("/tmp/shots/locales")
# The page's width against what it would need: the document and Streamlit's own scroller.
OVERFLOW = """() => [document.documentElement, document.querySelector("[data-testid='stMain']")]
    .filter(Boolean).map(e => e.scrollWidth - e.clientWidth)"""
CELLS = "[data-testid='stColumn'] [data-testid='stMarkdownContainer'] strong"


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 720)])
@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_glossary_fits_and_shows_every_term(page, console_errors, lang, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/glossary?lang={lang}")
    page.get_by_role("heading", name=catalogue(lang)["glossary.title"]).wait_for(timeout=30_000)
    page.locator(CELLS).nth(3 * ROWS - 1).wait_for(timeout=30_000)
    assert page.locator(CELLS).count() == 3 * ROWS
    assert page.locator("[data-testid='stException']").count() == 0
    assert max(page.evaluate(OVERFLOW)) <= 0, f"horizontal scroll at {width}px in {lang}"
    # the language header row only where the columns stand side by side (Streamlit: ≥ 640 px)
    # (expect() waits: on a busy CI the rows were once checked before the style applied)
    header = expect(page.locator(".st-key-glossary_header"))
    header.to_be_visible() if width >= 640 else header.to_be_hidden()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"glossary-{lang}-{width}x{height}.png"))


def test_sidebar_link_keeps_the_language(page, console_errors):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/compare?lang=ko")
    page.get_by_role("heading", name=catalogue("ko")["compare.title"]).wait_for(timeout=30_000)
    page.get_by_role("link", name=catalogue("ko")["glossary.link"]).click()
    page.get_by_role("heading", name=catalogue("ko")["glossary.title"]).wait_for(timeout=30_000)
    first = page.locator(CELLS).first.inner_text()
    assert first == "강의"                         # the page's own language first
