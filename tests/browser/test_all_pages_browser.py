"""Every page in real Chromium, reached through the sidebar: a chart, no exception box."""
import ast
from pathlib import Path

import pytest

from ui.i18n import catalogue

ROOT = Path(__file__).resolve().parents[2]


def nav_titles() -> list[str]:
    tree = ast.parse((ROOT / "app.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGES":
            return [catalogue("en")[elt.elts[2].value] for elt in node.value.elts]
    raise AssertionError("no PAGES")


@pytest.mark.parametrize("title", nav_titles())
def test_page_reached_from_the_sidebar_draws_a_chart(page, console_errors, title):
    page.goto("/")
    page.locator(".st-key-explorer_chart .js-plotly-plot").wait_for(timeout=30_000)
    page.get_by_role("link", name=title, exact=True).click()
    page.locator("h1", has_text=title.split(" ")[0]).first.wait_for(timeout=30_000)
    if title != catalogue("en")["glossary.nav"]:        # the glossary is words only
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0
