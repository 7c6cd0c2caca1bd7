"""Training in a worker process, as every training page shows it.

`train(fn, label=…, **kwargs)` is actlib.offload.run_in_worker for a page: the run belongs to
this browser session (a new one replaces the old, so a student has at most one), it is
cancelled as soon as Streamlit stops or reruns the script (a rerun, a closed tab), it may use
at most RUN_CPU_LIMIT_S of a worker's CPU time, and while it waits for a free worker the page
says how many runs are ahead. A run that cannot finish (its worker died, it was too long)
ends in one translated message on the page and the page stops; the next press trains again.

Call it where the page drew its progress bar before, inside the st.cache_data function:
Streamlit replays the elements a cached function drew, which only works for elements it
created itself; both elements are emptied at the end, so a replay (a cache hit) shows nothing.
"""
from __future__ import annotations

from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_run_context import get_run_yield_check

from actlib.offload import Replaced, TooLong, TrainingStopped, run_in_worker
from ui.i18n import t
from ui.layout import show_error

RUN_CPU_LIMIT_S = 10.0       # one run's share of a worker; the README gives each page's worst


def progress_bar(label: str):
    """A progress bar and the (epoch, epochs) callback that moves it (in 5 % steps).
    `label` has {epoch} and {epochs} placeholders (or {done} and {total}, for steps that are
    not epochs)."""
    bar = st.progress(0.0, text=label.format(epoch=0, epochs="…", done=0, total="…"))
    shown = [-1]

    def update(epoch: int, epochs: int) -> None:
        if epochs <= 0:                  # nothing to show yet (or a run's numbers reset)
            return
        epoch = min(max(epoch, 0), epochs)
        step = int(20 * epoch / epochs)
        if step != shown[0]:
            shown[0] = step
            bar.progress(epoch / epochs, text=label.format(epoch=epoch, epochs=epochs,
                                                           done=epoch, total=epochs))
    return bar, update


def queue_note():
    """A placeholder and the on_queue(ahead) callback that says "waiting … (n ahead)" in it
    while the run is queued, and empties it once a worker runs it."""
    note = st.empty()
    shown = [None]

    def update(ahead: int | None) -> None:
        if ahead != shown[0]:
            shown[0] = ahead
            if ahead is None:
                note.empty()
            else:
                note.info(t("training.waiting", ahead=ahead), icon=":material/hourglass_top:")
    return note, update


def session_run() -> dict:
    """run_in_worker's owner and stop_check for a run this page's script waits for: it belongs
    to this browser session (a newer run replaces it) and ends when Streamlit stops or reruns
    the script (a rerun, a closed tab)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return dict(owner=None if ctx is None else ctx.session_id,
                stop_check=get_run_yield_check())


def run(fn: Callable, /, *, label: str | None = None, **kwargs):
    """fn(**kwargs) in a worker for this session (see the module docstring); its result.

    With `label` (a text with {epoch} and {epochs}) a progress bar follows the epochs. A run
    that ends without a result raises TrainingStopped (see stopped_message)."""
    bar, on_progress = progress_bar(label) if label is not None else (None, None)
    note, on_queue = queue_note()
    try:
        return run_in_worker(fn, on_progress=on_progress, on_queue=on_queue,
                             cpu_limit=RUN_CPU_LIMIT_S, **session_run(), **kwargs)
    finally:
        note.empty()
        if bar is not None:
            bar.empty()


def stopped_message(stopped: TrainingStopped) -> str | None:
    """The page's words for a run that ended without a result; None when a newer run of this
    session replaced it (that run draws the page)."""
    if isinstance(stopped, Replaced):
        return None
    if isinstance(stopped, TooLong):
        return t(stopped.key, limit=f"{stopped.limit:g}")
    return t(stopped.key)                  # WorkerDied, or any other stop


def train(fn: Callable, /, *, label: str | None = None, **kwargs):
    """run(), and for a run that cannot finish one message on the page, which then stops."""
    try:
        return run(fn, label=label, **kwargs)
    except TrainingStopped as stopped:     # WorkerDied, TooLong, Replaced
        message = stopped_message(stopped)
        if message is not None:
            show_error(message)
        st.stop()


SEEDS_PER_RUN = 100          # a success rate over more seeds is split into runs of this many


def train_share(fn: Callable, /, *, seeds: range, **kwargs) -> float:
    """fn's share of seeds (a success rate) over `seeds`, computed as runs of SEEDS_PER_RUN
    seeds each (each bounded, each queued behind other students' runs in turn): the mean of
    the runs' shares weighted by their seed counts. Seeds train independently, so this is
    the rate one run over every seed would give."""
    total = 0.0
    for start in range(0, len(seeds), SEEDS_PER_RUN):
        part = seeds[start:start + SEEDS_PER_RUN]
        total += len(part) * train(fn, seeds=part, **kwargs)
    return total / len(seeds)
