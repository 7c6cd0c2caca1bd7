"""Hostile input catalogue: hand-edited URLs, slider ends, odd uploads, diverging training.

Every page listed in app.py is driven with each input; each must end in a clear message on
the page (or simply work, for inputs that are odd but valid), never in a traceback, and the
page must keep drawing its charts. User text is never rendered as HTML: URL values come back
as code spans, and no page passes user input to unsafe_allow_html / st.html.

Hostile files are built here, small: the "too many pixels" images are a few hundred bytes
whose headers claim huge sizes; nothing huge is ever allocated. The upload over
server.maxUploadSize is refused by Streamlit before our code runs, so only a browser can
tell (tests/browser/test_hostile_browser.py).
"""
from __future__ import annotations

import base64
import io
import re
import struct
import tomllib
import zlib

import numpy as np
import pytest
import streamlit as st
from PIL import Image
from streamlit.testing.v1 import AppTest

from actlib.activations import REGISTRY
from tests.app.conftest import APP, ROOT, figure
from tests.app.test_all_pages import TEXT_PAGES, listed_pages

PAGES = [p for p in listed_pages() if p not in TEXT_PAGES]   # the glossary has no settings
FORM_SUBMIT = {p: "relu.train" for p in PAGES if p.endswith("/relu_approx.py")}  # submit applies a form


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Override conftest's per-test clear: caches are keyed on every parameter, so sharing
    them is sound, and retraining the default networks for every case would cost minutes."""
    yield


@pytest.fixture(scope="module", autouse=True)
def _clear_once():
    st.cache_data.clear()
    yield


def open_page(page: str, **query) -> AppTest:
    """`page` opened the way a link opens it: with `query` as its only URL parameters."""
    at = AppTest.from_file(APP, default_timeout=120)
    if page == PAGES[0]:                                  # the default page reads the URL
        for name, value in query.items():
            at.query_params[name] = value
        return at.run()
    at.run()
    for name in list(at.query_params):                    # a browser clears them on a switch
        del at.query_params[name]
    for name, value in query.items():
        at.query_params[name] = value
    return at.switch_page(page).run()


def assert_still_working(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("plotly_chart"), "the page stopped drawing its charts"


def alerts(at: AppTest) -> str:
    return "\n".join(str(el.value) for kind in ("warning", "error", "info")
                     for el in at.get(kind))


_names: dict[str, list[str]] = {}


def url_names(page: str) -> list[str]:
    """The page's URL parameters, as its own sync() writes them (lang excepted)."""
    if page not in _names:
        at = open_page(page)
        assert_still_working(at)
        _names[page] = [n for n in at.query_params if n != "lang"]
        assert _names[page], f"{page} keeps no state in the URL"
    return _names[page]


# ------------------------------------------------------------------------------ URL values
NEVER_VALID = ["nan", "inf", "-inf", "1e308", "unknown_xyz",
               "<b>bold</b>", "<script>alert(1)</script>", "](javascript:alert(1))"]
ODD = ["-1", "0", "", "99999999999999999999999", "1,2,3", "０", "%00"]


@pytest.mark.parametrize("value", NEVER_VALID)
@pytest.mark.parametrize("page", PAGES)
def test_invalid_url_values_fall_back_with_a_note(page, value):
    names = url_names(page)
    at = open_page(page, **{name: value for name in names})
    assert_still_working(at)
    notes = alerts(at)
    for name in names:
        assert f"{name}=" in notes, f"no note for ?{name}={value!r}:\n{notes}"
    # The value is quoted back as a code span, never as markup or a link.
    shown = value[:40].replace("`", "'")
    assert f"`{shown}`" in notes
    for name in names:                                    # and the URL is repaired
        assert at.query_params[name] != value


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("page", PAGES)
def test_odd_url_values_never_break_a_page(page, value):
    at = open_page(page, **{name: value for name in url_names(page)})
    if page == "views/playground.py" and value == "0":
        # every input toggle off is a valid choice: the page says what to do instead of
        # drawing a network that looks at nothing
        assert not at.exception, [e.value for e in at.exception]
        assert "Switch on at least one input" in alerts(at)
        return
    assert_still_working(at)


def test_unknown_language_and_activation_names_are_noted():
    at = open_page(PAGES[0], lang="xx<b>", act="not_an_activation")
    assert_still_working(at)
    notes = alerts(at)
    assert "`xx<b>`" in notes or "“xx<b>”" in notes, notes
    assert "act=" in notes


# ------------------------------------------------------------------------------ sliders
def _ends(at: AppTest, page: str, end: str) -> AppTest:
    """Every slider of the page at its `end` ("min" or "max") at once, then the page runs."""
    for slider in at.slider:
        lo, hi = slider.min, slider.max
        value = lo if end == "min" else hi
        slider.set_value((value, value) if isinstance(slider.value, tuple) else value)
    if page in FORM_SUBMIT:
        at.button(key=FORM_SUBMIT[page]).click()
    return at.run()


