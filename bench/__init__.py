"""Load bench: a Streamlit protocol client (stclient), server helpers (server), load.py."""
