"""What every page does first, so it also works when Streamlit runs it directly.

Before the first st.navigation call in a process, Streamlit runs a page file
without app.py (see docs/architecture.md); then style and login must come from here.
"""

from __future__ import annotations

from werkstatt.ui.auth import StaffUser, current_user, require_role
from werkstatt.ui.style import apply_style


def public_page() -> StaffUser | None:
    apply_style()
    return current_user()


def staff_page(*roles: str) -> StaffUser:
    apply_style()
    return require_role(*roles)
