"""Router: page config, login from cookie, role -> st.navigation(pages), run the page."""

import streamlit as st

from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.ui.auth import current_user
from werkstatt.ui.legal_pages import legal_footer
from werkstatt.ui.mail_worker import ensure_delivery_worker
from werkstatt.ui.menu import draw_menu, routed
from werkstatt.ui.navigation import ABOUT, LOGIN, PUBLIC, PageSpec, staff_specs
from werkstatt.ui.run_lane import background_page

# The page title ("Anmeldung · Bottrop 2018+") is set by each page (werkstatt/ui/page.py).
st.set_page_config(page_icon="🛠️", layout="wide")
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
    "Info": pages_of(ABOUT),
    "": pages_of(staff_specs(roles, allowed=False), visible=False),
}

# Our own menu (werkstatt/ui/menu.py): with `client.showSidebarNavigation = false` a page
# that Streamlit runs directly (before the router's first run) shows no raw file list,
# and draws this same menu itself.
page = st.navigation(pages, position="hidden")
draw_menu(user)
with routed():
    try:
        with background_page():  # a phone's page redrawn after the agenda moved on (werkstatt/ui/run_lane.py)
            page.run()
    except DatabaseUnavailable as err:  # a read failed while the database was away: German, never a traceback
        st.warning(err.message, icon="⏳")
if page.url_path in {"", *(u for *_, u in PUBLIC + ABOUT)}:  # "" is the default page
    legal_footer()
