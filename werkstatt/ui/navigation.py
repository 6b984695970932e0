"""Which pages exist and who may use them: one table for the router and for in-page links."""

from __future__ import annotations

# (file, title, icon, url path)
PageSpec = tuple[str, str, str, str]

PUBLIC: list[PageSpec] = [
    ("pages/programm.py", "Programm", "📅", "programm"),
    ("pages/anmeldung.py", "Anmeldung", "📝", "anmeldung"),
    ("pages/mitmachen.py", "Mitmachen", "💬", "mitmachen"),
    ("pages/ergebnisse.py", "Ergebnisse", "📊", "ergebnisse"),
]
STAFF: dict[str, list[PageSpec]] = {
    "moderator": [
        ("pages/moderation.py", "Moderation", "🎛️", "moderation"),
        ("pages/beamer.py", "Beamer", "🖥️", "beamer"),
        ("pages/konto.py", "Mein Konto", "👤", "konto"),
    ],
    "organizer": [
        ("pages/organisation.py", "Organisation", "🗂️", "organisation"),
        ("pages/auswertung.py", "Auswertung", "📈", "auswertung"),
        ("pages/team.py", "Konten", "👥", "team"),
    ],
}
# Linked from the menu ("Info"), in the footer of every public page and in every mail.
LEGAL: list[PageSpec] = [
    ("pages/impressum.py", "Impressum", "⚖️", "impressum"),
    ("pages/datenschutz.py", "Datenschutz", "🔒", "datenschutz"),
    ("pages/barrierefreiheit.py", "Barrierefreiheit", "♿", "barrierefreiheit"),
]
LOGIN: PageSpec = ("pages/login.py", "Team-Login", "🔐", "login")
# Organizers may also moderate; moderators do not see personal registration data.
ROLE_GROUPS = {"moderator": ["moderator"], "organizer": ["moderator", "organizer"]}


def groups_for(roles: tuple[str, ...]) -> set[str]:
    return {g for role in roles for g in ROLE_GROUPS.get(role, [])}


def staff_specs(roles: tuple[str, ...], *, allowed: bool = True) -> list[PageSpec]:
    """The staff pages these roles may (allowed=True) or may not (False) use."""
    groups = groups_for(roles)
    return [spec for group, specs in STAFF.items() if (group in groups) == allowed for spec in specs]


# Information every visitor can reach from the menu (not in the phone's link row).
ABOUT = LEGAL


def title_of(file: str) -> str:
    """The menu title of a page file ('pages/anmeldung.py' or an absolute path to it)."""
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    specs = [*PUBLIC, *ABOUT, LOGIN, *(s for group in STAFF.values() for s in group)]
    return next((title for f, title, _, _ in specs if f.endswith("/" + name)), "Werkstatt")
