"""Plotly figure builders: arrays in, go.Figure out. Pure: no Streamlit, no computation
beyond layout. One module per area; shared colours and layout in common.py."""
