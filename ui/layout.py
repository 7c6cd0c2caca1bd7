"""What every page does first: pick the language, draw the sidebar, title the page."""
from __future__ import annotations

import streamlit as st

from ui.browser import install_history_fix
import ui.present as present
from ui.i18n import LANGS, lang_from_locale, t
from ui.urlstate import PageUrl, literal


def init_language() -> str:
    """Session language: ?lang= on the first run, else the browser's locale, else English.

    Kept in plain session state (not a widget key) so it survives page switches.
    """
    if "lang" not in st.session_state:
        raw = st.query_params.get("lang")
        lang = raw if raw in LANGS else None
        if lang is None:
            try:
                lang = lang_from_locale(st.context.locale)
            except Exception:                     # no browser context (AppTest, old Streamlit)
                lang = None
        st.session_state["lang"] = lang or "en"
        if raw is not None and raw not in LANGS:
            st.session_state["_lang_note"] = raw[:20]
    return st.session_state["lang"]


def _on_lang_change() -> None:
    st.session_state["lang"] = st.session_state["lang_picker"]


def language_picker() -> None:
    st.session_state["lang_picker"] = st.session_state["lang"]
    st.sidebar.selectbox("Language · 언어 · 言語", list(LANGS), format_func=LANGS.get,
                         key="lang_picker", on_change=_on_lang_change)


def page_setup(page: str) -> PageUrl:
    """Language, sidebar and heading for `page`; returns the page's URL state."""
    init_language()
    language_picker()
    st.sidebar.caption(t("app.sidebar_note"))
    st.sidebar.page_link("views/glossary.py", label=t("glossary.link"), icon=":material/translate:")
    install_history_fix()                         # Back leaves a page (ui/browser.py)
    st.title(t(f"{page}.title"))
    st.caption(t(f"{page}.intro"))
    url = PageUrl(page)
    present.page_setup(url)                 # projector styles, ?hide=, the presenter link
    if "_lang_note" in st.session_state:
        url.notes.append(t("url.bad_lang", value=literal(st.session_state.pop("_lang_note"))))
    return url


def show_error(message: str) -> None:
    """A user-caused problem, said plainly; the page goes on."""
    st.error(message, icon="⚠️")
