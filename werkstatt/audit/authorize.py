"""Who may do what: moderators steer sessions; organizers also handle people, mails and publication."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User
from werkstatt.errors import PermissionDenied

MODERATOR = "moderator"
ORGANIZER = "organizer"

# Which account roles satisfy a required role (organizers may also moderate).
SATISFIES: dict[str, frozenset[str]] = {
    MODERATOR: frozenset({MODERATOR, ORGANIZER}),
    ORGANIZER: frozenset({ORGANIZER}),
}
WHO = {MODERATOR: "Moderation oder Organisation", ORGANIZER: "die Organisation"}


def authorize(session: Session, *, actor: str, needs: str, doing: str) -> User:
    """The acting staff account, or a German refusal. `doing` completes „Nur … dürfen …“."""
    name = (actor or "").strip()
    user = session.scalar(select(User).where(User.username == name)) if name else None
    allowed = SATISFIES[needs]
    if user is None or user.role not in allowed or user.disabled_at is not None:
        raise PermissionDenied(
            f"Nur {WHO[needs]} darf {doing}." if needs == ORGANIZER else f"Nur {WHO[needs]} dürfen {doing}."
        )
    return user


def staff_email(session: Session, *, username: str) -> str:
    """The e-mail address of a staff account ("" when none is stored), e.g. for a test mail."""
    return session.scalar(select(User.email).where(User.username == username)) or ""
