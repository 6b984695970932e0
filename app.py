"""Router: page config, login from cookie, role -> st.navigation(pages), run the page."""

import streamlit as st

from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.ui.auth import current_user, logout_button
from werkstatt.ui.legal_pages import legal_footer
from werkstatt.ui.mail_worker import ensure_delivery_worker
from werkstatt.ui.navigation import LEGAL, LOGIN, PUBLIC, PageSpec, staff_specs

st.set_page_config(page_title="Werkstatt", page_icon="🛠️", layout="wide")
ensure_delivery_worker()  # sends queued mail within seconds, once per process


def pages_of(specs: list[PageSpec], visible: bool = True) -> list[st.Page]:
    return [
        st.Page(
            f, title=t, icon=i, url_path=u, visibility="visible" if visible else "hidden", default=f == PUBLIC[0][0]
        )
        for f, t, i, u in specs
    ]


# Roles decide the page list: the server-side session behind this browser's id
# (werkstatt/accounts/sessions.py). Cookie components are drawn only after st.navigation.
user = current_user()
roles = user.roles if user else ()
# Pages the visitor may not use stay reachable by URL, hidden: a deep link lands
# on the page's own guard (login form or refusal) instead of silently on "/".
pages = {
    "Werkstätten": pages_of(PUBLIC),
    "Team": pages_of(staff_specs(roles) or [LOGIN]),
    "": pages_of(staff_specs(roles, allowed=False) + LEGAL, visible=False),
}

# Our own sidebar menu: with `client.showSidebarNavigation = false` a page that
# Streamlit runs directly (before the router's first run) shows no raw file list.
page = st.navigation(pages, position="hidden")
with st.sidebar:
    st.markdown("### 🛠️ Werkstatt")
    for section, entries in pages.items():
        if section and entries:
            st.caption(section)
            for entry in entries:
                st.page_link(entry)
    if user is not None:
        st.divider()
        st.caption(f"Angemeldet: {user.name} · {user.role_label}")
        logout_button()
try:
    page.run()
except DatabaseUnavailable as err:  # a read failed while the database was away: German, never a traceback
    st.warning(err.message, icon="⏳")
if page.url_path in {"", *(u for *_, u in PUBLIC + LEGAL)}:  # "" is the default page
    legal_footer()
