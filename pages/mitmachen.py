"""Mitmachen (public)."""

import streamlit as st

from werkstatt.ui.page import public_page

user = public_page()

st.title("Mitmachen")
