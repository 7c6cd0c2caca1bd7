"""Activation Lab: entry point. `streamlit run app.py`.

st.navigation lists the page files explicitly (which also switches off Streamlit's
automatic pages/ menu); the Explorer is the default page at "/".
"""
import streamlit as st

from ui.i18n import t
from ui.layout import init_language

st.set_page_config(page_title="Activation Lab", page_icon="📈", layout="wide")
init_language()

PAGES = [  # (file, url path, title key) in the order of the course
    ("pages/explorer.py", "explorer", "nav.explorer"),
    ("pages/compare.py", "compare", "nav.compare"),
    ("pages/calculus.py", "calculus", "nav.calculus"),
    ("pages/perceptron.py", "perceptron", "nav.perceptron"),
    ("pages/gate_networks.py", "gates", "nav.gates"),
    ("pages/relu_approx.py", "relu", "nav.relu"),
]

navigation = st.navigation([
    st.Page(path, title=t(title), url_path=url_path, default=(i == 0))
    for i, (path, url_path, title) in enumerate(PAGES)
])
navigation.run()
