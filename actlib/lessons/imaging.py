"""Images for the course's `plot_and_visulize`: load, normalise, activate, map to grey.

The course read a photo with `np.array(Image.open(url), dtype=np.float64)[:, :, 0] / 255.`
(the first channel), subtracted its median, and pushed every pixel through the activation
in a Python double loop. Here:

- `load_image(data)` turns uploaded bytes into a 2-D float32 array in [0, 1] whose long side
  is at most 512 px, or raises `ImageError` (a ValueError) whose `.kind` names what went
  wrong ("empty", "not_image", "truncated", "too_large") so a page can translate it.
- `bundled_photo()` is the default: assets/chelsea.jpg (CC0, see assets/README.md).
- `course_normalise(img)` = img − median(img), the course's centring: values in [−1, 1].
- `activate_image(act, img, **params)` applies a registry activation to every pixel at once.
- `to_grey(values)` maps any array to uint8 grey, min → black and max → white, as
  matplotlib's `imshow(cmap='gray')` did in the course (`value_range` gives min and max).
- `course_samples(seed)` are the course's histogram inputs: 1000 uniform samples on [0, 1)
  minus their mean.

Grey is ITU-R BT.601 luminance, Y = 0.299 R + 0.587 G + 0.114 B (what Pillow's
`convert("L")` uses, without its rounding to 8 bits); `channel="first"` keeps the course's
red channel instead. Transparent pixels are laid over white first. 16-bit, 32-bit integer
and float images ("I;16", "I", "F") have no agreed white, and `convert("L")` would clip
them at 255, so they are scaled by their own range: (v − min) / (max − min).
"""
from __future__ import annotations

import io
import re
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

MAX_SIDE = 512                                  # long side of every image we work on, px
PHOTO = Path(__file__).resolve().parents[2] / "assets" / "chelsea.jpg"
FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")   # uploads (JPEG covers MPO)
CHANNELS = ("luminance", "first")
LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)        # ITU-R BT.601

# First bytes of the formats we read: a file that starts like one of them but cannot be
# opened is damaged or cut short, not "not an image".
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM",
          b"II*\x00", b"MM\x00*")


class ImageError(ValueError):
    """An upload we cannot use. `kind` is one of KINDS; the message is a plain sentence."""

    KINDS = ("empty", "not_image", "truncated", "too_large")

    def __init__(self, kind: str, message: str):
        assert kind in self.KINDS, kind
        super().__init__(message)
        self.kind = kind


