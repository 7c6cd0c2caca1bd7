"""t(key): the current language's string from locales/<lang>.toml.

Catalogues are TOML tables; nested tables flatten to dotted keys, so
``[explorer]\ntitle = "…"`` is ``t("explorer.title")``. Placeholders use
str.format fields: ``t("explorer.probe_not_number", value="abc")``.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import streamlit as st

LANGS = {"en": "English", "ko": "한국어", "ja": "日本語"}
DEFAULT_LANG = "en"
LOCALES = Path(__file__).resolve().parents[1] / "locales"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Every string of one language, keyed by dotted name (read once per process)."""
    with open(LOCALES / f"{lang}.toml", "rb") as f:
        return _flatten(tomllib.load(f))


def current_lang() -> str:
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, **fields) -> str:
    """The string for `key` in the session's language (English if a catalogue lacks it).

    Tests make every catalogue complete; the fallback only keeps a half-translated
    development tree usable.
    """
    text = catalogue(current_lang()).get(key) or catalogue(DEFAULT_LANG).get(key, key)
    return text.format(**fields) if fields else text


def tn(key: str, count: float, **fields) -> str:
    """A sentence that depends on a count: `key.zero` for 0 and `key.one` for 1 where the
    catalogue has them, else `key.other`; the count itself is the field {count}.

    English needs "1 seed" / "2 seeds" and "none die" for 0; Korean and Japanese have no
    plural, so there the forms are usually equal, but each language keeps the same forms
    (tests/unit/test_locales.py) and the 0 form can still read differently.
    """
    form = {0: "zero", 1: "one"}.get(count, "other")
    have = catalogue(current_lang())
    if f"{key}.{form}" not in have and f"{key}.{form}" not in catalogue(DEFAULT_LANG):
        form = "other"
    return t(f"{key}.{form}", count=count, **fields)


def lang_from_locale(locale: str | None) -> str | None:
    """'ko-KR' -> 'ko'; None when the browser's language is not one we speak."""
    if not locale:
        return None
    code = locale.split("-")[0].split("_")[0].lower()
    return code if code in LANGS else None
