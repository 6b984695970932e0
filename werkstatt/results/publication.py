"""Publishing a workshop's results with a trace for every contribution. Nothing personal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from db.models import Category, User, Workshop
from db.models.participation import MERGED, VISIBLE, Contribution, Theme, Vote
from db.models.results import NextStep, Publication
from werkstatt import audit
from werkstatt.errors import WerkstattError
from werkstatt.results.conclusion import top_frame
from werkstatt.results.snapshot import moderation_from, to_snapshot
from werkstatt.results.tallies import Moderation, moderation_summary, vote_counts
from werkstatt.series.store import get_workshop
from werkstatt.text.rules import strip_controls

MAX_NOTE_CHARS = 2000


def publish(session: Session, *, workshop_id: int, actor: str, now: datetime, again: bool = False) -> None:
    """Freeze what /ergebnisse shows; `again` replaces an earlier publication with today's state."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Ergebnisse veröffentlichen")
    workshop = get_workshop(session, workshop_id=workshop_id)
    existing = session.get(Publication, workshop_id)
    if existing is not None and not again:
        raise WerkstattError("Die Ergebnisse dieser Werkstatt sind bereits veröffentlicht.")
    if existing is None and again:
        raise WerkstattError("Diese Werkstatt ist noch nicht veröffentlicht.")
    frozen = to_snapshot(
        contributions=traced_contributions(session, workshop_id=workshop_id),
        moderation=moderation_summary(session, workshop_id=workshop_id),
        next_step=next_steps(session, workshop_id=workshop_id).get(None, ""),
        title=workshop.title,
        number=workshop.number,
    )
    if existing is None:
        session.add(Publication(workshop_id=workshop_id, published_at=now, published_by=user.username, snapshot=frozen))
    else:
        existing.published_at, existing.published_by, existing.snapshot = now, user.username, frozen
    _audit(session, user, "republish" if again else "publish", workshop_id, now)
    session.flush()


def unpublish(session: Session, *, workshop_id: int, actor: str, now: datetime) -> None:
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="Veröffentlichungen zurücknehmen")
    # a DML statement yields a CursorResult; execute() is typed with the general Result
    deleted = cast(
        CursorResult[Any], session.execute(delete(Publication).where(Publication.workshop_id == workshop_id))
    )
    removed = deleted.rowcount
    if not removed:
        raise WerkstattError("Die Ergebnisse dieser Werkstatt sind nicht veröffentlicht.")
    _audit(session, user, "unpublish", workshop_id, now)


def _audit(session: Session, user: User, action: str, workshop_id: int, now: datetime, detail: str = "") -> None:
    audit.on_workshop(session, actor=user, action=action, workshop_id=workshop_id, now=now, detail=detail)


def is_published(session: Session, *, workshop_id: int) -> bool:
    return session.get(Publication, workshop_id) is not None


