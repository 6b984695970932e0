"""The one way to lock rows for the rest of a transaction (docs/architecture.md, "Locking").

PostgreSQL: `SELECT … FOR UPDATE` row locks, held until commit or rollback.
SQLite: the dialect leaves `FOR UPDATE` out; that is correct, because every writing
transaction already holds the database's write lock from its first statement
(`BEGIN IMMEDIATE`, db/engine.py). So the same service code is right on both.

Order, so that two transactions never wait for each other in a circle: workshop rows
(by id) before a workshop's own state rows (schedule, activity state), before
contributions and questions (by id), before participants (by id). Several rows of
one table are locked in id order (`lock_rows`, or `lock_row` in a loop over sorted ids).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import Select, inspect, select
from sqlalchemy.orm import Session

T = TypeVar("T")
M = TypeVar("M")


def for_update(stmt: Select[T], *, skip_locked: bool = False) -> Select[T]:
    """`stmt` locking the rows it selects; skip_locked: rows another transaction holds are left out (PostgreSQL)."""
    return stmt.with_for_update(skip_locked=skip_locked)


def lock_row(session: Session, model: type[M], key: Any) -> M | None:
    """The row with primary key `key`, locked; None when there is none."""
    return session.get(model, key, with_for_update=True)


def lock_rows(session: Session, model: type[M], ids: Iterable[int]) -> dict[int, M]:
    """Rows by primary key, locked in id order and reloaded (objects already in the session get the locked state).

    Missing ids are simply absent from the result; the caller says what that means.
    """
    key = inspect(model).primary_key[0]
    wanted = sorted(set(ids))
    stmt = select(model).where(key.in_(wanted)).order_by(key).with_for_update()
    rows = session.scalars(stmt.execution_options(populate_existing=True))
    return {getattr(row, key.key): row for row in rows}
