"""actlib.lessons.imaging and actlib.figures.images: every mode, EXIF, animation, each error kind.

Hostile files are built small: an "oversized" image is a PNG/GIF/BMP whose header claims
huge dimensions (with a valid CRC), never an allocated one.
"""
import base64
import io
import json
import struct
import warnings
import zlib

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from actlib.activations import REGISTRY
from actlib.figures.images import (grey_data_uri, histogram_figure, image_figures,
                                   payload_bytes)
from actlib.lessons.imaging import (MAX_SIDE, PHOTO, ImageError, activate_image, bundled_photo,
                            course_normalise, course_samples, load_image,
                            to_grey)

RNG = np.random.default_rng(7)
RGB = (RNG.random((30, 50, 3)) * 255).astype(np.uint8)
LUMA = np.array([0.299, 0.587, 0.114])


def typed_array(spec: dict) -> np.ndarray:
    """plotly's typed-array spec {"dtype", "bdata"} → the numpy array it encodes."""
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))


def encode(im: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A 60-byte PNG whose IHDR claims width × height 8-bit grey pixels (valid CRCs)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(b"\0" * 16)) + png_chunk(b"IEND", b""))


# ---------------------------------------------------------------- modes
def test_rgb_is_bt601_luminance_and_first_is_red():
    data = encode(Image.fromarray(RGB))
    grey = load_image(data)
    assert grey.dtype == np.float32 and grey.shape == (30, 50)
    np.testing.assert_allclose(grey, RGB @ LUMA / 255, atol=1e-6)
    # Pillow's own convert("L") is the same formula rounded to 8 bits
    pillow = np.asarray(Image.fromarray(RGB).convert("L")) / 255
    assert np.abs(grey - pillow).max() <= 1 / 255 + 1e-6
    np.testing.assert_allclose(load_image(data, channel="first"), RGB[..., 0] / 255, atol=1e-6)


def test_course_first_channel_matches_course_expression():
    """The course: np.array(Image.open(url), dtype=np.float64)[:, :, 0] / 255."""
    data = PHOTO.read_bytes()
    course = np.array(Image.open(io.BytesIO(data)), dtype=np.float64)[:, :, 0] / 255.
    np.testing.assert_allclose(bundled_photo("first"), course, atol=1e-6)


@pytest.mark.parametrize("mode", ["L", "1", "P", "CMYK", "YCbCr", "RGBX"])
def test_eight_bit_modes_give_the_same_grey_as_pillow(mode):
    im = Image.fromarray(RGB).convert(mode)
    fmt = "TIFF" if mode in ("CMYK", "YCbCr", "RGBX") else "PNG"
    grey = load_image(encode(im, fmt))
    expected = np.asarray(im.convert("RGB"), dtype=np.float64) @ LUMA / 255
    assert grey.shape == (30, 50)
    assert np.abs(grey - expected).max() < 1e-5


def test_mode_1_is_black_and_white():
    bits = Image.fromarray(RGB[..., 0] > 128)
    grey = load_image(encode(bits))
    assert set(np.unique(grey)) <= {0.0, 1.0}
    np.testing.assert_array_equal(grey, RGB[..., 0] > 128)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "PA"])
def test_transparency_is_laid_over_white(mode):
    rgba = np.zeros((4, 6, 4), np.uint8)
    rgba[..., :3] = 40                        # dark grey …
    rgba[:, :3, 3] = 255                      # … opaque on the left,
    rgba[:, 3:, 3] = 0                        # fully transparent on the right
    im = Image.fromarray(rgba, "RGBA").convert(mode)
    grey = load_image(encode(im, "PNG" if mode != "PA" else "TIFF"))
    np.testing.assert_allclose(grey[:, :3], 40 / 255, atol=2e-3)
    np.testing.assert_allclose(grey[:, 3:], 1.0, atol=1e-6)


def test_palette_with_transparent_index_over_white():
    im = Image.new("P", (4, 4), 1)
    im.putpalette([0, 0, 0, 10, 10, 10] + [0] * 762)
    im.info["transparency"] = 1
    assert np.allclose(load_image(encode(im, "PNG", transparency=1)), 1.0)


