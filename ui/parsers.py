"""How a URL's text becomes a value a widget accepts: each parser raises ValueError for text
the widget would refuse (the page then keeps the default and notes the bad value)."""
from __future__ import annotations

import math
from typing import Callable, Sequence


def parse_float(lo: float, hi: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        value = float(raw)                       # ValueError for "abc"
        if not math.isfinite(value) or not lo <= value <= hi:
            raise ValueError(raw)
        return value
    return parse


def parse_int(lo: int, hi: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        value = int(raw)
        if not lo <= value <= hi:
            raise ValueError(raw)
        return value
    return parse


def parse_choice(options: Sequence[str]) -> Callable[[str], str]:
    """One of `options`, matched regardless of case and surrounding spaces (?gate=xor and
    ?gate=%20xor are XOR)."""
    by_lower = {str(o).lower(): o for o in options}

    def parse(raw: str) -> str:
        raw = raw.strip()
        if raw in options:
            return raw
        if raw.lower() in by_lower:
            return by_lower[raw.lower()]
        raise ValueError(raw)
    return parse


def parse_number_choice(values: Sequence[float]) -> Callable[[str], float]:
    """One of the numbers `values`, written any way a float is ("1", "1.0", "3e-2")."""
    def parse(raw: str) -> float:
        value = float(raw)                       # ValueError for "abc"
        match = [v for v in values if abs(v - value) <= 1e-9 * max(1.0, abs(v))]
        if not match:
            raise ValueError(raw)
        return match[0]
    return parse


def parse_choices(options: Sequence[str],
                  dropped: list[str] | None = None) -> Callable[[str], list[str]]:
    """A comma-separated subset of `options` (case-insensitive, duplicates dropped).

    With a `dropped` list, names that are not options are put there instead of refusing the
    text; text without a single known name is still refused."""
    one = parse_choice(options)

    def parse(raw: str) -> list[str]:
        picked, unknown = [], []
        for part in (part.strip() for part in raw.split(",")):
            if not part:
                continue
            try:
                picked.append(one(part))
            except ValueError:
                if dropped is None:
                    raise
                unknown.append(part)
        if not picked and dropped is not None:
            raise ValueError(raw)
        if dropped is not None:
            dropped.extend(unknown)
        return list(dict.fromkeys(picked))
    return parse


def parse_range(lo: float, hi: float) -> Callable[[str], tuple[float, float]]:
    def parse(raw: str) -> tuple[float, float]:
        a, b = (parse_float(lo, hi)(part) for part in raw.split(","))
        if not a < b:
            raise ValueError(raw)
        return (a, b)
    return parse


def parse_bool(raw: str) -> bool:
    if raw not in ("0", "1"):
        raise ValueError(raw)
    return raw == "1"
