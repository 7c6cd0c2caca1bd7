"""Shareable state: a page's main parameters live in the URL.

On the first run of a page in a session, each parameter is read from ``st.query_params``
into the widget's session state; a missing value takes the default, a bad one takes the
default *and* leaves a note the page shows. After the widgets are drawn, ``sync()``
writes the current values back, so the address bar is always a link to this view.
Streamlit clears query params when the user changes page, so each page reads and writes
its own.
"""
from __future__ import annotations

from typing import Callable

import streamlit as st

import ui.present as present
from ui.i18n import t


def literal(text: str, limit: int = 40) -> str:
    """User text shown as a code span: Markdown renders it verbatim (no links, no markup)."""
    return "`" + str(text)[:limit].replace("`", "'").replace("\n", " ") + "`"


def _format(value) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return ",".join(_format(v) for v in value)
    return str(value)


class PageUrl:
    """The URL parameters of one page: ``name`` in the URL ↔ widget ``key`` in session state."""

    def __init__(self, page: str):
        self.page = page
        self.keys: dict[str, str] = {}
        self._box = st.container()          # notes appear here, under the page title
        self._shown = 0
        self._page_keys: dict[str, str] | None = None
        # The URL is read when the page is entered: a session's first run of it, or a run
        # after another page's (a sidebar link, whose URL Streamlit clears, or Back/Forward,
        # whose URL is the page as it last looked: ui/browser.py keeps one entry per page).
        entered = st.session_state.get("_url_page") != page
        st.session_state["_url_page"] = page
        self._first_run = entered or not st.session_state.get(f"_url_read.{page}", False)
        st.session_state[f"_url_read.{page}"] = True
        if self._first_run:
            st.session_state[f"_url_notes.{page}"] = []

    @property
    def notes(self) -> list[str]:
        return st.session_state.get(f"_url_notes.{self.page}", [])

    def seed(self, name: str, key: str, parse: Callable[[str], object], default) -> object:
        """Put the URL's value (first run only) or `default` into st.session_state[key]."""
        self.keys[name] = key
        raw = st.query_params.get(name) if self._first_run else None
        if key in st.session_state and raw is None:
            return st.session_state[key]
        value = st.session_state.get(key, default)
        if raw is not None:
            try:
                value = parse(raw)
            except (ValueError, TypeError):
                self.notes.append(t("url.bad_value", name=name, value=literal(raw),
                                    default=_format(default)))
        st.session_state[key] = value
        return value

    def restart(self) -> None:
        """First thing in an st.fragment that registers keys: each of its reruns registers the
        keys it shows afresh, so a parameter of an activation switched away from leaves the
        URL. Keys registered before the first restart() (the page's own) stay."""
        if self._page_keys is None:
            self._page_keys = dict(self.keys)
        elif self._first_run:             # a fragment rerun: its widgets hold the newer values
            self._first_run = False
        self.keys = dict(self._page_keys)

    def show_notes(self) -> None:
        """Show the notes so far under the title (sync() shows any added later)."""
        for note in self.notes[self._shown:]:
            self._box.warning(note, icon="🔗")
        self._shown = len(self.notes)

    def sync(self) -> None:
        """Write lang and every registered parameter back to the address bar."""
        self.show_notes()
        wanted = {"lang": st.session_state.get("lang", "en")}
        for name, key in self.keys.items():
            if key in st.session_state:
                value = st.session_state[key]
                wanted[name] = "1" if value is True else "0" if value is False else _format(value)
        wanted.update(present.on_sync(self, wanted))   # presenter mode: hidden controls, link
        self.show_notes()
        if dict(st.query_params) != wanted:
            st.query_params.from_dict(wanted)
