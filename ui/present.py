"""Presenter mode: `?present=1` on any page sizes it for a projector at the back of a room.

Sized for a 1280×720 projector (Chromium, measured by tests/browser/test_present_browser.py):

| text | normal | presenter |
|---|---|---|
| page heading (h1) | 44 px | 44 px (kept: it already reads; more would push the chart down) |
| section headings (h3) | 28 px | 30 px |
| body text, widget labels, captions | 14–16 px | 20 px, 20 px, 18 px |
| chart titles | 14–16 px | 26 px |
| chart axis titles | 14 px | 22 px |
| chart tick labels | 12–14 px | 20 px |
| subplot titles, chart labels | 12 px | × 1.4, at least 20 px |
| chart legends | 12–15 px | 20 px |
| chart lines | 2–3 px | × 1.6, at least 4 px |

and the sidebar starts collapsed (app.py reads `sidebar_state()`), the page starts higher.
`?hide=a,b` hides the controls whose URL names are a and b (TF Playground's `_hide`): the
widget is still drawn, hidden by its `st-key-<key>` class, so its value (from the URL) still
applies. Names come from the page's PageUrl registry (`url.keys`); an unknown one gets a
note on the page. Presenter mode is the session's, like the language: it survives page
changes and is written back into every page's URL (`url_params`).

The sidebar's "Presenter link" toggle shows, on every page, a builder: pick the controls to
hide, and the link (this view + present=1 + hide) appears in an st.code box, which has a
copy button. Off by default, so a student's slider move costs nothing extra.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

import streamlit as st

from ui.i18n import t

PRESENT, HIDE = "present", "hide"                      # the URL parameters

# Chart text and lines in presenter mode, in px (see the table above).
CHART_PX = {"base": 20, "title": 26, "axis_title": 22, "tick": 20, "legend": 20, "hover": 18,
            "annotation": 20}
ANNOTATION_SCALE = 1.4         # subplot titles and labels: their own size (plotly: 12) × this, ≥ 20
LINE_SCALE, LINE_MIN = 1.6, 4.0
MARKER_SCALE = 1.5

PAGE_CSS = """
/* touch screens: plotly keeps its toolbar always shown there, over the legend; hover
   does not exist to reveal it, so it is hidden (the CSV button stays) */
@media (hover: none) { .js-plotly-plot .modebar-container { display: none; } }
/* the Playground's training bar: a column never narrower than its longest word
   ("Regularisation"); on a laptop the last ones wrap to a second line instead */
