"""Page controls declared once: URL name, session key, widget kind, default and bounds.

TF Playground keeps a page's state as one list of properties (`State.PROPS`), and both the
URL and the controls come from it. Here a page lists its `Control`s once:

    CONTROLS = Controls(
        Control.slider("lr", "perceptron.lr", 0.01, 1e-4, 1.0, 0.005),
        Control.select("gate", "perceptron.gate", "AND", GATE_NAMES),
    )
    ...
    ctl = CONTROLS.seed(url)             # URL → session state (first run), bad values noted
    lr = ctl.widget("lr", where=col)     # the widget, with the same bounds the URL accepted
    ...
    url.sync()                           # session state → URL

so a shared link can never set a value its widget refuses, and a default is written once.
The label is `t(key)` and the help `t(key + "_help")` when `help=True`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

import streamlit as st

from ui.i18n import t
from ui.parsers import (parse_bool, parse_choice, parse_choices, parse_float, parse_int,
                        parse_range)
from ui.urlstate import PageUrl


@dataclass(frozen=True)
class Control:
    """One control of a page. `kind` picks the widget: slider, number, select, radio,
    multiselect, toggle, range (a two-thumb slider), select_slider (a slider over `options`)
    or text (with its own `parse`)."""
    name: str                       # in the URL
    key: str                        # in st.session_state, and the widget's key
    kind: str
    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple = ()
    parse: Callable[[str], Any] | None = None
    help: bool = False
    extra: dict = field(default_factory=dict)   # passed to the widget as is (format=, …)

    @classmethod
    def slider(cls, name, key, default, low, high, step=None, **kw) -> "Control":
        return cls(name, key, "slider", default, low, high, step, **kw)

    @classmethod
    def number(cls, name, key, default, low, high, step=None, **kw) -> "Control":
        return cls(name, key, "number", default, low, high, step, **kw)

    @classmethod
    def range(cls, name, key, default, low, high, step=None, **kw) -> "Control":
        return cls(name, key, "range", tuple(float(v) for v in default), low, high, step, **kw)

    @classmethod
    def select(cls, name, key, default, options, **kw) -> "Control":
        return cls(name, key, "select", default, options=tuple(options), **kw)

    @classmethod
    def radio(cls, name, key, default, options, **kw) -> "Control":
        return cls(name, key, "radio", default, options=tuple(options), **kw)

    @classmethod
    def select_slider(cls, name, key, default, options, **kw) -> "Control":
        return cls(name, key, "select_slider", default, options=tuple(options), **kw)

    @classmethod
    def multiselect(cls, name, key, default, options, **kw) -> "Control":
        return cls(name, key, "multiselect", list(default), options=tuple(options), **kw)

    @classmethod
    def toggle(cls, name, key, default=False, **kw) -> "Control":
        return cls(name, key, "toggle", bool(default), **kw)

    @classmethod
    def text(cls, name, key, default, parse, **kw) -> "Control":
        return cls(name, key, "text", default, parse=parse, **kw)

    @property
    def is_int(self) -> bool:
        return all(isinstance(v, int) and not isinstance(v, bool)
                   for v in (self.default, self.low, self.high))

    def parser(self) -> Callable[[str], Any]:
        """How the URL's text becomes a value this control's widget accepts."""
        if self.kind in ("slider", "number"):
            return (parse_int(self.low, self.high) if self.is_int
                    else parse_float(self.low, self.high))
        if self.kind == "range":
            return parse_range(self.low, self.high)
        if self.kind in ("select", "radio", "select_slider"):
            return parse_choice(self.options)
        if self.kind == "multiselect":
            return parse_choices(self.options)
        if self.kind == "toggle":
            return parse_bool
        return self.parse

    def typed_default(self):
        if self.kind in ("slider", "number") and not self.is_int:
            return float(self.default)
        return self.default


class Controls:
    """A page's declared controls."""

    def __init__(self, *controls: Control):
        self.by_name = {c.name: c for c in controls}

    def __getitem__(self, name: str) -> Control:
        return self.by_name[name]

    def seed(self, url: PageUrl, names: Sequence[str] | None = None) -> "SeededControls":
        """Put each control's URL value (first run) or default into session state."""
        for name in names if names is not None else self.by_name:
            c = self.by_name[name]
            url.seed(c.name, c.key, c.parser(), c.typed_default())
        return SeededControls(self, url)


class SeededControls:
    def __init__(self, controls: Controls, url: PageUrl):
        self.controls, self.url = controls, url

    def value(self, name: str):
        return st.session_state[self.controls[name].key]

    def widget(self, name: str, where=st, label: str | None = None, **overrides):
        """Draw the declared widget; `overrides` narrow it for this run (e.g. high=epochs).

        A value outside a narrowed range is clipped into it first, so the widget never
        refuses what the session holds."""
        c = self.controls[name]
        c = replace(c, **{k: v for k, v in overrides.items() if k in ("low", "high", "step")})
        extra = {**c.extra, **{k: v for k, v in overrides.items()
                               if k not in ("low", "high", "step")}}
        label = t(c.key) if label is None else label
        if c.help:
            extra.setdefault("help", t(c.key + "_help"))
        _clip_into(c)
        if c.kind == "slider":
            return where.slider(label, c.low, c.high, step=c.step, key=c.key, **extra)
        if c.kind == "range":
            return where.slider(label, c.low, c.high, step=c.step, key=c.key, **extra)
        if c.kind == "number":
            return where.number_input(label, min_value=c.low, max_value=c.high, step=c.step,
                                      key=c.key, **extra)
        if c.kind == "select":
            return where.selectbox(label, list(c.options), key=c.key, **extra)
        if c.kind == "radio":
            return where.radio(label, list(c.options), key=c.key, **extra)
        if c.kind == "select_slider":
            return where.select_slider(label, list(c.options), key=c.key, **extra)
        if c.kind == "multiselect":
            return where.multiselect(label, list(c.options), key=c.key, **extra)
        if c.kind == "toggle":
            return where.toggle(label, key=c.key, **extra)
        return where.text_input(label, key=c.key, **extra)


def _clip_into(c: Control) -> None:
    if c.kind not in ("slider", "number") or c.low is None:
        return
    value = st.session_state.get(c.key)
    if isinstance(value, (int, float)) and not c.low <= value <= c.high:
        st.session_state[c.key] = min(max(value, c.low), c.high)
