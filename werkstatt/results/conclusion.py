"""Aggregates of a workshop's input, computed in SQL; small frames for charts and reports.

Only visible contributions count: hidden, withdrawn and merged-away ones count
nowhere (docs/architecture.md). Vote counts are COUNT(*) over the vote table; merging
moves the dots to the target, so a voter of both counts once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

import pandas as pd
from sqlalchemy import Engine, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from db.models import Category, Workshop
from db.models.participation import VISIBLE, Contribution, Group, Participant, Theme, Vote
from db.models.registration import Registration, WorkshopTally
from werkstatt.results.frames import engine_of, terms_frame, timeline_frame, visible_conditions
from werkstatt.results.tallies import Moderation, moderation_summary

NO_GROUP = "ohne Gruppe"
NO_THEME = "ohne Thema"


def _vote_counts() -> Subquery:
    return (
        select(Vote.contribution_id.label("cid"), func.count().label("votes")).group_by(Vote.contribution_id).subquery()
    )


def category_frame(session: Session, *, workshop_id: int) -> pd.DataFrame:
    """Contributions per category, in the series file's order, zeros included."""
    counts = dict(
        session.execute(
            select(Contribution.category_key, func.count())
            .where(*visible_conditions(workshop_id))
            .group_by(Contribution.category_key)
        ).all()
    )
    cats = session.execute(
        select(Category.key, Category.label).where(Category.workshop_id == workshop_id).order_by(Category.position)
    ).all()
    return pd.DataFrame(
        {"Kategorie": [label for _, label in cats], "Beiträge": [int(counts.get(key, 0)) for key, _ in cats]}
    )


def group_frame(session: Session, *, workshop_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(func.coalesce(Group.name, NO_GROUP), func.count(Contribution.id))
        .select_from(Contribution)
        .outerjoin(Group, Group.id == Contribution.group_id)
        .where(*visible_conditions(workshop_id))
        .group_by(Group.name)
        .order_by(func.count(Contribution.id).desc(), Group.name)
    ).all()
    return pd.DataFrame(rows, columns=["Gruppe", "Beiträge"]).astype({"Beiträge": "int64"})


def top_frame(session: Session, *, workshop_id: int, per_category: int = 3) -> pd.DataFrame:
    """The most-voted contributions of each category (ties: earlier first)."""
    votes = _vote_counts()
    n_votes = func.coalesce(votes.c.votes, 0)
    ranked = (
        select(
            Contribution.id,
            Contribution.category_key,
            Contribution.text,
            n_votes.label("votes"),
            func.row_number()
            .over(partition_by=Contribution.category_key, order_by=(n_votes.desc(), Contribution.id))
            .label("rank"),
        )
        .outerjoin(votes, votes.c.cid == Contribution.id)
        .where(*visible_conditions(workshop_id))
        .subquery()
    )
    rows = session.execute(
        select(Category.label, Category.position, ranked.c.rank, ranked.c.id, ranked.c.text, ranked.c.votes)
        .join(ranked, ranked.c.category_key == Category.key)
        .where(Category.workshop_id == workshop_id, ranked.c.rank <= per_category)
        .order_by(Category.position, ranked.c.rank)
    ).all()
    frame = pd.DataFrame(
        [(label, rank, cid, text, int(v)) for label, _, rank, cid, text, v in rows],
        columns=["Kategorie", "Rang", "Nr", "Beitrag", "Punkte"],
    )
    return frame.astype({"Rang": "int64", "Nr": "int64", "Punkte": "int64"})


def theme_frame(session: Session, *, workshop_id: int) -> pd.DataFrame:
    votes = _vote_counts()
    rows = session.execute(
        select(
            func.coalesce(Theme.name, NO_THEME),
            func.count(Contribution.id),
            func.coalesce(func.sum(votes.c.votes), 0),
        )
        .select_from(Contribution)
        .outerjoin(Theme, Theme.id == Contribution.theme_id)
        .outerjoin(votes, votes.c.cid == Contribution.id)
        .where(*visible_conditions(workshop_id))
        .group_by(Theme.name)
        .order_by(func.count(Contribution.id).desc(), Theme.name)
    ).all()
    return pd.DataFrame(rows, columns=["Thema", "Beiträge", "Punkte"]).astype({"Beiträge": "int64", "Punkte": "int64"})


@dataclass(frozen=True)
class Conclusion:
    """Everything the conclusion screen shows; small frames only."""

    workshop_id: int
    participants: int
    contributions: int
    votes: int
    categories: pd.DataFrame
    groups: pd.DataFrame
    top: pd.DataFrame
    terms: pd.DataFrame
    timeline: pd.DataFrame
    moderation: Moderation
    stamp: tuple[object, ...] = ()  # the fingerprint it was computed at; lets screens cache what they derive


