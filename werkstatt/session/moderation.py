"""Moderation of contributions: hide (with a reason), unhide, merge, pin, themes.

Only staff may moderate; every step is written to the moderation log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.locking import lock_row
from db.models.participation import (
    HIDDEN,
    MERGED,
    VISIBLE,
    Contribution,
    ModerationEvent,
    Theme,
    Vote,
)
from werkstatt import audit
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.series.store import get_workshop
from werkstatt.session.dot_budget import restore_budget_after_unhide
from werkstatt.session.views import STATUS_LABELS
from werkstatt.text.rules import MAX_LABEL_CHARS, MAX_REASON_CHARS, clean_line


def _moderated(session: Session, workshop_id: int, contribution_id: int, actor: str) -> Contribution:
    audit.authorize(session, actor=actor, needs=audit.MODERATOR, doing="Beiträge moderieren")
    contribution = lock_row(session, Contribution, contribution_id)
    if contribution is None or contribution.workshop_id != workshop_id:
        raise NotFound(f"Beitrag #{contribution_id} gibt es in dieser Werkstatt nicht.")
    return contribution


def _log(session: Session, contribution: Contribution, action: str, detail: str, actor: str, now: datetime) -> None:
    session.add(
        ModerationEvent(
            workshop_id=contribution.workshop_id,
            contribution_id=contribution.id,
            action=action,
            detail=detail[:200],
            actor=actor.strip(),
            created_at=now,
        )
    )
    user = audit.authorize(session, actor=actor, needs=audit.MODERATOR, doing="Beiträge moderieren")
    audit.record(
        session,
        actor=user,
        action=f"moderation_{action}",
        object_type="contribution",
        object_id=contribution.id,
        workshop_id=contribution.workshop_id,
        now=now,
        detail=detail,
    )


def hide(session: Session, *, workshop_id: int, contribution_id: int, reason: str, actor: str, now: datetime) -> None:
    """Hide with a reason; the shared screen counts it and the reason is kept (also in the log)."""
    reason = clean_line(reason, max_len=MAX_REASON_CHARS, field="Grund")
    contribution = _moderated(session, workshop_id, contribution_id, actor)
    if contribution.status != VISIBLE:
        raise WerkstattError(
            f"Beitrag #{contribution_id} ist {STATUS_LABELS[contribution.status]} und kann nicht ausgeblendet werden."
        )
    contribution.status = HIDDEN
    contribution.hidden_reason = reason
    _log(session, contribution, "hide", reason, actor, now)


def unhide(session: Session, *, workshop_id: int, contribution_id: int, actor: str, now: datetime) -> None:
    contribution = _moderated(session, workshop_id, contribution_id, actor)
    if contribution.status != HIDDEN:
        raise WerkstattError(f"Beitrag #{contribution_id} ist nicht ausgeblendet.")
    _log(session, contribution, "unhide", contribution.hidden_reason, actor, now)  # the reason stays in the log
    contribution.status = VISIBLE
    contribution.hidden_reason = ""
    restore_budget_after_unhide(session, contribution=contribution)  # nobody above the dot budget


def merge(session: Session, *, workshop_id: int, source_id: int, target_id: int, actor: str, now: datetime) -> None:
    """Merge a duplicate into another: its dots move over, each voter counts once."""
    if source_id == target_id:
        raise WerkstattError("Ein Beitrag kann nicht mit sich selbst zusammengeführt werden.")
    # Lock in id order: two moderators merging A->B and B->A at once must not deadlock.
    locked = {cid: _moderated(session, workshop_id, cid, actor) for cid in sorted((source_id, target_id))}
    source, target = locked[source_id], locked[target_id]
    if source.status != VISIBLE or target.status != VISIBLE:
        raise WerkstattError("Zusammenführen geht nur mit zwei sichtbaren Beiträgen.")
    on_target = select(Vote.participant_id).where(Vote.contribution_id == target_id)
    # A voter of both keeps one dot (on the target); the other dot is free again.
    session.execute(delete(Vote).where(Vote.contribution_id == source_id, Vote.participant_id.in_(on_target)))
    for v in session.scalars(select(Vote).where(Vote.contribution_id == source_id)):
        v.contribution_id = target_id
    # Earlier merges into the source now point at the final target (one hop for the trace).
    for earlier in session.scalars(select(Contribution).where(Contribution.merged_into_id == source_id)):
        earlier.merged_into_id = target_id
    source.status = MERGED
    source.merged_into_id = target_id
    target.pinned = target.pinned or source.pinned
    _log(session, source, "merge", f"mit #{target_id}", actor, now)
    session.flush()


def set_pinned(
    session: Session, *, workshop_id: int, contribution_id: int, pinned: bool, actor: str, now: datetime
) -> None:
    contribution = _moderated(session, workshop_id, contribution_id, actor)
    contribution.pinned = pinned
    _log(session, contribution, "pin" if pinned else "unpin", "", actor, now)


def create_theme(session: Session, *, workshop_id: int, name: str, actor: str, now: datetime) -> int:
    name = clean_line(name, max_len=MAX_LABEL_CHARS, field="Thema")
    user = audit.authorize(session, actor=actor, needs=audit.MODERATOR, doing="Themen anlegen")
    get_workshop(session, workshop_id=workshop_id)
    if session.scalar(select(Theme.id).where(Theme.workshop_id == workshop_id, Theme.name == name)):
        raise WerkstattError(f"Das Thema »{name}« gibt es schon.")
    theme = Theme(workshop_id=workshop_id, name=name)
    session.add(theme)
    session.flush()
    audit.record(
        session,
        actor=user,
        action="create_theme",
        object_type="theme",
        object_id=theme.id,
        workshop_id=workshop_id,
        now=now,
        detail=name,
    )
    return theme.id


def set_theme(
    session: Session, *, workshop_id: int, contribution_id: int, theme_id: int | None, actor: str, now: datetime
) -> None:
    contribution = _moderated(session, workshop_id, contribution_id, actor)
    name = ""
    if theme_id is not None:
        theme = session.get(Theme, theme_id)
        if theme is None or theme.workshop_id != workshop_id:
            raise WerkstattError("Dieses Thema gibt es in dieser Werkstatt nicht.")
        name = theme.name
    contribution.theme_id = theme_id
    _log(session, contribution, "theme", name or "ohne Thema", actor, now)
