"""Glossary: every term the pages use, in English, Korean and Japanese side by side.

The page's own language comes first. Each row is three columns, which Streamlit stacks on a
phone, so a row there reads top to bottom in the three languages.
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

for code, column in zip(order, st.columns(3)):
    column.subheader(LANGS[code], divider="gray")
for row in glossary():
    for code, column in zip(order, st.columns(3)):
        term, definition = row[index[code]]
        column.markdown(f"**{term}**  \n{definition}")

url.sync()
