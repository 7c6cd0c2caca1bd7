"""Every string exists in English, Korean and Japanese, with the same placeholders."""
import re
import string
from pathlib import Path

import pytest

from ui.i18n import LANGS, catalogue

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")      # hiragana, katakana, kanji
PROSE = re.compile(r"[a-z]{4,}")       # an English word: names and formulas have none


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def needs_translation(text: str) -> bool:
    return bool(PROSE.search(re.sub(r"\{[^}]*\}", "", text)))


EN = catalogue("en")


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_same_keys_in_every_language(lang):
    other = catalogue(lang)
    assert sorted(set(EN) - set(other)) == [], f"missing in {lang}"
    assert sorted(set(other) - set(EN)) == [], f"only in {lang}"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_placeholders_match(lang):
    other = catalogue(lang)
    bad = [k for k in EN if k in other and placeholders(EN[k]) != placeholders(other[k])]
    assert bad == []


def test_korean_is_korean():
    ko = catalogue("ko")
    bad = [k for k, v in EN.items() if needs_translation(v) and not HANGUL.search(ko.get(k, ""))]
    assert bad == []


def test_japanese_is_japanese():
    ja = catalogue("ja")
    bad = [k for k, v in EN.items() if needs_translation(v)
           and (not JAPANESE.search(ja.get(k, "")) or ja.get(k) == v)]
    assert bad == []


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in [*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*[,)]""", path.read_text()))
    assert used, "found no t() calls"
    assert sorted(used - set(EN)) == []


def test_the_check_itself_catches_an_untranslated_value():
    assert needs_translation("Move the slider")
    assert not needs_translation("E[f(z)]") and not needs_translation("ReLU")
