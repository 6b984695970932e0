"""Frames the shared screen refreshes most: submissions over time and frequent terms.

Split from werkstatt/results/conclusion.py, which assembles them with the others.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

import pandas as pd
from sqlalchemy import Connection, Engine, Integer, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from db.models.participation import VISIBLE, Contribution
from werkstatt.clock import BERLIN
from werkstatt.results.terms import rank_terms, terms_of


def visible_conditions(workshop_id: int) -> list[ColumnElement[bool]]:
    return [Contribution.workshop_id == workshop_id, Contribution.status == VISIBLE]


def _epoch_bucket(session: Session, seconds: int) -> ColumnElement[int]:
    if session.get_bind().dialect.name == "sqlite":
        epoch = cast(func.strftime("%s", Contribution.created_at), Integer)
        return (epoch // seconds) * seconds
    pg_epoch = func.extract("epoch", Contribution.created_at)
    return cast(func.floor(pg_epoch / seconds) * seconds, Integer)


def timeline_frame(session: Session, *, workshop_id: int, bucket_minutes: int = 5) -> pd.DataFrame:
    """Submissions per time slot (Europe/Berlin), counted in SQL."""
    bucket = _epoch_bucket(session, bucket_minutes * 60).label("bucket")
    rows = session.execute(
        select(bucket, func.count()).where(*visible_conditions(workshop_id)).group_by(bucket).order_by(bucket)
    ).all()
    return pd.DataFrame(
        {
            "Zeit": [datetime.fromtimestamp(int(b), UTC).astimezone(BERLIN).strftime("%H:%M") for b, _ in rows],
            "Beiträge": [int(n) for _, n in rows],
        }
    )


# Terms per contribution id and database: a text never changes after posting, so its
# terms are worked out once per process, not on every refresh of the shared screen.
# Keyed by the engine itself (weakly): a URL alone does not identify the data,
# e.g. two schemas behind one URL via search_path.
_TERMS: WeakKeyDictionary[Engine, dict[int, frozenset[str]]] = WeakKeyDictionary()
_TERMS_LIMIT = 250_000


def engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def terms_frame(session: Session, *, workshop_id: int, limit: int = 15) -> pd.DataFrame:
    """Frequent terms of the visible contributions; texts are read only for ids not seen before."""
    known = _TERMS.setdefault(engine_of(session), {})
    ids = list(session.scalars(select(Contribution.id).where(*visible_conditions(workshop_id))))
    missing = [i for i in ids if i not in known]
    if len(known) + len(missing) > _TERMS_LIMIT:
        known.clear()
        missing = ids
    for start in range(0, len(missing), 5000):
        chunk = missing[start : start + 5000]
        for cid, text in session.execute(select(Contribution.id, Contribution.text).where(Contribution.id.in_(chunk))):
            known[cid] = frozenset(terms_of(text))
    counts: Counter[str] = Counter()
    for cid in ids:
        counts.update(known[cid])
    return pd.DataFrame(rank_terms(counts, limit), columns=["Begriff", "Beiträge"]).astype({"Beiträge": "int64"})
