"""A teacher's link is the first thing a fresh server is asked for: it must open that page.

With the page files in a pages/ folder, Streamlit served such a first request in its old
automatic-pages mode (file names in the sidebar, "Page not found" for /relu and /gates) until
app.py had run once; the files live in views/ for that reason (see app.py).
"""
import pytest

from deploy.processes import free_port, start_streamlit, stop, wait_healthy
from ui.i18n import catalogue


@pytest.mark.parametrize("path, title_key", [("/relu?lang=ja", "relu.title"),
                                             ("/gates?lang=ja", "gates.title")])
def test_first_request_to_a_fresh_server_opens_the_linked_page(browser, tmp_path, path, title_key):
    port = free_port()
    proc = start_streamlit(port, tmp_path / "server.log")
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, proc)
        page = browser.new_page()
        page.goto(base + path)
        page.locator("h1").first.wait_for(timeout=60_000)
        ja = catalogue("ja")
        assert page.locator("h1").first.inner_text().strip() == ja[title_key].strip()
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        for key in ("explorer", "compare", "calculus", "perceptron", "gates", "relu"):
            assert ja[f"nav.{key}"] in nav, nav              # our titles, not file names
        assert "relu approx" not in nav and "gate networks" not in nav
        assert page.get_by_text("Page not found").count() == 0
        page.close()
    finally:
        stop(proc)
