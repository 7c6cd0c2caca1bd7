"""Two students, one training worker, in real Chromium (issue 14): while one tab trains, the
other's run waits and says so; closing the first tab mid-training hands the worker to the
second at once, instead of after the first run's minutes.

Its own server with ACTLAB_WORKERS=1, so the two runs share one worker on any machine.
"""
from __future__ import annotations

import re

import pytest

from deploy.processes import free_port, start_streamlit, stop, wait_healthy
from ui.i18n import catalogue

EN = catalogue("en")
WAITING = EN["training.waiting"].split("(")[0].strip()      # "Waiting for a free worker"
TRAINING = EN["relu.training"].split("…")[0].strip()         # "Training both networks"
LONG = "seeds=64&epochs=1000&lang=en"      # minutes of training (stopped by the CPU limit)
SHORT = "seeds=2&epochs=20&seed0=7&lang=en"


@pytest.fixture(scope="module")
def one_worker_url(tmp_path_factory):
    port = free_port()
    proc = start_streamlit(port, tmp_path_factory.mktemp("st") / "server.log",
                           env={"ACTLAB_WORKERS": "1"})
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


def test_closing_a_training_tab_starts_the_other_tabs_training_at_once(browser, one_worker_url):
    first = browser.new_page(viewport={"width": 1400, "height": 1000})
    first.goto(f"{one_worker_url}/relu?{LONG}")
    # Training on the worker, not waiting for it to start: an epoch was reported.
    first.get_by_text(re.compile(TRAINING + r".* [1-9][0-9]* of 1000")).first.wait_for(
        timeout=180_000)

    second = browser.new_page(viewport={"width": 1400, "height": 1000})
    second.goto(f"{one_worker_url}/relu?{SHORT}")
    waiting = second.get_by_text(WAITING)
    waiting.first.wait_for(timeout=60_000)                           # queued behind it
    assert "(0 ahead)" in waiting.first.inner_text()

    first.close()                                                    # the student leaves
    # The worker is free within moments (the first run alone needs its 10 s CPU limit, and
    # far longer on a busy machine): the second tab's note goes and its training starts.
    waiting.first.wait_for(state="detached", timeout=15_000)
    second.locator("[data-testid='stMetric']").first.wait_for(timeout=120_000)
    assert second.locator("[data-testid='stException']").count() == 0
    assert second.get_by_text(EN["training.worker_died"]).count() == 0
    second.close()
