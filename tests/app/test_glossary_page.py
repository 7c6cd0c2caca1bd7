"""The glossary page: every term of locales/glossary.toml, in all three languages side by side."""
import re
import tomllib

import pytest

from tests.app.conftest import ROOT, open_page
from ui.i18n import LANGS, catalogue

ROWS = tomllib.loads((ROOT / "locales" / "glossary.toml").read_text())["term"]
SCRIPT = {"en": re.compile(r"^[^\uac00-\ud7a3\u3040-\u30ff]*[A-Za-z]"),   # Latin, no Hangul/kana
          "ko": re.compile(r"[\uac00-\ud7a3]"),
          "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")}
CELL = re.compile(r"\*\*(?P<term>[^*]+)\*\*  \n(?P<definition>.+)", re.S)


@pytest.mark.parametrize("lang", list(LANGS))
def test_every_term_in_three_filled_columns_the_pages_language_first(lang):
    at = open_page("views/glossary.py", lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == catalogue(lang)["glossary.title"]
    order = [lang] + [other for other in LANGS if other != lang]
    assert [h.value for h in at.subheader] == [LANGS[code] for code in order]

    cells = [CELL.fullmatch(m.value) for m in at.markdown]
    assert all(cells) and len(cells) == 3 * len(ROWS) >= 3 * 40
    for i, row in enumerate(ROWS):
        for j, code in enumerate(order):
            cell = cells[3 * i + j]
            assert cell["term"] == row[code]["term"].strip() != ""
            assert cell["definition"] == row[code]["definition"].strip() != ""
            assert SCRIPT[code].search(cell["term"] + cell["definition"]), (code, cell.group())


def test_the_english_terms_are_unique():
    terms = [row["en"]["term"] for row in ROWS]
    assert len(set(terms)) == len(terms)


def test_every_page_links_to_the_glossary():
    pages = sorted((ROOT / "views").glob("*.py"))
    assert [p.name for p in pages if "page_setup(" not in p.read_text()] == []   # the link's home
    at = open_page("views/compare.py", lang="ja")
    links = [link for link in at.get("page_link") if link.proto.page == "glossary"]
    assert [link.proto.label for link in links] == [catalogue("ja")["glossary.link"]]
