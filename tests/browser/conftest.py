"""Browser layer: the real app under `streamlit run`, real Debian Chromium (TESTING.md recipe)."""
import os, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path_factory.mktemp("st") / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited (rc={proc.returncode}), see {log.name}")
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit not healthy after 30 s, see {log.name}")
            time.sleep(0.1)
        yield url
    finally:                       # stop our own server by its own handle
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill(); proc.wait()
        log.close()

@pytest.fixture(scope="session")
def base_url(app_url):             # page.goto("/") goes to our server
    return app_url

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):   # Debian's chromium
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}

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
