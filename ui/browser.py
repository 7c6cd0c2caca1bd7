"""The two things the app changes in the browser itself, each a fixed text of our own.

Streamlit 1.67 has no setting for either, so each is a small, same-origin snippet sent with
st.html. Neither ever contains user input (tests/app/test_hostile_inputs.py checks that this
is the only module that calls st.html).

1. Back button. Streamlit writes every query-parameter change with history.pushState
   (frontend App.handlePageInfoChanged; it skips only a write that changes
   nothing). Our pages rewrite the URL after every control change (ui/urlstate.py), so each
   slider move added a history entry and each page switch two (the new path, then its
   parameters): after three moves on the Explorer, Back had to be pressed four times, with no
   visible effect, to leave. Streamlit's maintainers keep pushState on purpose (it makes a
   write undoable, streamlit/streamlit#16831); for a teacher's demo it makes Back useless.
   HISTORY_SCRIPT makes a pushState that changes only the query string (same origin, same
   path) a replaceState: the address bar still always holds a link to this view, a page
   switch still adds one entry, and Back goes to the previous page as it last looked
   (ui/urlstate.py reads the URL again when a page is entered). It wraps pushState once per
   browser tab and leaves every other call alone.
"""
from __future__ import annotations

import streamlit as st

HISTORY_SCRIPT = """<script>
(() => {
  const history = window.history;
  if (history.__activationLabReplacesQueryWrites) return;
  const push = history.pushState.bind(history);
  history.pushState = (state, title, url) => {
    if (url !== undefined && url !== null) {
      const next = new URL(url, window.location.href);
      if (next.origin === window.location.origin &&
          next.pathname === window.location.pathname) {
        return history.replaceState(state, title, url);   // same page: not a new entry
      }
    }
    return push(state, title, url);
  };
  history.__activationLabReplacesQueryWrites = true;
})();
</script>"""


def install_history_fix(where=st.sidebar) -> None:
    """Send HISTORY_SCRIPT (see the module docstring); harmless when sent again."""
    where.html(HISTORY_SCRIPT, unsafe_allow_javascript=True)


def _css_string(text: str) -> str:
    """Our own (translated) text as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def translate_uploader(key: str, button: str, limits: str) -> None:
    """2. The file uploader's button ("Upload") and size hint ("10MB per file • PNG, …") are
    fixed English in Streamlit 1.67's frontend, with no parameter (a PR adding one,
    streamlit/streamlit#10042, was closed). A style shows our texts in their place: the
    English is drawn at size 0 and ours after it. The file input and its behaviour are
    Streamlit's own; a screen reader may still read the English word next to ours."""
    box = f".st-key-{key.replace('.', '-')} [data-testid=stFileUploaderDropzone]"
    button_text = f"{box} button [data-testid=stMarkdownContainer] p"
    hint_text = f"{box} [data-testid=stFileUploaderDropzoneInstructions] span"
    st.html(f"""<style>
{button_text}, {hint_text} {{ font-size: 0; }}
{button_text}::after {{ content: {_css_string(button)}; font-size: 0.875rem; }}
{hint_text}::after {{ content: {_css_string(limits)}; font-size: 0.875rem; }}
</style>""")
