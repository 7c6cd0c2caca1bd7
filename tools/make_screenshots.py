"""The README's pictures, taken from the real app so they stay current.

    .venv/bin/python -m tools.make_screenshots            # every page, English, 1280×900
    .venv/bin/python -m tools.make_screenshots --lang ko  # or Korean / Japanese

Starts `streamlit run app.py` on a free loopback port, opens each page in Debian's Chromium
(Playwright; never `playwright install`), waits until the page has stopped running and its
charts are drawn, and writes docs/screenshots/<page>.png.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from deploy.processes import (CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop,
                               wait_healthy)

ROOT = Path(__file__).resolve().parents[1]



def pages() -> list[str]:
    """The url paths of app.py's PAGES, read from its source (app.py needs a Streamlit run)."""
    import ast
    tree = ast.parse((ROOT / "app.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGES":
            return [ast.literal_eval(elt)[1] for elt in node.value.elts]
    raise SystemExit("app.py has no PAGES list")


def shoot(url: str, out: Path, lang: str, width: int, height: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for i, path in enumerate(pages()):
            page.goto(f"{url}/{'' if i == 0 else path}?lang={lang}")
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=running]",
                                   timeout=30_000)
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]",
                                   timeout=120_000)
            page.wait_for_timeout(1500)                      # plotly's last redraw
            target = out / f"{path}.png" if lang == "en" else out / f"{path}-{lang}.png"
            page.screenshot(path=str(target))
            written.append(target)
        browser.close()
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="en", choices=["en", "ko", "ja"])
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    port = free_port()
    proc = start_streamlit(port, Path(tempfile.gettempdir()) / "screenshots-server.log")
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)
        for path in shoot(f"http://127.0.0.1:{port}", args.out, args.lang, args.width,
                          args.height):
            print(path)
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
