"""Activation Lab's library: activations, numerics, tiny networks and figures. No Streamlit."""
