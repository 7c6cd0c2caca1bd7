"""Errors a user caused, in the session's language."""
from __future__ import annotations

from actlib.errors import ParamError
from ui.i18n import DEFAULT_LANG, catalogue, t


def error_text(err: Exception) -> str:
    """A ParamError as its `errors.<code>` text from the locale files; anything else as its
    own message (English), so an unforeseen error is still shown rather than hidden."""
    if isinstance(err, ParamError) and f"errors.{err.code}" in catalogue(DEFAULT_LANG):
        return t(f"errors.{err.code}", **err.values)
    return str(err)