def set_next_step(
    session: Session, *, workshop_id: int, theme_id: int | None, text: str, actor: str, now: datetime
) -> None:
    """Set (or with empty text remove) the note for the workshop or one of its themes."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="nächste Schritte eintragen")
    get_workshop(session, workshop_id=workshop_id)
    cleaned = strip_controls(text or "").strip()
    if len(cleaned) > MAX_NOTE_CHARS:
        raise WerkstattError(f"Die Notiz ist zu lang ({len(cleaned)} Zeichen, höchstens {MAX_NOTE_CHARS}).")
    if theme_id is not None:
        theme = session.get(Theme, theme_id)
        if theme is None or theme.workshop_id != workshop_id:
            raise WerkstattError("Dieses Thema gibt es in dieser Werkstatt nicht.")
    existing = session.scalar(
        select(NextStep).where(
            NextStep.workshop_id == workshop_id,
            NextStep.theme_id.is_(None) if theme_id is None else NextStep.theme_id == theme_id,
        )
    )
    _audit(session, user, "next_step", workshop_id, now, f"Thema {theme_id}" if theme_id else "Werkstatt")
    if not cleaned:
        if existing is not None:
            session.delete(existing)
        return
    if existing is None:
        session.add(NextStep(workshop_id=workshop_id, theme_id=theme_id, text=cleaned, updated_at=now))
    else:
        existing.text, existing.updated_at = cleaned, now
    session.flush()


def next_steps(session: Session, *, workshop_id: int) -> dict[int | None, str]:
    return dict(
        session.execute(select(NextStep.theme_id, NextStep.text).where(NextStep.workshop_id == workshop_id)).all()
    )


@dataclass(frozen=True)
class TracedContribution:
    id: int
    category: str
    text: str
    votes: int
    theme: str
    merged_ids: tuple[int, ...]
    path: tuple[str, ...]
    next_step: str


@dataclass(frozen=True)
class PublishedWorkshop:
    workshop_id: int
    number: int
    title: str
    published_at: datetime
    contributions: tuple[TracedContribution, ...]
    moderation: Moderation
    next_step: str


def traced_contributions(session: Session, *, workshop_id: int) -> list[TracedContribution]:
    """Every counted (visible) contribution with the path it took."""
    labels = dict(
        session.execute(select(Category.key, Category.label).where(Category.workshop_id == workshop_id)).all()
    )
    themes = dict(session.execute(select(Theme.id, Theme.name).where(Theme.workshop_id == workshop_id)).all())
    notes = next_steps(session, workshop_id=workshop_id)
    votes = vote_counts(session, workshop_id=workshop_id)
    merged: dict[int, list[int]] = {}
    for source, target in session.execute(
        select(Contribution.id, Contribution.merged_into_id).where(
            Contribution.workshop_id == workshop_id, Contribution.status == MERGED
        )
    ):
        if target is not None:  # MERGED rows always carry a target
            merged.setdefault(target, []).append(source)
    top = top_frame(session, workshop_id=workshop_id)
    highlighted = dict(zip(top["Nr"], top["Rang"], strict=True))
    rows = session.execute(
        select(Contribution.id, Contribution.category_key, Contribution.text, Contribution.theme_id)
        .where(Contribution.workshop_id == workshop_id, Contribution.status == VISIBLE)
        .order_by(Contribution.category_key, Contribution.id)
    ).all()
    result = []
    for cid, key, text, theme_id in rows:
        path = ["eingegangen", "auf der Beitragswand gezeigt"]
        if cid in merged:
            path.append("Doppelungen zusammengeführt: " + ", ".join(f"#{m}" for m in sorted(merged[cid])))
        if theme_id is not None:
            path.append(f"dem Thema „{themes[theme_id]}“ zugeordnet")
        rank = highlighted.get(cid)
        dots = int(votes.get(cid, 0))
        # Highlighted only with dots: a contribution nobody voted for was evaluated, not highlighted.
        path.append(f"im Fazit hervorgehoben (Platz {rank})" if rank and dots else "im Fazit ausgewertet")
        result.append(
            TracedContribution(
                id=cid,
                category=labels.get(key, key),
                text=text,
                votes=int(votes.get(cid, 0)),
                theme=themes.get(theme_id, "") if theme_id else "",
                merged_ids=tuple(sorted(merged.get(cid, []))),
                path=tuple(path),
                next_step=notes.get(theme_id) or notes.get(None, "") if theme_id else notes.get(None, ""),
            )
        )
    return result


def published_workshops(session: Session) -> list[PublishedWorkshop]:
    """What the public sees: each publication's snapshot (older rows without one: today's state)."""
    rows = session.execute(
        select(Workshop, Publication)
        .join(Publication, Publication.workshop_id == Workshop.id)
        .order_by(Workshop.series_id, Workshop.number)
    ).all()
    result = []
    for w, pub in rows:
        frozen = pub.snapshot or to_snapshot(
            contributions=traced_contributions(session, workshop_id=w.id),
            moderation=moderation_summary(session, workshop_id=w.id),
            next_step=next_steps(session, workshop_id=w.id).get(None, ""),
            title=w.title,
            number=w.number,
        )
        result.append(
            PublishedWorkshop(
                workshop_id=w.id,
                number=int(frozen["number"]),
                title=str(frozen["title"]),
                published_at=pub.published_at,
                contributions=tuple(
                    TracedContribution(**{**c, "merged_ids": tuple(c["merged_ids"]), "path": tuple(c["path"])})
                    for c in frozen["contributions"]
                ),
                moderation=moderation_from(frozen["moderation"]),
                next_step=str(frozen["next_step"]),
            )
        )
    return result


@dataclass(frozen=True)
class LateInput:
    contributions: int
    votes: int


def input_since_publication(session: Session, *, workshop_id: int) -> LateInput | None:
    """Posts and dots made after publishing (shown to staff only); None when not published."""
    pub = session.get(Publication, workshop_id)
    if pub is None:
        return None
    posts = session.scalar(
        select(func.count()).where(Contribution.workshop_id == workshop_id, Contribution.created_at > pub.published_at)
    )
    dots = session.scalar(
        select(func.count())
        .select_from(Vote)
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Contribution.workshop_id == workshop_id, Vote.created_at > pub.published_at)
    )
    return LateInput(contributions=posts or 0, votes=dots or 0)
