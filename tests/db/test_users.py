from __future__ import annotations

import bcrypt
import pytest

from werkstatt.accounts.users import add_user, credentials, ensure_admin
from werkstatt.errors import WerkstattError


def test_first_admin_gets_a_random_password_once(session_factory) -> None:
    with session_factory.begin() as s:
        first = ensure_admin(s)
    with session_factory.begin() as s:
        assert ensure_admin(s) is None
        creds = credentials(s)
    assert first and len(first) >= 12
    admin = creds["usernames"]["admin"]
    assert admin["roles"] == ["organizer"]
    assert bcrypt.checkpw(first.encode(), admin["password"].encode())


@pytest.mark.parametrize(
    ("username", "role", "password", "message"),
    [
        ("x", "moderator", "lang-genug-1", "Benutzername ungültig"),
        ("<b>boss</b>", "moderator", "lang-genug-1", "Benutzername ungültig"),
        ("ok", "admin", "lang-genug-1", "Unbekannte Rolle"),
        ("ok", "moderator", "kurz", "mindestens 10 Zeichen"),
    ],
)
def test_bad_accounts_are_refused_in_german(session_factory, username, role, password, message) -> None:
    with pytest.raises(WerkstattError, match=message), session_factory.begin() as s:
        add_user(s, username=username, role=role, password=password)
