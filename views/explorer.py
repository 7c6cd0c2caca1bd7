"""Explorer: one activation, everything about it. The default page at "/".

On screen, top to bottom: controls | chart; formula | properties; the probe table; the
course's histograms; the course's photo before and after.

A slider move reruns only `live` (an st.fragment): the controls, the chart, formula and
properties, and the three outputs that follow the parameters — probe table, histogram and
photo after — which it writes into slots the page laid out for them. Headings, the probe,
seed and photo inputs and the "before" photo are drawn by full runs only (a change to one of
those inputs is one). Why: Streamlit's cost per rerun is mostly its cost per element, and a
class moves sliders once a second each; see docs/operations.md, "A whole class at once".
"""
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from actlib.activations import REGISTRY
from actlib.lessons.curves import COURSE_RANGE, kink_rules, parse_probes
from actlib.errors import ParseError
from actlib.lessons.imaging import CHANNELS, ImageError, bundled_photo, load_image
from ui import literal, page_setup, show_error, t
from ui.browser import translate_uploader
from ui.charts import (Photo, function_chart, histogram_chart, photo_after,
                       photo_before)
from ui.controls import Control, Controls
from ui.errors import error_text
from ui.export import file_stem, show_chart, show_torch_snippet
from ui.widgets import num, param_sliders, probe_table, property_badges

X_LIMITS, X_STEP = (-50.0, 50.0), 0.5      # the x-range slider: its ends and its step

PROBE_CHARS = 600


def _probe_text(raw: str) -> str:
    """A link's probe points: used as typed if they parse (ValueError otherwise)."""
    if len(raw) > PROBE_CHARS:
        raise ValueError(raw)
    parse_probes(raw)
    return raw


CONTROLS = Controls(     # each once: the URL accepts exactly what its widget does
    Control.select("act", "explorer.act", "elu", REGISTRY),
    Control.range("x", "explorer.x", COURSE_RANGE, *X_LIMITS, X_STEP),
    Control.text("probe", "explorer.probe", "1, -10, 0, 15, -20", _probe_text,
                 extra={"max_chars": PROBE_CHARS}),
    Control.number("seed", "explorer.seed", 0, 0, 2**31 - 1),
    Control.radio("grey", "explorer.channel", "luminance", CHANNELS, extra={"horizontal": True}),
)

url = page_setup("explorer")
ctl = CONTROLS.seed(url)
url.show_notes()
top = st.container()                        # live() draws controls | chart here, last

# ---------------------------------------------------------------- probe table
st.subheader(t("explorer.probe"))
probe_text = ctl.widget("probe", label=t("explorer.probe_input"))
probe_slot = st.container()

# ---------------------------------------------------------------- the course's histograms
st.subheader(t("explorer.histograms"))
seed = int(ctl.widget("seed"))
hist_slot = st.container()
st.caption(t("explorer.hist_note", seed=seed))


# ---------------------------------------------------------------- the course's photo
@st.cache_data(max_entries=16, show_spinner=False)
def _uploaded_image(data: bytes, channel: str) -> np.ndarray:
    return load_image(data, channel=channel)


@dataclass(frozen=True, eq=False)
class KeptUpload:
    """The session's last usable upload, decoded for every channel (≤ 2 × 512² float32).
    Kept apart from the uploader's value: a browser replacing one file by another first
    removes the old one (a run with no upload), so "the previous picture" is not whatever the
    last run showed. One per session; the next good upload replaces (releases) it."""
    file_id: str
    name: str
    pixels: dict[str, np.ndarray] = field(repr=False)


st.subheader(t("explorer.photo"))
CHANNEL_FORMULAS = {"luminance": "0.299 R + 0.587 G + 0.114 B", "first": "R"}
upload_col, channel_col = st.columns([2, 1])
with channel_col:
    # Labels the same in every language (a radio's choice travels back as its label, so a
    # translated label would reset it on a language switch); the words are captions.
    channel = ctl.widget("grey", format_func=CHANNEL_FORMULAS.get,
                         captions=[t(f"explorer.channel_{c}") for c in CHANNELS])
with upload_col:
    upload = st.file_uploader(t("explorer.upload"), key="explorer.upload",
                              type=["png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff"])
    translate_uploader("explorer.upload", t("explorer.upload_button"),
                       t("explorer.upload_limits", mb=st.get_option("server.maxUploadSize")))