def _looks_like_image(data: bytes) -> bool:
    return data.startswith(_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _open(data: bytes) -> Image.Image:
    """Image.open on the header only, with Pillow's pixel limit made a hard error.

    Pillow raises DecompressionBombError above 2 × MAX_IMAGE_PIXELS but only warns between
    1× and 2×; we refuse both, from the header's size alone, before any pixel is decoded.
    (warnings.catch_warnings is process-wide; should two threads interleave here, a filter
    may be restored late — harmless, because the limit is enforced explicitly, not by it.)
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")      # the bomb warning (checked below), EXIF chatter
            im = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as err:  # over 2 × the limit: Pillow's own refusal
        pixels = re.search(r"\((\d+) pixels\)", str(err))
        raise ImageError("too_large", _too_large_message(int(pixels[1]) if pixels else None)) \
            from None
    except Exception as err:                                      # Pillow raises many kinds
        if _looks_like_image(data):
            raise ImageError("truncated", "The file starts like an image but its header is "
                             "damaged or cut short.") from err
        what = " It looks like text (HTML or SVG), not a picture." \
            if data.lstrip()[:1] == b"<" else ""
        raise ImageError("not_image", "This file is not an image we can read: upload a PNG, "
                         f"JPEG, WebP, GIF, BMP or TIFF file.{what}") from err
    width, height = im.size
    if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
        im.close()
        raise ImageError("too_large", _too_large_message(width * height, (width, height)))
    if width < 1 or height < 1:
        raise ImageError("truncated", "The image claims to have no pixels.")
    return im


def _too_large_message(pixels: int | None, size: tuple[int, int] | None = None) -> str:
    got = f" ({size[0]} × {size[1]} = {pixels:,} pixels)" if size else \
        f" ({pixels:,} pixels)" if pixels else ""
    return (f"The image is too large{got}: the limit is {Image.MAX_IMAGE_PIXELS:,} pixels. "
            "Scale it down and try again.")


def _target_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _high_depth_to_unit(im: Image.Image, max_side: int) -> np.ndarray:
    """'I;16*', 'I', 'F': scale by the image's own finite range, then resize in float."""
    values = np.asarray(im, dtype=np.float64)
    finite = np.isfinite(values)
    if finite.any():
        lo, hi = values[finite].min(), values[finite].max()
        values = (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)
    values = np.where(finite, values, 0.0).astype(np.float32)
    size = _target_size(im.width, im.height, max_side)
    if size != im.size:
        values = np.asarray(Image.fromarray(values).resize(
            size, Image.Resampling.LANCZOS, reducing_gap=3.0))
    return values


def _eight_bit_to_unit(im: Image.Image, channel: str, max_side: int) -> np.ndarray:
    """Every 8-bit mode: to L/LA/RGB/RGBA, resize, lay transparency over white, to grey."""
    if im.mode == "1":
        im = im.convert("L")
    elif im.mode in ("L", "LA", "RGB", "RGBA"):
        pass
    elif im.mode == "La":
        im = im.convert("LA")
    elif im.mode == "LAB":                   # L* is already lightness: keep that band
        im = im.getchannel(0)
    else:                                    # P, PA, CMYK, YCbCr, RGBX, RGBa, HSV, …
        has_alpha = "A" in im.mode or "a" in im.mode or "transparency" in im.info
        im = im.convert("RGBA" if has_alpha else "RGB")
    size = _target_size(im.width, im.height, max_side)
    if size != im.size:                      # Pillow premultiplies alpha while resizing
        im = im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    pixels = np.asarray(im, dtype=np.float32) / np.float32(255)
    if pixels.ndim == 2:                     # L
        return pixels
    colour, alpha = (pixels[..., :-1], pixels[..., -1:]) if im.mode in ("LA", "RGBA") \
        else (pixels, None)
    if alpha is not None:                    # over white: c·a + 1·(1 − a)
        colour = colour * alpha + (1 - alpha)
    if colour.shape[-1] == 1 or channel == "first":
        return np.ascontiguousarray(colour[..., 0])
    return colour @ LUMA


def load_image(data: bytes, channel: str = "luminance", max_side: int = MAX_SIDE) -> np.ndarray:
    """Bytes of a PNG/JPEG/WebP/GIF/BMP/TIFF → 2-D float32 array in [0, 1], long side ≤ max_side.

    EXIF orientation is applied (a phone's portrait photo stays upright); an animation gives
    its first frame. `channel` is "luminance" (BT.601 grey) or "first" (the course's
    `[:, :, 0]`, the red channel; grey images have only one). Raises ImageError.
    """
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}, not {channel!r}.")
    if not data:
        raise ImageError("empty", "The file is empty.")
    im = _open(bytes(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if im.format == "JPEG" or im.format == "MPO":
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: never more than needed.
                im.draft(None, (max_side, max_side))
            im.load()
            im = ImageOps.exif_transpose(im)
            if im.mode.startswith("I") or im.mode == "F":
                grey = _high_depth_to_unit(im, max_side)
            else:
                grey = _eight_bit_to_unit(im, channel, max_side)
    except ImageError:
        raise
    except MemoryError:
        raise ImageError("too_large", _too_large_message(im.width * im.height, im.size)) \
            from None
    except Exception as err:                 # OSError "image file is truncated", zlib, …
        raise ImageError("truncated", "The image is damaged or cut short: its pixels could "
                         "not be read completely.") from err
    return np.ascontiguousarray(np.clip(grey, 0, 1), dtype=np.float32)


@lru_cache(maxsize=2)
def bundled_photo(channel: str = "luminance") -> np.ndarray:
    """The default photo (Chelsea the cat, CC0), 451 × 300, read-only: copy before editing."""
    img = load_image(PHOTO.read_bytes(), channel=channel)
    img.flags.writeable = False
    return img


def course_normalise(img: np.ndarray) -> np.ndarray:
    """img − median(img): the course's centring (after its /255), so values lie in [−1, 1]."""
    img = np.asarray(img, dtype=np.float32)
    return img - np.median(img).astype(np.float32)


def activate_image(act, img: np.ndarray, **params) -> np.ndarray:
    """f(img) for a registry activation (or its key), all pixels at once, in float32.

    float32 halves the memory traffic of every temporary the activation makes (pixel values
    lie in [−1, 1], far from where float32 loses anything an eye could see).
    """
    if isinstance(act, str):
        from actlib.activations import get
        act = get(act)
    x = np.ascontiguousarray(img, dtype=np.float32)
    return np.asarray(act.fn(x, **params), dtype=np.float32)


def value_range(values: np.ndarray) -> tuple[float, float]:
    """(min, max) over the finite values; (0, 0) when there are none."""
    values = np.asarray(values)
    finite = values[np.isfinite(values)]
    return (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)


def to_grey(values: np.ndarray, lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """Map values to uint8 grey: lo → 0 (black), hi → 255 (white); default lo/hi = min/max.

    A constant image (lo = hi) maps to mid-grey 128, as there is no contrast to show.
    Non-finite values become black.
    """
    values = np.asarray(values, dtype=np.float32)
    auto_lo, auto_hi = value_range(values)
    lo = auto_lo if lo is None else lo
    hi = auto_hi if hi is None else hi
    finite = np.isfinite(values)
    if not hi > lo:
        return np.where(finite, 128, 0).astype(np.uint8)
    scaled = (np.where(finite, values, lo) - np.float32(lo)) * np.float32(255 / (hi - lo))
    return np.clip(scaled + 0.5, 0, 255).astype(np.uint8)


def course_samples(seed: int, n: int = 1000) -> np.ndarray:
    """n uniform samples on [0, 1) minus their mean (the course's histogram input), float64."""
    samples = np.random.default_rng(seed).random(n)
    return samples - samples.mean()
