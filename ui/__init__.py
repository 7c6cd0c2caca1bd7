"""Streamlit-specific pieces every page shares: language, URL state, page setup.

actlib never imports this package; pages import both.
"""
from ui.i18n import LANGS, t, tn
from ui.layout import page_setup, show_error
from ui.urlstate import PageUrl, literal

__all__ = ["LANGS", "t", "tn", "page_setup", "show_error", "PageUrl", "literal"]