.st-key-playground_training_bar [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
.st-key-playground_training_bar [data-testid="stColumn"] { min-width: 5.8rem; max-width: 12rem; }
/* phones stack columns in source order; a page whose settings stand left of its picture
   keys that pair of columns "picture_first", so the picture comes before the settings */
@media (max-width: 640px) {
  .st-key-picture_first > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"] {
    flex-direction: column-reverse; }
  /* the side-by-side numbers: a header is one word ("テスト正解率"), never a letter a line;
     a table wider than the phone scrolls sideways */
  .st-key-playground_pair_metrics table { display: block; overflow-x: auto; }
  .st-key-playground_pair_metrics th, .st-key-playground_pair_metrics td {
    white-space: nowrap; font-size: 0.75rem; padding: 0.2rem 0.3rem; }
}
"""
PRESENTER_CSS = """
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
h1 { font-size: 2.2rem !important; }
h2 { font-size: 1.8rem !important; }
h3 { font-size: 1.5rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stWidgetLabel"] p, [data-testid="stMarkdownContainer"] td,
[data-testid="stMarkdownContainer"] th { font-size: 1rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 0.9rem !important; }
"""


def presenting() -> bool:
    """This session is in presenter mode (read from ?present=1 when the session started)."""
    if "_present" not in st.session_state:
        st.session_state["_present"] = st.query_params.get(PRESENT) == "1"
    return bool(st.session_state["_present"])


def sidebar_state() -> str:
    """st.set_page_config's initial_sidebar_state: collapsed for a projector."""
    return "collapsed" if presenting() else "auto"


def css_key(key: str) -> str:
    """The CSS class Streamlit gives a widget keyed `key`: st-key-<key>, [^a-zA-Z0-9_-] → -."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def parse_hide(raw: str | None) -> list[str]:
    """"a, b,,a" → ["a", "b"]: names in order, blanks and repeats dropped, at most 30 kept."""
    names = [part.strip()[:40] for part in (raw or "").split(",") if part.strip()]
    return list(dict.fromkeys(names))[:30]


def _hides_key(page: str) -> str:
    return f"_present.hide.{page}"


def page_setup(url, sidebar=st.sidebar) -> None:
    """Called by ui.layout.page_setup: styles for this run, the page's ?hide= (first run of
    the page), and the sidebar's presenter-link toggle with the slot its builder fills."""
    st.html(f"<style>{PAGE_CSS}{PRESENTER_CSS if presenting() else ''}</style>")
    if url._first_run:
        st.session_state[_hides_key(url.page)] = parse_hide(st.query_params.get(HIDE))
    st.session_state["_present.tools_w"] = st.session_state.get("_present.tools", False)
    sidebar.toggle(t("present.tools"), key="_present.tools_w", help=t("present.tools_help"),
                   on_change=_copy_widget, args=("_present.tools", "_present.tools_w"))
    url.present_slot = sidebar.container()
    if st.session_state.get("_present.tools"):
        st.session_state["_present.here_w"] = presenting()
        url.present_slot.toggle(t("present.here"), key="_present.here_w",
                                on_change=_copy_widget, args=("_present", "_present.here_w"))


def _copy_widget(target: str, widget: str) -> None:
    """Widget state → plain session state, which outlives the widget (like the language)."""
    st.session_state[target] = st.session_state[widget]


def url_params(page: str) -> dict[str, str]:
    """What presenter mode adds to the page's URL: present=1 and the page's hide list."""
    if not presenting():
        return {}
    hides = st.session_state.get(_hides_key(page), [])
    return {PRESENT: "1", **({HIDE: ",".join(hides)} if hides else {})}


def on_sync(url, wanted: dict[str, str]) -> dict[str, str]:
    """Called by PageUrl.sync once the page's controls are registered (url.keys: URL name →
    widget key). Hides the named controls, notes unknown names, fills the link builder, and
    returns the parameters presenter mode adds to the URL."""
    if presenting():
        hides = st.session_state.get(_hides_key(url.page), [])
        known = [name for name in hides if name in url.keys]
        noted = st.session_state.setdefault(f"_present.noted.{url.page}", set())
        for name in hides:
            if name not in url.keys and name not in noted:
                noted.add(name)
                url.notes.append(t("present.unknown_hide", name=f"`{name}`",
                                   names=", ".join(f"`{n}`" for n in url.keys)))
        if known:
            rules = ", ".join("." + css_key(url.keys[name]) for name in known)
            st.html(f"<style>{rules} {{ display: none !important; }}</style>")
    if st.session_state.get("_present.tools") and getattr(url, "present_slot", None) is not None:
        _link_builder(url, wanted)
    return url_params(url.page)


def presenter_link(base: str, wanted: dict[str, str], hides: list[str]) -> str:
    """`base` (the page's address) + this view's parameters + present=1 (+ hide=…)."""
    params = {k: v for k, v in wanted.items() if k not in (PRESENT, HIDE)}
    params[PRESENT] = "1"
    if hides:
        params[HIDE] = ",".join(hides)
    return f"{base}?{urlencode(params, safe=',')}"


