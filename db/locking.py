"""One way to lock rows for a check-then-write rule (seats, dots, timer sequence, moderation).

PostgreSQL: `SELECT ... FOR UPDATE`, always in id order, so two transactions that
lock the same rows queue instead of deadlocking. SQLite: every writing
transaction already began with `BEGIN IMMEDIATE` (db/engine.py), which holds the
database's write lock; `FOR UPDATE` is dropped by SQLAlchemy there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

T = TypeVar("T")


def lock_rows(session: Session, model: type[T], ids: Iterable[int]) -> dict[int, T]:
    """The rows with these primary keys, locked in id order and freshly read; missing ids are absent."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    table: Any = model
    rows = session.scalars(
        select(model)
        .where(table.id.in_(wanted))
        .order_by(table.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {row.id: row for row in rows}  # type: ignore[attr-defined]


def lock_row(session: Session, model: type[T], row_id: int) -> T | None:
    return lock_rows(session, model, [row_id]).get(row_id)
