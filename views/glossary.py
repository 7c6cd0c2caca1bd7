"""Glossary: every term the pages use, in English, Korean and Japanese side by side.

The page's own language comes first. Each term is a bordered row of three columns, which
Streamlit stacks below 640 px: on a phone a row reads top to bottom in the three languages,
and the header row (three stacked language names, which would say nothing there) is hidden.
"""
import streamlit as st

from ui import LANGS, page_setup
from ui.glossary import glossary
from ui.i18n import current_lang

url = page_setup("glossary")
url.show_notes()

lang = current_lang()
order = [lang] + [other for other in LANGS if other != lang]
index = {code: i for i, code in enumerate(LANGS)}      # a row holds the languages in LANGS order

st.html("<style>@media (max-width: 640px) { .st-key-glossary_header { display: none; } }</style>")
with st.container(key="glossary_header", border=True):     # bordered: aligned with the rows
    for code, column in zip(order, st.columns(3)):
        column.subheader(LANGS[code])
for row in glossary():
    with st.container(border=True):
        for code, column in zip(order, st.columns(3)):
            term, definition = row[index[code]]
            column.markdown(f"**{term}**  \n{definition}")

url.sync()
