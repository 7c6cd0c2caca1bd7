"""Browser layer: the real app under `streamlit run`, real Debian Chromium (TESTING.md recipe)."""
import pytest

from deploy.processes import (CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop,
                               wait_healthy)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """One real server for the session, started and stopped by its own handle."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_streamlit(port, tmp_path_factory.mktemp("st") / "server.log")
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def base_url(app_url):             # page.goto("/") goes to our server
    return app_url

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):   # Debian's chromium
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}

@pytest.fixture
def phone(browser, app_url):
    """A page in a 390 × 844 touch-screen phone's browser context."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True, base_url=app_url)
    try:
        yield context.new_page()
    finally:
        context.close()


BENIGN_404 = ("/_stcore/health", "/_stcore/host-config")   # deep-link quirk, see above

@pytest.fixture
def console_errors(page):
    errors = []   # (text, url of the resource or script)
    page.on("console", lambda m: errors.append((m.text, m.location.get("url", "")))
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append((str(e), "")))
    yield errors
    real = [e for e in errors if not ("404" in e[0] and e[1].endswith(BENIGN_404))]
    assert real == [], real
