"""Numbers and counts as a reader sees them: rounding noise printed as 0, pictures without
contrast get a meaningful colour bar, and counted sentences read right for 0, 1 and many."""
import io
import re

import numpy as np
import pytest
from PIL import Image

from actlib.activations import REGISTRY
from tests.app.conftest import decode, figure, new_app, open_page, texts

RELU = "views/relu_approx.py"
QUICK = dict(epochs="5", seeds="2")


def badges(at) -> str:
    """The Explorer's property badges, with the badge syntax's escaping of [ ] undone."""
    return " ".join(m.value.replace("\\", "") for m in at.markdown if "f(z)" in m.value)


@pytest.mark.parametrize("key", ["linear", "hardtanh", "softsign", "tanh", "selu"])
def test_mean_output_of_a_zero_centred_activation_is_printed_as_0(key):
    # E[f(z)] is exactly 0 for these odd functions (SELU's constants make it 0 by design);
    # the quadrature leaves ~1e-17, which is noise on the unit scale of z ~ N(0, 1).
    at = new_app(act=key)
    assert not at.exception
    said = badges(at)
    assert "E[f(z)] = 0 " in said, said
    assert not re.search(r"e−1\d|e-1\d", said), said


def test_a_real_small_mean_is_still_printed():
    at = new_app(act="relu")                          # E[ReLU(z)] = 1/√(2π) ≈ 0.399
    assert "E[f(z)] = 0.399" in badges(at)


def test_compare_table_shows_a_clean_zero_not_rounding_noise():
    at = open_page("views/compare.py", sel="linear,hardtanh,softsign,relu")
    table = at.dataframe[0].value
    means = dict(zip(table.iloc[:, 0], table.iloc[:, 4]))
    for name in ("Linear", "Hardtanh", "Softsign"):
        assert means[name] == 0.0 and not np.signbit(means[name]), (name, means[name])
    assert means["ReLU"] == pytest.approx(1 / np.sqrt(2 * np.pi), abs=1e-4)


def _one_pixel_png() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (1, 1), 200).save(buf, "PNG")
    return buf.getvalue()


def test_a_one_pixel_upload_has_a_colour_bar_around_its_value():
    # One pixel minus its median is 0, and sigmoid(0) = 0.5: no contrast in either picture,
    # so each bar spans the photo's unit scale around that value (not 0 … 1e-12).
    at = new_app(act="sigmoid")
    at.file_uploader(key="explorer.upload").set_value(("dot.png", _one_pixel_png(), "image/png")).run()
    assert not at.exception and not at.error
    for key, value in (("explorer_photo_before", 0.0), ("explorer_photo_after", 0.5)):
        bar = figure(at, key)["data"][1]["marker"]
        assert (bar["cmin"], bar["cmax"]) == pytest.approx((value - 0.5, value + 0.5)), key


def test_one_seed_and_one_unit_read_in_the_singular():
    at = open_page(RELU, epochs="5", seeds="1", parallel="1")
    assert not at.exception
    said = texts(at)
    assert "over 1 seed:" in said and "1 seeds" not in said
    assert "of 1 hidden unit ended dead" in said and "1 hidden units" not in said
    assert "of 3 hidden units ended dead" in said or "of 6 hidden units" in said
    assert "1 seed × 5 learning rates" in said


def test_many_seeds_read_in_the_plural_and_zero_dead_units_say_none():
    at = open_page(RELU, **QUICK)
    said = texts(at)
    assert "over 2 seeds:" in said and "2 seeds × 5 learning rates" in said
    assert "at most 0%" not in said
    assert ("none of its units die" in said) or re.search(r"at most (<1|[1-9]\d*)%", said)


@pytest.mark.parametrize("lang,one_seed", [("ko", "1개 시드"), ("ja", "1 個のシード")])
def test_counts_read_right_in_korean_and_japanese(lang, one_seed):
    at = open_page(RELU, lang=lang, epochs="5", seeds="1")
    assert not at.exception
    said = texts(at)
    assert one_seed in said
    assert "{" not in said                                      # every placeholder was filled
