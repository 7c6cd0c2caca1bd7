"""How the Playground's frames are paced when a class plays at once (issue 15).

A frame is one run of the page's live fragment: a few epochs, then the pictures. On one
server process (one GIL) for a class:
- `frame_turn`: at most FRAMES_AT_ONCE frames compute at once, the others wait their turn
  in arrival order;
- `busy`: from BUSY_PLAYERS students on the process (or when a frame had to queue or wait
  for the CPU), a frame shrinks: one epoch, and `slow_picture`s redrawn at most every
  SLOW_SECONDS_BUSY seconds;
- `pause_if_busy`: after a frame, a pause as long as it waited for the CPU, so Streamlit's
  event loop sends the frame before the next run starts.
docs/benchmarks.md ("The Playground under a class") has the measurements behind each.
"""
from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from contextlib import contextmanager

import streamlit as st

K = "playground."                        # the page's session-state keys start with it


MAX_PAUSE = 0.5        # seconds: the longest pause after a frame on a busy server
BUSY_WAIT = 0.02       # seconds: a frame that waited this long for the CPU finds the server busy
SLOW_SECONDS_BUSY = 1.5    # on a busy server the slow pictures are redrawn this seldom


FRAMES_AT_ONCE = 2     # frames that one server process draws at the same time


class Turns:
    """At most `n` holders at once; the others wait in arrival order, and a released turn
    goes straight to the longest waiter (a plain Semaphore lets a newcomer take it first:
    some students then waited more than others and got fewer frames)."""

    def __init__(self, n: int):
        self._lock, self._free, self._waiting = threading.Lock(), n, deque()

    def take(self) -> bool:
        """Take a turn, waiting for one if all are taken; True if it had to wait."""
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return False
            handed = threading.Event()
            self._waiting.append(handed)
        handed.wait()
        return True

    def give_back(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()        # the turn passes on, never freed
            else:
                self._free += 1

    def free(self) -> int:
        with self._lock:
            return self._free


_frame_turns = Turns(FRAMES_AT_ONCE)


@contextmanager
def frame_turn():
    """Wait for a turn to draw a frame: at most FRAMES_AT_ONCE frames, of all sessions,
    compute at once in this process. Python runs one thread at a time (the GIL) and
    switches between the runnable ones every few milliseconds, so fifteen frames computed
    at once each take fifteen times their CPU time, and a slider moved on another page
    waits behind all of them. Frames that wait their turn here are not runnable: the
    others finish sooner and the slider's run gets the interpreter at once.
    Yields the clock at the start of the turn (frame_clock) for pause_if_busy."""
    asked = time.perf_counter()
    queued = _frame_turns.take()                     # every turn taken: the server is busy
    try:
        yield frame_clock(asked, queued=queued)
    finally:
        _frame_turns.give_back()


BUSY_PLAYERS = 3       # this many students playing on one server process make it busy
PLAYING_WITHIN = 2.0   # seconds: a session that drew a frame this recently is playing
_players: dict[str, float] = {}          # this process's playing sessions → last frame time
_players_lock = threading.Lock()


def players_here() -> int:
    """Students playing on this server process now, this session counted (it is drawing a
    frame). Each session is remembered by an id in its session state."""
    me = st.session_state.setdefault(K + "_player", uuid.uuid4().hex)
    now = time.monotonic()
    with _players_lock:
        _players[me] = now
        for player, seen in list(_players.items()):
            if now - seen > PLAYING_WITHIN:
                del _players[player]
        return len(_players)


def busy() -> bool:
    """Is the server busy, so that this frame shrinks (one epoch, slow pictures)? It is
    when BUSY_PLAYERS or more students play on this process, or when the last frame queued
    for its turn or waited for the CPU (pause_if_busy: other work on the machine).
    Counting players gives a steady answer: measured alone, a frame that finds no queue
    trains ten epochs and draws every picture, becomes long enough to make the next one
    queue, and the class settled near 2.5 frames/s instead of 3."""
    return players_here() >= BUSY_PLAYERS or bool(st.session_state.get(K + "_busy", False))


def frame_clock(asked: float | None = None, queued: bool = False) -> tuple:
    """(wall, CPU, asked, queued): a frame's start (s), this thread's CPU time then (s), when
    it asked for its turn (s; = wall if it did not ask) and whether it had to queue."""
    wall = time.perf_counter()
    return wall, time.thread_time(), wall if asked is None else asked, queued


def pause_if_busy(started: tuple) -> float:
    """After a frame, pause as long as it waited for the CPU during its turn (wall − this
    thread's CPU time), at most MAX_PAUSE, and mark the server busy if the frame had to
    queue for its turn or waited BUSY_WAIT or more for the CPU (the next frame then shrinks:
    one epoch, slow pictures). Streamlit sends a run's pictures from its
    event loop between runs and throws away those still unsent when the next run of the
    fragment starts; with run_every a request is always waiting, so a busy server would
    start the next run at once and compute frames nobody receives (docs/benchmarks.md).
    The pause gives the event loop that time. Waiting for the turn needs no pause: the
    event loop runs meanwhile. A quiet server waits for nothing and pauses for nothing.
    Returns the seconds the frame waited in all."""
    wall, cpu, asked, queued = started
    for_cpu = max(0.0, (time.perf_counter() - wall) - (time.thread_time() - cpu))
    time.sleep(min(MAX_PAUSE, for_cpu))
    st.session_state[K + "_busy"] = queued or for_cpu >= BUSY_WAIT
    return for_cpu + (wall - asked)


def slow_picture(name: str, version, draw) -> str:
    """A picture that changes slowly while playing (the history curves, the network
    diagram, the unit shown large): what `draw()` returns, a data URI. On a quiet server it
    is drawn every frame; on a busy one (the last frame waited for the CPU, pause_if_busy)
    at most every SLOW_SECONDS_BUSY seconds, and the last one is sent again in between
    (Streamlit's message cache then sends the browser a reference, not the bytes): a frame
    that shrinks under load, while the output heatmap and the numbers change every frame.
    `version` names what the picture shows (the run, the unit): a new one is drawn at once."""
    held = st.session_state.get(K + "_slow." + name)
    now = time.monotonic()
    if (held is not None and held[1] == version and busy()
            and now - held[0] < SLOW_SECONDS_BUSY):
        return held[2]
    picture = draw()
    st.session_state[K + "_slow." + name] = (now, version, picture)
    return picture
