"""Joining a live session by code: pseudonymous participants and breakout groups."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.locking import for_update
from db.models.participation import Group, Participant
from werkstatt import audit
from werkstatt.errors import WerkstattError
from werkstatt.registration.window import require_join_open
from werkstatt.series.store import get_workshop, workshop_by_join_code
from werkstatt.text.rules import MAX_NAME_CHARS, clean_line

MAX_GROUPS = 30
MAX_DOTS = 10
FORGED = "Diese Teilnahme-Kennung ist ungültig. Bitte treten Sie mit dem Code der Werkstatt erneut bei."


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _staff_write(session: Session, actor: str, action: str, workshop_id: int, now: datetime, detail: str) -> None:
    audit.staff_write(
        session,
        actor=actor,
        needs=audit.MODERATOR,
        doing="die Werkstatt einrichten",
        action=action,
        object_type="workshop",
        object_id=workshop_id,
        workshop_id=workshop_id,
        now=now,
        detail=detail,
    )


def join(session: Session, *, code: str, now: datetime) -> str:
    """Create a pseudonymous participant; returns the secret token (stored only as hash).

    Joining is possible from 30 minutes before the start until the workshop is closed."""
    workshop = workshop_by_join_code(session, code=code or "")
    require_join_open(session, workshop=workshop, now=now)
    token = secrets.token_urlsafe(18)
    session.add(Participant(workshop_id=workshop.id, token_hash=hash_token(token), created_at=now))
    session.flush()
    return token


def participant_by_token(session: Session, *, token: str | None, lock: bool = False) -> Participant:
    """The participant behind a token, or a German refusal for an unknown/forged one.

    lock=True takes the participant's row lock (db/locking.py) so that one person's rate limit
    and dot budget hold even when two tabs submit at the same moment.
    """
    if not token or len(token) > 100:
        raise WerkstattError(FORGED)
    stmt = select(Participant).where(Participant.token_hash == hash_token(token))
    participant = session.scalar(for_update(stmt) if lock else stmt)
    if participant is None:
        raise WerkstattError(FORGED)
    return participant


def lock_participant(session: Session, participant_id: int) -> Participant:
    """The participant's row lock (db/locking.py), with the row as stored now (not as read before)."""
    stmt = for_update(select(Participant).where(Participant.id == participant_id))
    participant = session.scalar(stmt.execution_options(populate_existing=True))
    if participant is None:
        raise WerkstattError(FORGED)
    return participant


def set_display_name(session: Session, *, token: str, name: str) -> None:
    """Optional name; empty means anonymous."""
    participant = participant_by_token(session, token=token)
    participant.display_name = clean_line(name, max_len=MAX_NAME_CHARS, field="Name", required=False)


def set_group(session: Session, *, token: str, group_id: int | None) -> None:
    participant = participant_by_token(session, token=token)
    if group_id is not None:
        group = session.get(Group, group_id)
        if group is None or group.workshop_id != participant.workshop_id:
            raise WerkstattError("Diese Gruppe gibt es in dieser Werkstatt nicht (mehr).")
    participant.group_id = group_id


def set_profile(session: Session, *, token: str, name: str, group_id: int | None) -> None:
    """Name and group in one step (the participant's profile form)."""
    set_display_name(session, token=token, name=name)
    set_group(session, token=token, group_id=group_id)


def list_groups(session: Session, *, workshop_id: int) -> list[Group]:
    stmt = select(Group).where(Group.workshop_id == workshop_id).order_by(Group.position, Group.id)
    return list(session.scalars(stmt))


def set_groups(session: Session, *, workshop_id: int, names: list[str], actor: str, now: datetime) -> list[Group]:
    """Replace the breakout groups by `names` (in order). Kept names keep their members."""
    _staff_write(session, actor, "groups", workshop_id, now, ", ".join(names)[:500])
    cleaned: list[str] = []
    for raw in names:
        name = clean_line(raw, max_len=60, field="Gruppenname", required=False)
        if name and name not in cleaned:
            cleaned.append(name)
    if len(cleaned) > MAX_GROUPS:
        raise WerkstattError(f"Höchstens {MAX_GROUPS} Gruppen sind möglich.")
    get_workshop(session, workshop_id=workshop_id)
    existing = {g.name: g for g in list_groups(session, workshop_id=workshop_id)}
    for name, group in existing.items():
        if name not in cleaned:
            session.delete(group)  # members fall back to "no group" (ON DELETE SET NULL)
    session.flush()
    for position, name in enumerate(cleaned):
        group = existing.get(name) or Group(workshop_id=workshop_id, name=name)
        group.position = position
        session.add(group)
    session.flush()
    return list_groups(session, workshop_id=workshop_id)


def numbered_groups(count: int) -> list[str]:
    return [f"Gruppe {i}" for i in range(1, count + 1)]


def set_dots(session: Session, *, workshop_id: int, dots: int, actor: str, now: datetime) -> None:
    """Dots per participant for this workshop. Dots already given stay given."""
    if not 1 <= dots <= MAX_DOTS:
        raise WerkstattError(f"Die Punktzahl muss zwischen 1 und {MAX_DOTS} liegen.")
    _staff_write(session, actor, "dots", workshop_id, now, str(dots))
    get_workshop(session, workshop_id=workshop_id).dots_per_participant = dots
