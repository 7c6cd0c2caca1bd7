"""Parameter combinations the sliders allow but the activation refuses (RReLU with lower >
upper) are explained in the page's language: the ParamError's code and values, never its
English text, on every page that draws activations with their parameters."""
import pytest

from actlib.activations import REGISTRY
from actlib.errors import ParamError
from tests.app.conftest import new_app, open_page, texts
from ui.i18n import catalogue

LOWER, UPPER = 0.9, 1 / 3            # lower above upper's default

PAGES = {                            # page → its URL choosing RReLU
    "views/explorer.py": {"act": "rrelu"},
    "views/compare.py": {"sel": "rrelu"},
    "views/calculus.py": {"act": "rrelu"},
}


def english_message() -> str:
    with pytest.raises(ParamError) as caught:
        REGISTRY["rrelu"].fn(0.0, lower=LOWER, upper=UPPER)
    return str(caught.value)


@pytest.mark.parametrize("lang", ["ko", "ja"])
@pytest.mark.parametrize("page", list(PAGES))
def test_bad_parameters_are_explained_in_the_pages_language(page, lang):
    if page == "views/explorer.py":          # the default page: its URL is read on first run
        at = new_app(lang=lang, **PAGES[page])
    else:
        at = open_page(page, lang=lang, **PAGES[page])
    at.slider(key="rrelu.lower").set_value(LOWER).run()
    assert not at.exception
    shown = texts(at)
    translated = catalogue(lang)["errors.rrelu_order"].format(lower=LOWER, upper=UPPER)
    assert translated in shown
    assert english_message() not in shown
    assert "RReLU needs" not in shown and "must not be larger" not in shown
