"""The same menu on every page: sidebar links, logout, and a compact link row on phones.

app.py draws it before running the page. Until the first st.navigation call of a
process, Streamlit runs a page file directly, without app.py; then the page's own
first call (werkstatt/ui/page.py) draws it, so a deep link right after a restart
still has the menu and the logout button.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from werkstatt.ui.auth import StaffUser, logout_button
from werkstatt.ui.navigation import ABOUT, LOGIN, PUBLIC, PageSpec, staff_specs

_run = threading.local()  # each script run has its own thread


@contextmanager
def routed() -> Iterator[None]:
    """Mark this script run as started by the router (app.py), which has drawn the menu."""
    _run.routed = True
    try:
        yield
    finally:
        _run.routed = False


def router_ran() -> bool:
    return bool(getattr(_run, "routed", False))


def menu_sections(roles: tuple[str, ...]) -> list[tuple[str, list[PageSpec]]]:
    return [("Werkstätten", PUBLIC), ("Team", staff_specs(roles) or [LOGIN]), ("Info", ABOUT)]


def _link(spec: PageSpec) -> None:
    file, title, _icon, _url = spec
    try:
        st.page_link(file, label=title)  # no emoji: a screen reader would read it out
    except StreamlitPageNotFoundError:
        pass  # a page file run on its own, outside the app (AppTest): nothing to link to


def draw_menu(user: StaffUser | None) -> None:
    """Sidebar menu and logout; on narrow screens also a link row at the top of the main area."""
    roles = user.roles if user else ()
    with st.sidebar:
        st.html('<p class="ws-brand"><span aria-hidden="true">🛠️ </span>Werkstatt</p>')
        with st.container(key="ws-menu"):
            for section, specs in menu_sections(roles):
                st.html(f'<p class="ws-menu-section">{section}</p>')
                for spec in specs:
                    _link(spec)
        if user is not None:
            st.divider()
            st.caption(f"Angemeldet: {user.name} · {user.role_label}")
            logout_button()
    # Phones: the sidebar hides behind the toggle; the four public pages stay one tap away.
    with st.container(key="ws-phone-nav", horizontal=True, gap="small"):
        for spec in PUBLIC:
            _link(spec)
