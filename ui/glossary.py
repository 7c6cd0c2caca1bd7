"""The glossary's rows, read from locales/glossary.toml (one small file, read once)."""
from __future__ import annotations

import functools
import tomllib

from ui.i18n import LANGS, LOCALES


@functools.cache
def glossary() -> tuple[tuple[tuple[str, str], ...], ...]:
    """One row per term, in the file's order: ((term, definition) for each language of LANGS).

    Tuples, not dicts: the cached rows are shared by every session and must not be mutable.
    """
    with open(LOCALES / "glossary.toml", "rb") as f:
        rows = tomllib.load(f)["term"]
    return tuple(tuple((row[lang]["term"], row[lang]["definition"]) for lang in LANGS)
                 for row in rows)