@pytest.mark.parametrize("end", ["min", "max"])
@pytest.mark.parametrize("page", PAGES)
def test_every_slider_at_its_end(page, end):
    at = open_page(page)
    count = len(at.slider)
    assert count, f"{page} has no sliders"
    # one at a time, by position: the perceptron's epoch slider takes a new key whenever the
    # page moves the epoch (views/perceptron.py), e.g. when the epochs slider is at its end
    for i in range(count):
        slider = at.slider[i]
        value = slider.min if end == "min" else slider.max
        if isinstance(slider.value, tuple):
            value = (slider.min, slider.min + (slider.max - slider.min) / 100) \
                if end == "min" else (slider.max - (slider.max - slider.min) / 100, slider.max)
        slider.set_value(value)
        if page in FORM_SUBMIT:
            at.button(key=FORM_SUBMIT[page]).click()
        at.run()
        assert_still_working(at)
    at = _ends(at, page, end)                             # …then all together
    if at.slider and any(isinstance(sl.value, tuple) for sl in at.slider) and \
            not at.get("plotly_chart"):
        # A range slider with both thumbs on one value is an empty range: said, not drawn.
        assert not at.exception and at.error, "an empty range needs a message"
    else:
        assert_still_working(at)


@pytest.mark.parametrize("act", list(REGISTRY))
def test_explorer_parameter_sliders_at_both_ends(act):
    at = open_page(PAGES[0], act=act)
    for end in ("min", "max"):
        for p in REGISTRY[act].params:
            slider = at.slider(key=f"{act}.{p.name}")
            slider.set_value(slider.min if end == "min" else slider.max)
        at.run()
        assert_still_working(at)
        for trace in figure(at, "explorer_chart")["data"][:2]:
            y = trace["y"]
            assert y, f"{act} at {end}: empty curve"


# ------------------------------------------------------------------------------ training
@pytest.mark.parametrize("page, query, note", [
    # Adam's steps are bounded by lr, so the ReLU page at its top rate mostly does not blow
    # up: it must still draw (its own "diverged" note appears when a run does).
    ("relu_approx.py", {"lr": "1", "seeds": "2", "epochs": "30"}, False),
    ("relu_approx.py", {"lr": "1", "seeds": "2", "epochs": "30", "activation": "linear",
                        "target": "x3"}, False),
    ("gate_networks.py", {"lr": "100", "act": "linear", "epochs": "200", "seeds": "10"}, True),
    ("gate_networks.py", {"lr": "100", "act": "relu", "epochs": "200", "seeds": "10"}, True),
    ("gate_networks.py", {"lr": "100", "act": "softplus", "hidden": "8", "epochs": "200",
                          "seeds": "10"}, True),
    ("perceptron.py", {"lr": "1", "threshold": "1", "epochs": "5"}, False),
])
def test_diverging_training_ends_in_a_message(page, query, note):
    page = next(p for p in PAGES if p.endswith("/" + page))
    at = open_page(page, **query)
    assert_still_working(at)
    for name, value in query.items():                     # the link was taken as given
        assert at.query_params[name] == value, (name, at.query_params[name])
    if note:
        assert alerts(at), "a training run this wild deserves a word on the page"


# ------------------------------------------------------------------------------ uploads
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytes:
    """A valid-looking PNG header that claims width × height pixels, with 1 row of data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)       # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _png_chunk(b"IEND", b""))


def encoded(image: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kw)
    return buf.getvalue()


def gradient(w: int = 40, h: int = 20, mode: str = "RGB") -> Image.Image:
    a = (np.arange(w * h).reshape(h, w) * 255 // (w * h)).astype(np.uint8)
    return Image.fromarray(np.stack([a, 255 - a, a // 2], axis=-1)).convert(mode)


def exif_rotated() -> bytes:
    """40 wide × 20 high stored, EXIF orientation 6: shown 20 wide × 40 high."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return encoded(gradient(40, 20), "JPEG", exif=exif.tobytes())


def animated_gif() -> bytes:
    frames = [Image.new("P", (16, 16), i * 40) for i in range(3)]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100,
                   loop=0)


def sixteen_bit() -> bytes:
    a = (np.arange(32 * 24).reshape(24, 32) * 80).astype("<u2")
    return encoded(Image.frombytes("I;16", (32, 24), a.tobytes()), "PNG")


def palette_with_transparency() -> bytes:
    im = gradient(24, 24).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    return encoded(im, "PNG", transparency=0)


