"""Streamlit helpers: the only part of the werkstatt package that imports streamlit."""
