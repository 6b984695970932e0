"""Impressum (public), from the series file."""

from werkstatt.ui.legal_pages import render_legal
from werkstatt.ui.page import public_page

user = public_page()
render_legal("impressum")