def _link_builder(url, wanted: dict[str, str]) -> None:
    names = [name for name in url.keys]
    pick_key = f"_present.pick.{url.page}"
    if pick_key not in st.session_state:
        st.session_state[pick_key] = [n for n in st.session_state.get(_hides_key(url.page), [])
                                      if n in names]
    st.session_state[pick_key] = [n for n in st.session_state[pick_key] if n in names]
    with url.present_slot:
        hides = st.multiselect(t("present.hide"), names, key=pick_key, help=t("present.hide_help"))
        try:
            base = st.context.url or ""
        except Exception:                           # no browser (AppTest)
            base = ""
        st.code(presenter_link(base, wanted, hides), language=None, wrap_lines=True)
        st.caption(t("present.link_note"))


# ---------------------------------------------------------------- charts on a projector
def _with_font(d: dict | None, size: float) -> dict:
    d = dict(d or {})
    d["font"] = {**d.get("font", {}), "size": size}
    return d


def _title(title, size: float):
    if title is None:
        return None
    if isinstance(title, str):
        return {"text": title, "font": {"size": size}}
    return _with_font(title, size)


def _axis(axis: dict) -> dict:
    axis = dict(axis)
    axis["tickfont"] = {**axis.get("tickfont", {}), "size": CHART_PX["tick"]}
    if axis.get("title") is not None:
        axis["title"] = _title(axis["title"], CHART_PX["axis_title"])
    return axis


_AXIS = re.compile(r"^[xyz]axis\d*$")


def presenter_spec(spec: dict) -> dict:
    """A plotly spec (plain dict) for a projector: explicit font sizes everywhere (Streamlit's
    chart theme replaces layout.font, not explicit sizes), thicker lines, bigger markers.
    Returns a new dict; the arrays and the input (often a chart shared by every session) are
    not copied or changed."""
    layout = dict(spec.get("layout", {}))
    layout["font"] = {**layout.get("font", {}), "size": CHART_PX["base"]}
    if layout.get("title") is not None:
        layout["title"] = _title(layout["title"], CHART_PX["title"])
        margin = dict(layout.get("margin", {}))
        margin["t"] = max(margin.get("t", 0), 80)
        layout["margin"] = margin
    for name, value in list(layout.items()):
        if _AXIS.match(name) and isinstance(value, dict):
            layout[name] = _axis(value)
        elif name.startswith("scene") and isinstance(value, dict):
            layout[name] = {k: _axis(v) if _AXIS.match(k) and isinstance(v, dict) else v
                            for k, v in value.items()}
    layout["legend"] = _with_font(layout.get("legend"), CHART_PX["legend"])
    layout["hoverlabel"] = _with_font(layout.get("hoverlabel"), CHART_PX["hover"])
    if layout.get("annotations"):
        layout["annotations"] = [
            _with_font(a, max(round(a.get("font", {}).get("size", 12) * ANNOTATION_SCALE),
                              CHART_PX["annotation"]))
            for a in layout["annotations"]]
    return {**spec, "data": [_trace(tr) for tr in spec.get("data", [])], "layout": layout}


def _trace(trace: dict) -> dict:
    trace = dict(trace)
    line = trace.get("line")
    if trace.get("type", "scatter") in ("scatter", "scattergl", "scatter3d") and \
            "lines" in trace.get("mode", "lines"):
        width = (line or {}).get("width", 2)
        if width:                                   # 0: an invisible edge, kept invisible
            trace["line"] = {**(line or {}), "width": max(width * LINE_SCALE, LINE_MIN)}
    marker = trace.get("marker")
    if isinstance(marker, dict) and isinstance(marker.get("size"), (int, float)):
        trace["marker"] = {**marker, "size": marker["size"] * MARKER_SCALE}
    if isinstance(trace.get("textfont"), dict) and "size" in trace["textfont"]:
        trace["textfont"] = {**trace["textfont"], "size": trace["textfont"]["size"] * ANNOTATION_SCALE}
    if isinstance(trace.get("colorbar"), dict) or trace.get("type") in ("heatmap", "surface", "contour"):
        bar = dict(trace.get("colorbar") or {})
        bar["tickfont"] = {**bar.get("tickfont", {}), "size": CHART_PX["tick"]}
        trace["colorbar"] = bar
    return trace
