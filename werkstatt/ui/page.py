"""What every page does first, so it also works when Streamlit runs it directly.

Before the first st.navigation call in a process, Streamlit runs a page file
without app.py; then style, title, menu and login must come from here.
"""

from __future__ import annotations

import sys

import streamlit as st

from werkstatt.series.store import series_title
from werkstatt.ui.auth import StaffUser, current_user, require_role
from werkstatt.ui.db import read_only
from werkstatt.ui.html_lang import german_document
from werkstatt.ui.menu import draw_menu, router_ran
from werkstatt.ui.navigation import title_of
from werkstatt.ui.style import apply_style


def _prepare(page_file: str, user: StaffUser | None) -> None:
    with read_only() as session:
        series = series_title(session)
    title = title_of(page_file)
    st.set_page_config(page_title=f"{title} · {series}" if series else title)
    apply_style()
    german_document()
    if not router_ran():
        draw_menu(user)


def _caller_file() -> str:
    """The page file that called public_page()/staff_page() (its module's __file__)."""
    return str(sys._getframe(2).f_globals.get("__file__", ""))


def public_page() -> StaffUser | None:
    user = current_user()
    _prepare(_caller_file(), user)
    return user


def staff_page(*roles: str) -> StaffUser:
    _prepare(_caller_file(), current_user())
    return require_role(*roles)
