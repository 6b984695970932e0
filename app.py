"""Router: page config, login from cookie, role -> st.navigation(pages), run the page."""

import streamlit as st

from werkstatt.ui.auth import current_user, logout_button, peek_cookie_user, restore_login

st.set_page_config(page_title="Werkstatt", page_icon="🛠️", layout="wide")

PUBLIC = [
    st.Page("pages/programm.py", title="Programm", icon="📅", url_path="programm", default=True),
    st.Page("pages/anmeldung.py", title="Anmeldung", icon="📝", url_path="anmeldung"),
    st.Page("pages/mitmachen.py", title="Mitmachen", icon="💬", url_path="mitmachen"),
    st.Page("pages/ergebnisse.py", title="Ergebnisse", icon="📊", url_path="ergebnisse"),
]
# (file, title, icon, url path) per page group.
STAFF = {
    "moderator": [
        ("pages/moderation.py", "Moderation", "🎛️", "moderation"),
        ("pages/beamer.py", "Beamer", "🖥️", "beamer"),
    ],
    "organizer": [
        ("pages/organisation.py", "Organisation", "🗂️", "organisation"),
        ("pages/auswertung.py", "Auswertung", "📈", "auswertung"),
    ],
}
# Organizers may also moderate; moderators do not see personal registration data.
ROLE_GROUPS = {"moderator": ["moderator"], "organizer": ["moderator", "organizer"]}
LOGIN = st.Page("pages/login.py", title="Anmelden (Team)", icon="🔐", url_path="login")


def staff_pages(groups: set[str], visible: bool) -> list[st.Page]:
    return [
        st.Page(f, title=t, icon=i, url_path=u, visibility="visible" if visible else "hidden")
        for group, entries in STAFF.items()
        if (group in groups) == visible
        for f, t, i, u in entries
    ]


# Roles decide the page list, but the authenticator's cookie component may only be
# drawn after st.navigation (drawn before it, deep links fall back to "/").
user = current_user() or peek_cookie_user()
groups = {g for role in (user.roles if user else ()) for g in ROLE_GROUPS.get(role, [])}
team = staff_pages(groups, visible=True)
# Pages the visitor may not use stay reachable by URL, hidden: a deep link lands
# on the page's own guard (login form or refusal) instead of silently on "/".
pages = {"Werkstätten": PUBLIC, "Team": team or [LOGIN], "": staff_pages(groups, visible=False)}

# Our own sidebar menu: with `client.showSidebarNavigation = false` a page that
# Streamlit runs directly (before the router's first run) shows no raw file list.
page = st.navigation(pages, position="hidden")
user = restore_login()
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
page.run()