def test_16_bit_is_scaled_by_its_own_range_not_clipped():
    values = np.array([[1000, 2000], [3000, 5000]], dtype=np.uint16)
    im = Image.fromarray(values)
    assert im.mode == "I;16"
    for fmt in ("PNG", "TIFF"):
        grey = load_image(encode(im, fmt))
        np.testing.assert_allclose(grey, (values - 1000) / 4000, atol=1e-6)
    # convert("L") would have clipped every one of these to white
    assert np.all(np.asarray(im.convert("L")) == 255)


@pytest.mark.parametrize("mode,values", [
    ("I", np.array([[-70000, 0], [70000, 140000]], dtype=np.int32)),
    ("F", np.array([[-2.5, 0.0], [2.5, 7.5]], dtype=np.float32)),
])
def test_32_bit_and_float_are_scaled_by_their_own_range(mode, values):
    im = Image.fromarray(values, mode)
    grey = load_image(encode(im, "TIFF"))
    np.testing.assert_allclose(grey, (values - values.min()) / np.ptp(values), atol=1e-6)


def test_constant_high_depth_image_is_black_not_nan():
    im = Image.fromarray(np.full((3, 3), 1234, np.uint16))
    grey = load_image(encode(im, "PNG"))
    assert np.all(grey == 0)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"])
def test_every_upload_format_loads(fmt):
    im = Image.fromarray(RGB)
    grey = load_image(encode(im, fmt))
    assert grey.shape == (30, 50) and 0 <= grey.min() and grey.max() <= 1
    assert np.abs(grey - RGB @ LUMA / 255).mean() < 0.05      # lossy formats stay close


# ---------------------------------------------------------------- geometry
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_orientation_is_applied(fmt):
    stripe = np.zeros((20, 40), np.uint8)
    stripe[:, :10] = 255                      # white on the left of a landscape image
    exif = Image.Exif()
    exif[0x0112] = 6                          # "rotate 90° clockwise to display"
    kw = {"quality": 95} if fmt == "JPEG" else {"lossless": True} if fmt == "WEBP" else {}
    grey = load_image(encode(Image.fromarray(stripe), fmt, exif=exif.tobytes(), **kw))
    assert grey.shape == (40, 20)             # now portrait …
    assert grey[:8].mean() > 0.9 and grey[12:].mean() < 0.1   # … with the stripe on top


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP", "TIFF"])
def test_animation_gives_its_first_frame(fmt):
    frames = [Image.new("L", (8, 8), v) for v in (50, 200, 120)]
    kw = {"lossless": True} if fmt == "WEBP" else {}
    data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], **kw)
    assert getattr(Image.open(io.BytesIO(data)), "n_frames", 1) == 3
    np.testing.assert_allclose(load_image(data), 50 / 255, atol=1e-6)


def test_long_side_is_capped_and_aspect_kept():
    big = Image.fromarray(np.tile(RGB, (40, 40, 1)))            # 1200 × 2000
    for fmt in ("PNG", "JPEG"):
        grey = load_image(encode(big, fmt))
        assert grey.shape == (307, 512)
    small = load_image(encode(big, "PNG"), max_side=100)
    assert max(small.shape) == 100
    stripes = np.zeros((1024, 1024), np.uint8)
    stripes[:, 512:] = 255
    grey = load_image(encode(Image.fromarray(stripes)))
    assert grey.shape == (MAX_SIDE, MAX_SIDE)
    assert grey[:, :250].max() < 0.01 and grey[:, 262:].min() > 0.99   # edges stay put


def test_large_16_bit_image_is_scaled_then_resized():
    ramp = np.tile(np.linspace(1000, 3000, 1024).astype(np.uint16), (600, 1))
    grey = load_image(encode(Image.fromarray(ramp), "PNG"))
    assert grey.shape == (300, 512) and grey.dtype == np.float32
    assert grey[:, 0].max() < 0.01 and grey[:, -1].min() > 0.99
    np.testing.assert_allclose(grey[0, 256], 0.5, atol=0.01)