def fingerprint(session: Session, *, workshop_id: int) -> tuple[object, ...]:
    """A cheap summary that changes whenever anything the conclusion shows changes.

    Posts, status changes (hide, merge, withdraw), themes, groups, votes and joins
    all move one of these sums or counts; two aggregate queries, no rows loaded.
    """
    visible_ids = func.sum(case((Contribution.status == VISIBLE, Contribution.id), else_=0))
    contributions = session.execute(
        select(
            func.count(Contribution.id),
            func.max(Contribution.id),
            visible_ids,
            func.sum(func.coalesce(Contribution.theme_id, 0) * Contribution.id),
            func.sum(func.coalesce(Contribution.group_id, 0) * Contribution.id),
        ).where(Contribution.workshop_id == workshop_id)
    ).one()
    votes = session.execute(
        select(func.count(Vote.id), func.max(Vote.id), func.sum(Vote.contribution_id * Vote.participant_id))
    ).one()
    joined = session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop_id))
    return (*contributions, *votes, joined)


# Derived data only, validated against the database on every read: every
# process may keep its own copy without ever disagreeing with the others.
_CACHE: WeakKeyDictionary[Engine, dict[int, tuple[tuple[object, ...], Conclusion]]] = WeakKeyDictionary()


def conclusion(session: Session, *, workshop_id: int) -> Conclusion:
    """The conclusion, recomputed only when the workshop's input changed."""
    per_workshop = _CACHE.setdefault(engine_of(session), {})
    stamp = fingerprint(session, workshop_id=workshop_id)
    cached = per_workshop.get(workshop_id)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    result = replace(compute_conclusion(session, workshop_id=workshop_id), stamp=stamp)
    per_workshop[workshop_id] = (stamp, result)
    return result


def compute_conclusion(session: Session, *, workshop_id: int) -> Conclusion:
    categories = category_frame(session, workshop_id=workshop_id)
    votes = session.scalar(
        select(func.count(Vote.id))
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(*visible_conditions(workshop_id))
    )
    participants = session.scalar(select(func.count()).where(Participant.workshop_id == workshop_id))
    return Conclusion(
        workshop_id=workshop_id,
        participants=int(participants or 0),
        contributions=int(categories["Beiträge"].sum()),
        votes=int(votes or 0),
        categories=categories,
        groups=group_frame(session, workshop_id=workshop_id),
        top=top_frame(session, workshop_id=workshop_id),
        terms=terms_frame(session, workshop_id=workshop_id),
        timeline=timeline_frame(session, workshop_id=workshop_id),
        moderation=moderation_summary(session, workshop_id=workshop_id),
    )


COMPARISON_COUNTS = ["Angemeldet", "Eingecheckt", "Live beigetreten"]


def _registered_and_checked_in(session: Session, workshop_id: int) -> tuple[int, int]:
    """Confirmed registrations and check-ins; after a purge from the anonymous tally."""
    confirmed = session.scalar(
        select(func.count()).where(Registration.workshop_id == workshop_id, Registration.status == "confirmed")
    )
    checked_in = session.scalar(
        select(func.count()).where(Registration.workshop_id == workshop_id, Registration.checked_in_at.is_not(None))
    )
    tally = session.get(WorkshopTally, workshop_id)
    if not confirmed and tally is not None:
        return tally.confirmed, tally.checked_in
    return int(confirmed or 0), int(checked_in or 0)


def series_comparison(session: Session, *, series_id: int) -> pd.DataFrame:
    """Per workshop of a series: registrations, check-ins, live joins, contributions per category (long format).

    "Live beigetreten" counts joined devices (pseudonymous), not people; the registration
    and check-in counts say how many people there were."""
    workshops = session.scalars(select(Workshop).where(Workshop.series_id == series_id).order_by(Workshop.number))
    rows = []
    for w in workshops:
        joined = session.scalar(select(func.count()).where(Participant.workshop_id == w.id)) or 0
        registered, checked_in = _registered_and_checked_in(session, w.id)
        for label, count in category_frame(session, workshop_id=w.id).itertuples(index=False):
            rows.append(
                (f"Werkstatt {w.number}", w.topic or w.title, registered, checked_in, int(joined), label, int(count))
            )
    columns = ["Werkstatt", "Thema", *COMPARISON_COUNTS, "Kategorie", "Beiträge"]
    return pd.DataFrame(rows, columns=columns)
