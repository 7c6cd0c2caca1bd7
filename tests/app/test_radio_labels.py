"""A radio's choice travels back from the browser as its label: a label that changes with the
language resets the choice on a language switch (issue 12.1's pattern, found on the
Calculus scheme and the Explorer's grey channel). Their labels are the same in every language."""
import pytest

from tests.app.conftest import open_page


@pytest.mark.parametrize("page, key", [("views/calculus.py", "calculus.scheme"),
                                       ("views/explorer.py", "explorer.channel")])
def test_radio_labels_do_not_change_with_the_language(page, key):
    labels = {}
    for lang in ("en", "ko", "ja"):
        at = open_page(page, lang=lang)
        assert not at.exception
        labels[lang] = at.radio(key=key).options
    assert labels["en"] == labels["ko"] == labels["ja"]