def test_bundled_photo():
    photo = bundled_photo()
    assert photo.shape == (300, 451) and photo.dtype == np.float32
    assert 0 <= photo.min() < 0.2 and 0.6 < photo.max() <= 1
    assert not photo.flags.writeable                       # shared, cached: read-only
    assert PHOTO.stat().st_size < 200 * 1024


# ---------------------------------------------------------------- errors
def kind_of(data) -> str:
    with pytest.raises(ImageError) as info:
        load_image(data)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert message.endswith(".") and "Traceback" not in message and len(message) < 200
    return info.value.kind


def test_empty():
    assert kind_of(b"") == "empty"


@pytest.mark.parametrize("data", [
    b"<!DOCTYPE html><html><body>not a picture</body></html>",
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    b"just some text",
    bytes(range(256)) * 4,
])
def test_not_an_image(data):
    assert kind_of(data) == "not_image"


def test_html_and_svg_are_named_in_the_message():
    with pytest.raises(ImageError, match="HTML or SVG"):
        load_image(b"  <svg></svg>")


def test_formats_outside_the_upload_list_are_refused():
    assert kind_of(encode(Image.fromarray(RGB), "PPM")) == "not_image"


@pytest.mark.parametrize("fmt,cut", [("PNG", 0.5), ("JPEG", 0.5), ("PNG", 30), ("GIF", 0.6),
                                     ("WEBP", 0.5), ("TIFF", 0.5), ("BMP", 0.5)])
def test_truncated(fmt, cut):
    data = encode(Image.fromarray(RGB), fmt)
    keep = int(len(data) * cut) if cut < 1 else cut
    assert kind_of(data[:keep]) == "truncated"


def test_over_the_pixel_limit_from_a_crafted_header():
    limit = Image.MAX_IMAGE_PIXELS
    side = int(np.ceil(np.sqrt(limit)))               # just over the limit: Pillow only warns
    assert side * side > limit and side * side < 2 * limit
    with warnings.catch_warnings():
        warnings.simplefilter("error")                # and no warning leaks out of ours
        for data in (png_claiming(side, side), png_claiming(20000, 20000),
                     png_claiming(limit + 1, 1)):
            assert kind_of(data) == "too_large"
    assert len(png_claiming(20000, 20000)) < 100


def test_just_under_the_limit_is_not_refused_for_its_size():
    side = int(np.sqrt(Image.MAX_IMAGE_PIXELS)) - 1
    # The header is honest about its size but carries almost no pixel data: truncated.
    assert kind_of(png_claiming(side, side)) == "truncated"


def test_other_headers_over_the_limit():
    gif = bytearray(encode(Image.new("L", (4, 4)), "GIF"))
    gif[6:10] = struct.pack("<HH", 65535, 65535)      # logical screen 65535 × 65535
    assert kind_of(bytes(gif)) == "too_large"
    bmp = bytearray(encode(Image.new("L", (4, 4)), "BMP"))
    bmp[18:26] = struct.pack("<ii", 30000, 30000)
    assert kind_of(bytes(bmp)) == "too_large"


def test_error_kinds_are_the_documented_ones():
    assert ImageError.KINDS == ("empty", "not_image", "truncated", "too_large")
    with pytest.raises(ValueError, match="channel"):
        load_image(encode(Image.fromarray(RGB)), channel="green")


# ---------------------------------------------------------------- the course's pipeline
def test_course_normalise_centres_on_the_median():
    img = course_normalise(bundled_photo())
    assert abs(float(np.median(img))) < 1e-6
    assert -1 <= img.min() and img.max() <= 1


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_activate_image_equals_the_course_loop(key):
    img = course_normalise(bundled_photo())[::10, ::10]      # 30 × 46: the loop is slow
    act = REGISTRY[key]
    params = act.defaults()
    fast = activate_image(act, img, **params)
    slow = np.zeros(img.shape)                # the course's loop, one Python call per pixel
    h, w = img.shape
    for i in range(w):
        for j in range(h):
            slow[j][i] += act.fn(np.float64(img[j][i]), **params)
    assert fast.dtype == np.float32 and fast.shape == img.shape
    np.testing.assert_allclose(fast, slow, rtol=1e-5, atol=1e-6)


