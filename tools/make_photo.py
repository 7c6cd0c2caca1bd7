"""Make assets/chelsea.jpg, the Explorer's bundled photo, from scikit-image's wheel.

The photo is "Chelsea the cat" by Stefan van der Walt, shipped inside scikit-image as
`skimage/data/chelsea.png` and released under CC0 ("No copyright restrictions. CC0 by the
photographer", skimage.data.chelsea's docstring). scikit-image is NOT a dependency of
Activation Lab: the wheel is fetched once, the PNG is read straight out of the zip, and
only the re-encoded JPEG is committed.

    pip download --no-deps scikit-image -d /tmp/skimage
    python tools/make_photo.py /tmp/skimage/scikit_image-*.whl

The source is 451 × 300 RGB (240 KB as PNG). It is already under the 512 px long side that
actlib.lessons.imaging works at, so it is kept at full size and only re-encoded: baseline JPEG,
quality 90, 4:2:0 chroma, no metadata — about 34 KB, far under the 200 KB budget.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from PIL import Image

MEMBER = "skimage/data/chelsea.png"
OUT = Path(__file__).resolve().parents[1] / "assets" / "chelsea.jpg"
MAX_BYTES = 200 * 1024


def make_photo(wheel: Path, out: Path = OUT) -> int:
    """Re-encode the wheel's chelsea.png as a JPEG at `out`; returns its size in bytes."""
    with zipfile.ZipFile(wheel) as zf:
        png = zf.read(MEMBER)
    with Image.open(io.BytesIO(png)) as img:
        rgb = img.convert("RGB")
    buf = io.BytesIO()
    rgb.save(buf, "JPEG", quality=90, optimize=True, subsampling="4:2:0")
    if buf.tell() > MAX_BYTES:
        raise SystemExit(f"{out.name} would be {buf.tell()} bytes, over {MAX_BYTES}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return buf.tell()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    size = make_photo(Path(sys.argv[1]))
    print(f"wrote {OUT} ({size} bytes)")
