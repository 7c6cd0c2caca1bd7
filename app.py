"""Activation Lab: entry point. `streamlit run app.py`.

st.navigation lists the page files explicitly; the Explorer is the default page at "/".
The page files live in views/, not pages/: with a pages/ folder beside the entry point, the
first request a fresh server gets (e.g. a teacher's link to /relu) is served in Streamlit's
old automatic-pages mode — file names in the sidebar, "Page not found" for url paths that
differ from file names — until app.py has run once. Measured here with streamlit 1.67.
"""
import pandas  # noqa: F401  (see below)
import streamlit as st

# pandas is imported here, once, before any page runs: a class opening a fresh server at
# once otherwise starts several first runs that each import it lazily (st.dataframe) in
# their own script thread, and some saw "partially initialized module 'pandas' has no
# attribute 'Series'" (found by tests/browser/test_isolation.py; 0 errors with this line).
from ui.allocator import fix_mmap_threshold
from ui.i18n import t
from ui.layout import init_language
from ui.present import sidebar_state

fix_mmap_threshold()   # once per server process: freed large buffers go back to the system

st.set_page_config(page_title="Activation Lab", page_icon="📈", layout="wide",
                   initial_sidebar_state=sidebar_state())   # collapsed for ?present=1
init_language()

PAGES = [  # (file, url path, title key) in the order of the course
    ("views/explorer.py", "explorer", "nav.explorer"),
    ("views/compare.py", "compare", "nav.compare"),
    ("views/calculus.py", "calculus", "nav.calculus"),
    ("views/perceptron.py", "perceptron", "nav.perceptron"),
    ("views/gate_networks.py", "gates", "nav.gates"),
    ("views/playground.py", "playground", "nav.playground"),
    ("views/relu_approx.py", "relu", "nav.relu"),
    ("views/depth.py", "depth", "nav.depth"),
    ("views/glossary.py", "glossary", "glossary.nav"),
]

navigation = st.navigation([
    st.Page(path, title=t(title), url_path=url_path, default=(i == 0))
    for i, (path, url_path, title) in enumerate(PAGES)
])
navigation.run()