GOOD_UPLOADS = {      # odd but real pictures: they must simply work
    "sixteen_bit.png": sixteen_bit,
    "cmyk.jpg": lambda: encoded(gradient(30, 20, "CMYK"), "JPEG"),
    "palette.png": palette_with_transparency,
    "animated.gif": animated_gif,
    "exif_rotated.jpg": exif_rotated,
    "one_pixel.png": lambda: encoded(Image.new("RGB", (1, 1), (10, 200, 30)), "PNG"),
    "greyscale_alpha.png": lambda: encoded(gradient(20, 20, "LA"), "PNG"),
    "float.tif": lambda: encoded(Image.fromarray(np.linspace(-1, 1, 400, dtype=np.float32)
                                                 .reshape(20, 20), mode="F"), "TIFF"),
}
BAD_UPLOADS = {       # not usable: a clear message, and the previous picture stays
    "empty.png": lambda: b"",
    "truncated.png": lambda: encoded(gradient(64, 64), "PNG")[:120],
    "truncated.jpg": lambda: encoded(gradient(64, 64), "JPEG")[:300],
    "text.png": lambda: b"hello, this is not a picture\n" * 20,
    "page.png": lambda: b"<!doctype html><html><body><script>alert(1)</script></body></html>",
    "drawing.png": lambda: (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                            b'<script>alert(1)</script><rect width="10" height="10"/></svg>'),
    "bomb.png": lambda: png_claiming(50_000, 50_000),       # > 2 × Pillow's limit: an error
    "over_limit.png": lambda: png_claiming(10_000, 10_000),  # > limit: Pillow only warns
    "<b>bold</b>.png": lambda: b"GIF89a" + b"\x00" * 10,
}


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="explorer.upload").set_value((name, data, "image/png"))
    return at.run()


def photo_before(at: AppTest) -> dict:
    return figure(at, "explorer_photo_before")


@pytest.mark.parametrize("name", list(GOOD_UPLOADS))
def test_odd_but_real_pictures_are_used(name):
    at = open_page(PAGES[0])
    default = photo_before(at)
    upload(at, name, GOOD_UPLOADS[name]())
    assert_still_working(at)
    assert not at.error, [e.value for e in at.error]
    assert photo_before(at) != default, "the upload did not replace the photo"


def test_exif_orientation_is_applied():
    at = upload(open_page(PAGES[0]), "exif_rotated.jpg", exif_rotated())
    assert_still_working(at)
    spec = photo_before(at)
    trace = spec["data"][0]
    size = trace.get("z") or trace.get("source")
    if isinstance(size, list):                             # z rows × columns
        assert (len(size), len(size[0])) == (40, 20)
    else:                                                  # a PNG or JPEG data URI
        picture = Image.open(io.BytesIO(base64.b64decode(size.split(",", 1)[1])))
        assert picture.size == (20, 40)


@pytest.mark.parametrize("name", list(BAD_UPLOADS))
def test_unusable_uploads_end_in_a_message_and_keep_the_last_picture(name):
    at = open_page(PAGES[0])
    upload(at, "one_pixel.png", GOOD_UPLOADS["one_pixel.png"]())
    good = photo_before(at)
    upload(at, name, BAD_UPLOADS[name]())
    assert_still_working(at)
    assert at.error, f"no message for {name}"
    message = " ".join(str(e.value) for e in at.error)
    assert "<b>" not in message.replace("`<b>bold</b>.png`", ""), message
    assert photo_before(at) == good
    at.slider(key="elu.alpha").set_value(0.5).run()       # and the page goes on working
    assert_still_working(at)


# ------------------------------------------------------------------------------ settings
def test_no_page_hands_user_input_to_html():
    offenders = []
    for path in [*(ROOT / "views").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"]:
        source = path.read_text()
        if path == ROOT / "ui" / "browser.py":
            continue                                  # fixed scripts of our own: see below
        # st.html with a <style> only (glossary, presenter mode): CSS, whose one variable part
        # is widget keys passed through present.css_key (checked below), never user text
        for pattern in (r"unsafe_allow_html\s*=\s*True", r"\bst\.html\((?!f?\"<style>)",
                        r"components\.html\(",
                        r"unsafe_allow_javascript\s*=\s*True"):
            offenders += [f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, source)]
    assert offenders == []
    from ui import browser                            # the one module that sends a script:
    assert "st.session_state" not in (ROOT / "ui" / "browser.py").read_text()
    assert "st.query_params" not in (ROOT / "ui" / "browser.py").read_text()
    assert browser.HISTORY_SCRIPT.count("<script>") == 1     # one constant text, no input
    from ui.present import css_key
    assert re.fullmatch(r"st-key-[a-zA-Z0-9_-]+", css_key('a}</style><script>x"'))


def test_xsrf_protection_stays_on_and_the_upload_limit_is_set():
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        server = tomllib.load(f)["server"]
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True          # XSRF needs CORS protection on
    assert 1 <= server["maxUploadSize"] <= 50
