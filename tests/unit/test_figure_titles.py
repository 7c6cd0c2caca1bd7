"""Chart titles wrap to fit a phone (actlib/figures/common.wrap_title): in columns, a
Hangul/kana/kanji character counting two; Latin and Korean break at spaces, Japanese between
characters but never before closing punctuation; lines balanced."""
import pytest

from actlib.figures.common import TITLE_COLUMNS, title_columns, wrap_title


def widths(wrapped: str) -> list[int]:
    import unicodedata
    return [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
            for line in wrapped.split("<br>")]


def test_latin_and_korean_break_at_spaces_into_balanced_lines():
    assert wrap_title("short") == "short"
    assert wrap_title("A half-width chart wraps a title this long", 33) == \
        "A half-width chart<br>wraps a title this long"       # not "…a title<br>this long"
    assert wrap_title("에포크 37 후의 결정 경계선", 14) == "에포크 37 후의<br>결정 경계선"
    assert wrap_title("Yarotsky의 구성: 블록마다 오차가 4분의 1로", 40) == \
        "Yarotsky의 구성: 블록마다<br>오차가 4분의 1로"
    assert wrap_title("a-very-long-unbreakable-word here", 10) == \
        "a-very-long-unbreakable-word<br>here"               # longer than 10, not cut


def test_japanese_breaks_between_characters_but_not_before_closing_punctuation():
    assert wrap_title("ＡＢ" * 12, 20).count("<br>") == 2          # 48 columns of kana width
    assert wrap_title("XOR：エポック 12 後の決定境界（4 点中 3 点正解）", 30).count("<br>") == 1
    text = "あいうえおかきくけこ、さしすせそ）たちつてとー"
    for columns in range(6, 40):
        lines = wrap_title(text, columns).split("<br>")
        assert "".join(lines) == text
        assert not any(line.startswith(("、", "）", "ー")) for line in lines), columns


@pytest.mark.parametrize("columns", [14, 22, 33, 40])
def test_every_line_fits_unless_one_piece_is_wider(columns):
    for text in ("Seeds (of 100) that get all four points right after 1000 epochs",
                 "1000 에포크 후 네 점을 모두 맞힌 시드 (100개 중)",
                 "1000 エポック後に 4 点すべてを正解したシード（100 個中）"):
        assert max(widths(wrap_title(text, columns))) <= columns


def test_a_larger_title_font_gets_fewer_columns():
    assert title_columns() == TITLE_COLUMNS and title_columns(19) < TITLE_COLUMNS
