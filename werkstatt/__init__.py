"""Werkstatt: the domain of participatory workshops (pure Python, no streamlit outside ui/)."""