def test_activate_image_takes_keys_and_parameters_and_blocks():
    img = course_normalise(bundled_photo())
    out = activate_image("leaky_relu", img, alpha=0.5)       # > one CHUNK of pixels
    np.testing.assert_allclose(out, np.where(img > 0, img, 0.5 * img), atol=1e-7)
    with pytest.raises(ValueError):
        activate_image("no_such_activation", img)


def test_to_grey_maps_min_to_black_and_max_to_white():
    values = np.array([[-2.0, 0.0], [1.0, 2.0]])
    np.testing.assert_array_equal(to_grey(values), [[0, 128], [191, 255]])
    np.testing.assert_array_equal(to_grey(np.full((2, 2), 3.0)), 128)
    np.testing.assert_array_equal(to_grey(values, lo=0, hi=1), [[0, 0], [255, 255]])
    assert to_grey(np.array([np.nan, 0.0, 1.0]))[0] == 0


def test_course_samples():
    s = course_samples(3)
    assert s.shape == (1000,) and abs(s.mean()) < 1e-15
    uniform = np.random.default_rng(3).random(1000)
    assert uniform.min() >= 0 and uniform.max() < 1
    np.testing.assert_allclose(s, uniform - uniform.mean(), atol=1e-15)
    np.testing.assert_array_equal(s, course_samples(3))
    assert not np.array_equal(s, course_samples(4))


# ---------------------------------------------------------------- figures
def decode_uri(uri: str) -> np.ndarray:
    head, data = uri.split(",", 1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))))


def test_image_figures_ship_compressed_grey_that_decodes_to_the_image():
    before = course_normalise(bundled_photo())
    after = activate_image("relu", before)
    fig_before, fig_after = image_figures(before, after, ("before", "after"))
    for fig in (fig_before, fig_after):
        go.Figure(fig.to_dict())                  # plotly's validating constructor accepts it
    for fig, values in ((fig_before, before), (fig_after, after)):
        uri = fig.data[0].source
        assert uri.startswith("data:image/jpeg;base64,")
        pixels = decode_uri(uri)
        assert pixels.shape == values.shape
        assert np.abs(pixels.astype(float) - to_grey(values)).mean() < 4   # JPEG, q 80
        assert fig.data[1].marker.cmin == pytest.approx(float(values.min()))
        assert fig.data[1].marker.cmax == pytest.approx(float(values.max()))
        assert payload_bytes(fig) < 60_000
    assert fig_after.layout.title.text == "after"


def test_few_grey_levels_go_as_exact_png():
    before = course_normalise(bundled_photo())
    _, fig = image_figures(before, activate_image("binary_step", before), ("a", "b"))
    uri = fig.data[0].source
    assert uri.startswith("data:image/png;base64,")
    np.testing.assert_array_equal(decode_uri(uri), np.where(before >= 0, 255, 0))
    assert grey_data_uri(np.full((3, 3), 7, np.uint8)).startswith("data:image/png")


def test_histogram_figure_has_the_courses_100_bins():
    samples = course_samples(0)
    act = REGISTRY["relu"]
    fig = histogram_figure(samples, act.fn(samples), ("x", "ReLU(x)"))
    spec = json.loads(fig.to_json())
    assert len(fig.data) == 2
    go.Figure(fig.to_dict())                      # plotly's validating constructor accepts it
    for trace, values in zip(fig.data, (samples, act.fn(samples))):
        counts = typed_array(trace.y)
        assert counts.shape == (100,) and counts.sum() == 1000
        np.testing.assert_array_equal(counts, np.histogram(values, 100)[0])
    assert int(typed_array(fig.data[1].y)[0]) == int(np.sum(samples <= 0)) + \
        int(np.sum((samples > 0) & (samples < np.ptp(act.fn(samples)) / 100)))
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["x", "ReLU(x)"]
    assert payload_bytes(fig) < 8_000