kept: KeptUpload | None = st.session_state.get("explorer.kept_upload")
if upload is not None and (kept is None or kept.file_id != upload.file_id):
    try:
        kept = KeptUpload(upload.file_id, upload.name,
                          {c: _uploaded_image(upload.getvalue(), c) for c in CHANNELS})
        st.session_state["explorer.kept_upload"] = kept
    except ImageError as err:             # say why, and show the last usable picture
        show_error(t(f"image.error_{err.kind}", name=literal(upload.name, 80)))
        st.caption(t("explorer.kept_upload", name=literal(kept.name, 80)) if kept
                   else t("explorer.kept_bundled"))
photo = Photo(f"bundled:{channel}", bundled_photo(channel))
if upload is not None and kept is not None:     # no file in the uploader: the bundled photo
    photo = Photo(f"upload:{kept.file_id}:{channel}", kept.pixels[channel])
before_col, after_slot = st.columns(2)
show_chart(photo_before(photo, t("explorer.photo_before")), key="explorer_photo_before",
           file_name="explorer-photo", where=before_col, csv_button=False)   # a picture: PNG only
st.caption(t("explorer.photo_note"))


# ---------------------------------------------------------------- what a slider move redraws
def _keep_x_width() -> None:
    """Both x-range thumbs on one value leave nothing to draw: keep one slider step between
    them (moving the upper thumb up, or the lower one down at the right end)."""
    lo, hi = st.session_state["explorer.x"]
    if hi - lo < X_STEP:
        st.session_state["explorer.x"] = ((lo, lo + X_STEP) if lo + X_STEP <= X_LIMITS[1]
                                          else (hi - X_STEP, hi))


@st.fragment
def live() -> None:
    url.restart()                          # this run registers the URL's keys afresh
    controls, chart = st.columns([1, 3], gap="large")
    with controls:
        key = ctl.widget("act", label=t("explorer.activation"),
                         format_func=lambda k: REGISTRY[k].name)     # names not translated
        act = REGISTRY[key]
        params = param_sliders(act, url)
        if not act.params:
            st.caption(t("explorer.no_params"))
        lo, hi = ctl.widget("x", label=t("explorer.x_range"), on_change=_keep_x_width)
        st.caption(t("explorer.convention", torch=act.torch))

    labels = {"f": f"f(x) = {act.name}", "df": "f′(x)", "flat": t("explorer.flat_legend"),
              "x": "x"}
    try:
        chart_spec = function_chart(act.key, params, lo, hi, labels)
        props = act.properties(**params)
        rules = kink_rules(act, **params)
    except ValueError as err:              # sliders allow only one: RReLU with lower > upper
        with chart:
            show_error(t("explorer.bad_params", name=act.name, detail=error_text(err)))
        chart_spec = props = None
        rules = []
    if chart_spec is not None:
        view = file_stem("explorer", act.key, *[v for item in params.items() for v in item])
        show_chart(chart_spec, key="explorer_chart", file_name=view, where=chart)

    formula, facts = st.columns([1, 1], gap="large")
    with formula:                          # heading and both formulas: one element
        st.markdown(f"### {t('explorer.formula')}\n\n$$\n{act.latex}\n$$\n\n"
                    f"$$\n{act.grad_latex}\n$$")
        for rule in rules:
            if rule.jump:
                st.info(t("explorer.jump", x=num(rule.x), jump=num(rule.jump),
                          value=num(rule.value)), icon="📐")
            elif rule.side != "both":
                st.info(t(f"explorer.kink_{rule.side}", x=num(rule.x), value=num(rule.value),
                          left=num(rule.left), right=num(rule.right)), icon="📐")
    if props is None:                      # the formula does not depend on the parameters;
        for slot in (facts, probe_slot, hist_slot, after_slot):   # these do: said once above
            slot.caption(t("explorer.bad_params_here"))
        url.sync()
        return
    with facts:
        property_badges(props, heading=t("explorer.properties"),
                        note=t("explorer.properties_note"))

    with probe_slot:
        try:
            xs = parse_probes(probe_text)
            probe_table(xs, *act.value_and_grad(xs, **params))
            show_torch_snippet(act.key, params, xs)
        except ParseError as err:
            value = err.values.get("value", "")
            show_error(t(f"explorer.probe_{err.code}",
                         value=literal(value) if err.code != "too_many" else value))

    hist = histogram_chart(act.key, params, seed,
                           (t("explorer.hist_before"), t("explorer.hist_after", name=act.name)),
                           t("explorer.hist_count"))
    show_chart(hist, key="explorer_hist", file_name=f"{view}-histograms", where=hist_slot)
    after = photo_after(photo, act.key, params, t("explorer.photo_after", name=act.name))
    show_chart(after, key="explorer_photo_after", file_name=f"{view}-photo", where=after_slot,
               csv_button=False)
    url.sync()


with top:
    live()
