"""Every page listed in app.py opens without an exception, with a chart drawn, in every language."""
import ast
import re

import pytest

from tests.app.conftest import ROOT, new_app, script_functions_kept

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
TEXT_PAGES = {"views/glossary.py"}      # words only, no chart (tests/app/test_glossary_page.py)


def listed_pages() -> list[str]:
    """The page files in app.py's PAGES list (read from the source, not imported)."""
    tree = ast.parse((ROOT / "app.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGES":
            return [elt.elts[0].value for elt in node.value.elts]
    raise AssertionError("app.py has no PAGES list")


def test_every_page_file_is_listed():
    on_disk = sorted(f"views/{p.name}" for p in (ROOT / "views").glob("*.py"))
    assert sorted(listed_pages()) == on_disk
    assert listed_pages()[0] == "views/explorer.py"      # the default page at "/"


@pytest.mark.parametrize("lang, script", [("en", None), ("ko", HANGUL), ("ja", KANA_KANJI)])
@pytest.mark.parametrize("page", listed_pages())
def test_page_opens_drawn(page, lang, script):
    at = new_app(lang=lang)
    if page != "views/explorer.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    if page not in TEXT_PAGES:
        assert at.get("plotly_chart"), "every page opens with a chart already drawn"
    title = at.title[0].value
    if script is not None:
        assert script.search(title), title


@pytest.mark.parametrize("page", listed_pages())
def test_no_widget_label_keeps_the_page_run_alive(page):
    """Streamlit keeps each widget's format_func in the session, a closed tab's too (for a
    reconnect): a label function written in the page would keep the run's whole namespace
    (fits, figures, photos). ui.controls turns every declared widget's labels into a dict."""
    at = new_app()
    if page != "views/explorer.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    assert script_functions_kept(at, callbacks=False) == {}
