"""AppTest helpers: absolute paths, fresh caches, plotly array decoding."""
import base64
import json
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 60


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def new_app(page: str | None = None, **query) -> AppTest:
    """The app on `page` (a path under views/), with query params, already run."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def open_page(page: str, **query) -> AppTest:
    """The app switched to `page` (a path under views/) with `query` in its URL.

    A browser clears the query string on a page change; AppTest keeps what the Explorer
    (the default page) wrote, so it is cleared here. `lang` is set the way the language
    picker sets it (?lang= itself is tested on the first page and in Chromium).
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    for name in list(at.query_params):
        del at.query_params[name]
    if "lang" in query:
        at.session_state["lang"] = query.pop("lang")
    for name, value in query.items():
        at.query_params[name] = str(value)
    return at.switch_page(page).run()


def decode(v):
    """Plotly's typed-array encoding ({dtype, bdata, shape}) → numpy array."""
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        return a.reshape([int(s) for s in str(v["shape"]).split(",")]) if "shape" in v else a
    return np.asarray(v)


def figure(at: AppTest, key: str) -> dict:
    """The plotly spec of the chart with `key`."""
    for chart in at.get("plotly_chart"):
        # ids end in "-<key>"; a bare substring test would let "compare_f" match "compare_flow"
        if chart.proto.id.endswith(f"-{key}") or getattr(chart, "key", None) == key:
            return json.loads(chart.proto.spec)
    raise KeyError(f"no plotly chart keyed {key!r}")


def assert_valid_plain_spec(spec: dict) -> None:
    """A chart built without plotly's validation (actlib.figures.common.plain_figure) must be
    exactly what the validating constructor makes of it: it raises on an unknown property, and
    a shorthand it would expand (line_width, xaxis_title), which plotly.js ignores, shows up as
    a difference."""
    validated = json.loads(pio.to_json(go.Figure(spec), validate=False))
    assert _differences(spec, validated) == []


def _differences(sent, validated, path: str = "") -> list[str]:
    if isinstance(sent, dict) and isinstance(validated, dict):
        return [d for k in sorted(set(sent) | set(validated))
                for d in (_differences(sent[k], validated[k], f"{path}/{k}")
                          if k in sent and k in validated
                          else [f"{path}/{k} only {'sent' if k in sent else 'after validation'}"])]
    if isinstance(sent, list) and isinstance(validated, list) and len(sent) == len(validated):
        return [d for i, (a, b) in enumerate(zip(sent, validated))
                for d in _differences(a, b, f"{path}[{i}]")]
    return [] if sent == validated else [f"{path}: {sent!r} sent, {validated!r} validated"]


def texts(at: AppTest) -> str:
    """Everything the page says in markdown, captions, titles, alerts and headings."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "error",
                 "info", "success", "latex"):
        parts += [el.value for el in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def script_functions_kept(at, callbacks: bool = True) -> dict[str, list[str]]:
    """Widget key → functions written in a page script that Streamlit keeps in the session's
    widget metadata (format_func, callbacks). Such a function's globals are that run's whole
    namespace, kept alive as long as the session is (after its tab closed too).
    `callbacks=False` looks at the labels and values only (format_func)."""
    import sys
    import types
    metadata = at._session_state._state._new_widget_state.widget_metadata   # Streamlit 1.67
    modules = {id(vars(m)) for m in list(sys.modules.values()) if m is not None}
    kept: dict[str, list[str]] = {}
    for wid, meta in metadata.items():
        todo = [meta.serializer, meta.deserializer] + ([meta.callback] if callbacks else [])
        seen: set[int] = set()
        while todo:
            obj = todo.pop()
            if obj is None or id(obj) in seen:
                continue
            seen.add(id(obj))
            if isinstance(obj, types.MethodType):
                todo += [obj.__func__, obj.__self__]
            elif isinstance(obj, types.FunctionType):
                if id(obj.__globals__) not in modules:
                    kept.setdefault(wid.rsplit("-", 1)[-1], []).append(obj.__qualname__)
                todo += [c.cell_contents for c in obj.__closure__ or ()]
            elif hasattr(obj, "__dict__") and not isinstance(obj, (type, types.ModuleType)):
                todo += list(vars(obj).values())
    return kept
