"""Errors a user can cause, as values a page can translate.

Each carries a `code` and the numbers or text it is about; `str()` is the English message
(for notebooks and logs), the pages show `t(f"errors.{code}", **values)` from the
`[errors]` table of locales/*.toml instead. Both are ValueError subclasses, so code that
only needs to know "the input was bad" can keep catching ValueError.
"""
from __future__ import annotations

ENGLISH: dict[str, str] = {}        # code → English template; filled where each code is declared


def declare(code: str, english: str) -> str:
    """Register `code`'s English template (placeholders as in the locale files); returns code."""
    if ENGLISH.get(code, english) != english:
        raise RuntimeError(f"error code {code!r} declared twice with different texts")
    ENGLISH[code] = english
    return code


class _CodedError(ValueError):
    def __init__(self, code: str, **values):
        self.code, self.values = code, values
        super().__init__(ENGLISH[code].format(**values))

    def __reduce__(self):
        """Pickled as (class, code, values): training runs in worker processes
        (actlib/offload.py) and their errors come back pickled."""
        return _rebuild, (type(self), self.code, self.values)


def _rebuild(cls, code: str, values: dict) -> "_CodedError":
    return cls(code, **values)


class ParamError(_CodedError):
    """Activation parameters that do not work together, e.g. Hardtanh with min_val ≥ max_val."""


class ParseError(_CodedError):
    """Text a user typed that is not what the field takes (probe points, logits, widths).

    `values["value"]` is the offending token (or a count) the message quotes.
    """
