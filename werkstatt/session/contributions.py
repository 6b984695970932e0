"""Contributions and dot votes in the live session: post, withdraw, vote, moderate, list.

Vote counts are always computed with COUNT over the vote table (unique per
participant and contribution), never stored or incremented. Hidden, withdrawn
and merged-away contributions count nowhere.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Category, Workshop
from db.models.participation import (
    HIDDEN,
    MERGED,
    VISIBLE,
    WITHDRAWN,
    Contribution,
    ModerationEvent,
    Participant,
    Theme,
    Vote,
)
from werkstatt.accounts.users import require_staff
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.results.conclusion import moderation_summary, vote_counts
from werkstatt.series.programme import agenda_rows
from werkstatt.series.stakeholders import STAKEHOLDER_GROUPS
from werkstatt.series.store import get_workshop
from werkstatt.session.participants import list_groups, participant_by_token
from werkstatt.session.phase import current_phase
from werkstatt.text.rules import MAX_LABEL_CHARS, MAX_REASON_CHARS, clean_contribution, clean_line

POST_INTERVAL = timedelta(seconds=5)
WALL_PER_COLUMN = 12  # a shared screen shows at most this many cards per category
STATUS_LABELS = {
    VISIBLE: "sichtbar",
    HIDDEN: "ausgeblendet",
    WITHDRAWN: "zurückgezogen",
    MERGED: "zusammengeführt",
}
INPUT_CLOSED = "Die Eingabe ist gerade geschlossen. Ihr Text wurde nicht gespeichert."


# ----------------------------------------------------------------------------- views


@dataclass(frozen=True)
class Item:
    """One contribution as screens show it."""

    id: int
    category_key: str
    category_label: str
    facet: str
    stakeholder: str
    group_name: str
    author: str
    text: str
    created_at: datetime
    status: str
    hidden_reason: str
    merged_into_id: int | None
    pinned: bool
    theme_id: int | None
    theme_name: str
    votes: int
    mine: bool = False
    my_vote: bool = False

    @property
    def trace(self) -> str:
        """What happened to it, in words (empty while visible)."""
        if self.status == MERGED and self.merged_into_id:
            return f"zusammengeführt mit #{self.merged_into_id}"
        if self.status == HIDDEN:
            return f"ausgeblendet: {self.hidden_reason}"
        if self.status == WITHDRAWN:
            return "zurückgezogen"
        return ""


@dataclass(frozen=True)
class Board:
    """What one participant sees."""

    workshop_id: int
    display_name: str
    group_id: int | None
    dots_total: int
    dots_used: int
    mine: list[Item]
    visible: list[Item]

    @property
    def dots_left(self) -> int:
        return max(0, self.dots_total - self.dots_used)


@dataclass(frozen=True)
class Wall:
    """What the shared screen shows."""

    columns: list[tuple[str, str, list[Item]]]  # (category key, label, the first visible items)
    totals: dict[str, int]  # visible contributions per category key (the columns may show fewer)
    hidden_count: int
    hidden_reasons: list[str]
    merged_count: int
    participant_count: int

    @property
    def visible_count(self) -> int:
        return sum(self.totals.values())


# ----------------------------------------------------------------------------- participant actions


def post(
    session: Session,
    *,
    token: str,
    category: str,
    text: str,
    facet: str | None = None,
    stakeholder: str | None = None,
    now: datetime,
) -> int:
    """Store a contribution; returns its number (id). Refusals leave nothing behind."""
    participant = participant_by_token(session, token=token, lock=True)
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    _require_input_open(session, workshop.id, now, INPUT_CLOSED)
    keys = {c.key for c in workshop.categories}
    if category not in keys:
        raise WerkstattError("Bitte wählen Sie eine Kategorie für Ihren Beitrag.")
    facet = facet or ""
    if facet and facet not in workshop.facet_options:
        raise WerkstattError(f"Diese Auswahl für »{workshop.facet_label}« gibt es nicht.")
    stakeholder = stakeholder or ""
    if stakeholder and stakeholder not in STAKEHOLDER_GROUPS:
        raise WerkstattError("Diese Akteursgruppe gibt es nicht.")
    text = clean_contribution(text)
    # Checked after the text: a typo in a blank post should not also cost a 5 s wait.
    if participant.last_post_at is not None and now - participant.last_post_at < POST_INTERVAL:
        wait = POST_INTERVAL - (now - participant.last_post_at)
        seconds = max(1, int(wait.total_seconds() + 0.999))
        raise WerkstattError(
            f"Bitte einen Moment Geduld: Der nächste Beitrag ist in {seconds} s möglich "
            "(höchstens ein Beitrag alle 5 Sekunden). Ihr Text ist noch im Feld."
        )
    contribution = Contribution(
        workshop_id=workshop.id,
        participant_id=participant.id,
        category_key=category,
        facet=facet,
        stakeholder=stakeholder,
        group_id=participant.group_id,
        text=text,
        created_at=now,
    )
    participant.last_post_at = now
    session.add(contribution)
    session.flush()
    return contribution.id


def withdraw(session: Session, *, token: str, contribution_id: int, now: datetime) -> None:
    """The author takes a contribution back (until the conclusion is over)."""
    participant = participant_by_token(session, token=token, lock=True)
    contribution = session.get(Contribution, contribution_id)
    if contribution is None or contribution.participant_id != participant.id:
        raise WerkstattError("Sie können nur Ihre eigenen Beiträge zurückziehen.")
    if contribution.status != VISIBLE:
        raise WerkstattError(f"Dieser Beitrag ist bereits {STATUS_LABELS[contribution.status]}.")
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    phase = current_phase(session, workshop_id=workshop.id, now=now)
    if not phase.input_open and phase.kind in kinds_after_conclusion(workshop):
        raise WerkstattError("Nach dem Fazit können Beiträge nicht mehr zurückgezogen werden.")
    contribution.status = WITHDRAWN


def kinds_after_conclusion(workshop: Workshop) -> set[str]:
    """Phase kinds in which withdrawing is over: agenda items after the conclusion, and 'after'."""
    kinds = [row.kind for row in agenda_rows(workshop)]
    later = kinds[kinds.index("conclusion") + 1 :] if "conclusion" in kinds else []
    return {"after", *later} - {"conclusion", "group_discussion"}


def vote(session: Session, *, token: str, contribution_id: int, now: datetime) -> None:
    """Give one dot to a visible contribution (at most one per contribution)."""
    participant = participant_by_token(session, token=token, lock=True)
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    _require_input_open(
        session, workshop.id, now, "Die Abstimmung ist gerade geschlossen. Ihr Punkt wurde nicht vergeben."
    )
    contribution = session.get(Contribution, contribution_id)
    if contribution is None or contribution.workshop_id != workshop.id or contribution.status != VISIBLE:
        raise WerkstattError("Diesen Beitrag gibt es nicht (mehr); Ihr Punkt wurde nicht vergeben.")
    if session.scalar(
        select(Vote.id).where(Vote.participant_id == participant.id, Vote.contribution_id == contribution_id)
    ):
        raise WerkstattError("Auf diesem Beitrag liegt schon ein Punkt von Ihnen (höchstens einer pro Beitrag).")
    total = workshop.dots_per_participant
    if dots_used(session, participant_id=participant.id) >= total:
        raise WerkstattError(
            f"Sie haben alle {total} Punkte vergeben. Nehmen Sie einen Punkt zurück, um ihn neu zu setzen."
        )
    session.add(Vote(participant_id=participant.id, contribution_id=contribution_id, created_at=now))
    session.flush()


def unvote(session: Session, *, token: str, contribution_id: int, now: datetime) -> None:
    """Take a dot back (to move it elsewhere)."""
    participant = participant_by_token(session, token=token, lock=True)
    closed = "Die Abstimmung ist gerade geschlossen; Punkte bleiben, wo sie sind."
    _require_input_open(session, participant.workshop_id, now, closed)
    removed = session.execute(
        delete(Vote).where(Vote.participant_id == participant.id, Vote.contribution_id == contribution_id)
    ).rowcount
    if not removed:
        raise WerkstattError("Auf diesem Beitrag liegt kein Punkt von Ihnen.")


def dots_used(session: Session, *, participant_id: int) -> int:
    """Dots on visible contributions; a dot on a hidden or withdrawn one is free again."""
    stmt = (
        select(func.count(Vote.id))
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Vote.participant_id == participant_id, Contribution.status == VISIBLE)
    )
    return session.scalar(stmt) or 0


def _require_input_open(session: Session, workshop_id: int, now: datetime, message: str) -> None:
    if not current_phase(session, workshop_id=workshop_id, now=now).input_open:
        raise WerkstattError(message)


# ----------------------------------------------------------------------------- moderation


def _moderated(session: Session, workshop_id: int, contribution_id: int, actor: str) -> Contribution:
    require_staff(session, actor=actor, action="Beiträge moderieren")
    contribution = session.get(Contribution, contribution_id, with_for_update=True)
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


def create_theme(session: Session, *, workshop_id: int, name: str) -> int:
    name = clean_line(name, max_len=MAX_LABEL_CHARS, field="Thema")
    get_workshop(session, workshop_id=workshop_id)
    if session.scalar(select(Theme.id).where(Theme.workshop_id == workshop_id, Theme.name == name)):
        raise WerkstattError(f"Das Thema »{name}« gibt es schon.")
    theme = Theme(workshop_id=workshop_id, name=name)
    session.add(theme)
    session.flush()
    return theme.id


def list_themes(session: Session, *, workshop_id: int) -> list[Theme]:
    return list(session.scalars(select(Theme).where(Theme.workshop_id == workshop_id).order_by(Theme.name)))


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


MODERATION_LABELS = {
    "hide": "ausgeblendet",
    "unhide": "wieder eingeblendet",
    "merge": "zusammengeführt",
    "pin": "angeheftet",
    "unpin": "gelöst",
    "theme": "Thema gesetzt",
}


def moderation_log(session: Session, *, workshop_id: int) -> list[ModerationEvent]:
    """Everything moderators did in this workshop, oldest first."""
    return list(
        session.scalars(
            select(ModerationEvent).where(ModerationEvent.workshop_id == workshop_id).order_by(ModerationEvent.id)
        )
    )


# ----------------------------------------------------------------------------- listings


def _items(
    session: Session, workshop_id: int, *, me: Participant | None = None, ids: Collection[int] | None = None
) -> list[Item]:
    """Contributions of a workshop (all, or only `ids`), newest first, with computed vote counts."""
    only = [Contribution.id.in_(ids)] if ids is not None else []
    labels = {c.key: c.label for c in session.scalars(select(Category).where(Category.workshop_id == workshop_id))}
    counts = vote_counts(session, workshop_id=workshop_id, ids=ids)
    my_votes: set[int] = set()
    if me is not None:
        my_votes = set(session.scalars(select(Vote.contribution_id).where(Vote.participant_id == me.id)))
    rows = session.scalars(
        select(Contribution)
        .where(Contribution.workshop_id == workshop_id, *only)
        .order_by(Contribution.id.desc())
        .options(
            selectinload(Contribution.participant),
            selectinload(Contribution.group),
            selectinload(Contribution.theme),
        )
    )
    return [
        Item(
            id=c.id,
            category_key=c.category_key,
            category_label=labels.get(c.category_key, c.category_key),
            facet=c.facet,
            stakeholder=c.stakeholder,
            group_name=c.group.name if c.group else "",
            author=c.participant.display_name or "Anonym",
            text=c.text,
            created_at=c.created_at,
            status=c.status,
            hidden_reason=c.hidden_reason,
            merged_into_id=c.merged_into_id,
            pinned=c.pinned,
            theme_id=c.theme_id,
            theme_name=c.theme.name if c.theme else "",
            votes=counts.get(c.id, 0) if c.status == VISIBLE else 0,
            mine=me is not None and c.participant_id == me.id,
            my_vote=c.id in my_votes,
        )
        for c in rows
    ]


def list_for_moderator(session: Session, *, workshop_id: int) -> list[Item]:
    """Everything, every status, newest first."""
    return _items(session, workshop_id)


def board_for_participant(session: Session, *, token: str) -> Board:
    participant = participant_by_token(session, token=token)
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    items = _items(session, workshop.id, me=participant)
    return Board(
        workshop_id=workshop.id,
        display_name=participant.display_name,
        group_id=participant.group_id,
        dots_total=workshop.dots_per_participant,
        dots_used=dots_used(session, participant_id=participant.id),
        mine=[i for i in items if i.mine],
        visible=[i for i in items if i.status == VISIBLE],
    )


def wall(session: Session, *, workshop_id: int, per_column: int = WALL_PER_COLUMN) -> Wall:
    """Per category the `per_column` first visible contributions (pinned, then newest), and what was hidden.

    Newest first: a participant must see their post arrive on the shared screen; the
    most-voted ones are the conclusion's business (werkstatt/results/conclusion.py).

    Counted and ranked in SQL: a shared screen refreshing every few seconds must not
    load thousands of rows (bench/conclusion_bench.py).
    """
    workshop = get_workshop(session, workshop_id=workshop_id)
    visible = [Contribution.workshop_id == workshop_id, Contribution.status == VISIBLE]
    totals = dict(
        session.execute(
            select(Contribution.category_key, func.count()).where(*visible).group_by(Contribution.category_key)
        ).all()
    )
    order = (Contribution.pinned.desc(), Contribution.id.desc())
    ranked = (
        select(
            Contribution.id,
            func.row_number().over(partition_by=Contribution.category_key, order_by=order).label("rank"),
        )
        .where(*visible)
        .subquery()
    )
    shown = set(session.scalars(select(ranked.c.id).where(ranked.c.rank <= per_column)))
    items = sorted(_items(session, workshop_id, ids=shown), key=lambda i: (not i.pinned, -i.id))
    columns = [(c.key, c.label, [i for i in items if i.category_key == c.key]) for c in workshop.categories]
    moderation = moderation_summary(session, workshop_id=workshop_id)
    participants = session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop_id))
    return Wall(
        columns=columns,
        totals={key: int(n) for key, n in totals.items()},
        hidden_count=moderation.hidden,
        hidden_reasons=[f"{reason} ({n}×)" if n > 1 else reason for reason, n in moderation.reasons],
        merged_count=moderation.merged,
        participant_count=participants or 0,
    )


def groups_of(session: Session, *, workshop_id: int) -> list[tuple[int, str]]:
    return [(g.id, g.name) for g in list_groups(session, workshop_id=workshop_id)]
