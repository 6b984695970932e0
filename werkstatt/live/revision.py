"""One revision per workshop, advanced in the same transaction as every change a live screen shows.

Services do not call anything: session events find the changed rows.
- after_flush notes the workshop of every new, changed or deleted row that names one
  (a `workshop_id` column, the workshop itself, a vote through its contribution);
- do_orm_execute does the same for bulk UPDATE/DELETE statements (e.g. taking a dot back);
- before_commit bumps each noted workshop once with an upsert
  (`INSERT .. ON CONFLICT DO UPDATE SET revision = revision + 1`, safe under concurrency on
  SQLite and PostgreSQL) and, on PostgreSQL, sends NOTIFY werkstatt_live '<workshop>:<revision>'
  (delivered to every process at commit);
- after_commit publishes the new revisions on the in-process bus (werkstatt.live.bus);
  a rollback publishes nothing.

Rows that no live screen shows (registrations, people, mails, accounts, this bookkeeping)
are on the UNTRACKED list; every other table with a workshop is tracked, including
tables added later.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, TypeVar, cast, overload

from sqlalchemy import ColumnElement, Select, Table, event, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm import SessionTransaction as OrmTransaction

from db.models import Workshop
from db.models.live import LiveRevision
from db.models.participation import Contribution, Vote
from werkstatt.live import bus

CHANNEL = "werkstatt_live"
UNTRACKED = frozenset(
    {
        "app_setting",
        "app_user",
        "contribution_submission",
        "live_revision",
        "outbox_mail",
        "person",
        "registration",
        "series",
        "staff_action",
        "workshop_tally",
    }
)
_PENDING = "live_pending"  # workshop ids changed in this transaction
_GONE = "live_gone"  # workshops deleted in this transaction
_BUMPED = "live_bumped"  # {workshop id: new revision}, published after the commit
_F = TypeVar("_F")
_install_lock = threading.Lock()
_installed = False


def current_revision(session: Session, *, workshop_id: int) -> int:
    """The workshop's revision; 0 before its first tracked change."""
    value = session.scalar(select(LiveRevision.revision).where(LiveRevision.workshop_id == workshop_id))
    return int(value or 0)


def revisions(session: Session, *, workshop_ids: Iterable[int]) -> dict[int, int]:
    """Revisions of several workshops in one query; 0 for those never changed."""
    wanted = sorted(set(workshop_ids))
    query = select(LiveRevision.workshop_id, LiveRevision.revision).where(LiveRevision.workshop_id.in_(wanted))
    found = {workshop_id: revision for workshop_id, revision in session.execute(query)}
    return {wid: int(found.get(wid, 0)) for wid in wanted}


@overload
def track_revisions() -> None: ...
@overload
def track_revisions(factory: _F) -> _F: ...
def track_revisions(factory: _F | None = None) -> _F | None:
    """Install the session events on every Session of this process (once; later calls do nothing).

    Global on purpose: every writer (pages, services, CLI, tests, benchmarks) advances the
    revision without having to remember it. A sessionmaker passed in is returned unchanged
    (`track_revisions(make_sessionmaker(engine))` reads well at a call site).
    """
    global _installed
    with _install_lock:
        if _installed:
            return factory
        for name, fn in _HOOKS:
            event.listen(Session, name, fn)
        _installed = True
    return factory


def untrack_revisions() -> None:
    """Remove the session events again (benchmarks compare with and without)."""
    global _installed
    with _install_lock:
        if not _installed:
            return
        for name, fn in _HOOKS:
            event.remove(Session, name, fn)
        _installed = False


def _tracked(mapper: Mapper[Any]) -> bool:
    return all(table.name not in UNTRACKED for table in mapper.tables)


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    pending: set[int] = session.info.setdefault(_PENDING, set())
    gone: set[int] = session.info.setdefault(_GONE, set())
    vote_targets: set[int] = set()
    for obj, deleted in _flushed(session):
        if isinstance(obj, Workshop):
            (gone if deleted else pending).add(obj.id)
        elif isinstance(obj, Vote):
            vote_targets.add(obj.contribution_id)
        elif _tracked(obj.__mapper__):
            workshop_id = getattr(obj, "workshop_id", None)
            if isinstance(workshop_id, int):
                pending.add(workshop_id)
    if vote_targets:
        query = select(Contribution.workshop_id).where(Contribution.id.in_(vote_targets))
        pending.update(session.connection().execute(query).scalars())


def _flushed(session: Session) -> Iterable[tuple[Any, bool]]:
    for obj in session.new:
        yield obj, False
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            yield obj, False
    for obj in session.deleted:
        yield obj, True


def _before_bulk_change(state: ORMExecuteState) -> None:
    """Bulk UPDATE/DELETE bypass the flush: note their workshops before they run."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    mapper = state.bind_mapper
    query = _workshops_of(mapper, getattr(state.statement, "whereclause", None))
    if query is not None:
        state.session.info.setdefault(_PENDING, set()).update(state.session.execute(query).scalars())


def _workshops_of(mapper: Mapper[Any], where: ColumnElement[bool] | None) -> Select[Any] | None:
    entity = mapper.class_
    if entity is Vote:
        targets = select(Vote.contribution_id)
        targets = targets.where(where) if where is not None else targets
        return select(Contribution.workshop_id).where(Contribution.id.in_(targets)).distinct()
    if entity is Workshop or not _tracked(mapper) or "workshop_id" not in mapper.columns:
        return None
    query = select(mapper.columns["workshop_id"]).distinct()
    return query.where(where) if where is not None else query


def _bump(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer commit bumps
    session.flush()  # commit would flush after this hook; its changes must count too
    pending = session.info.pop(_PENDING, set()) - session.info.get(_GONE, set())
    if not pending:
        return
    connection = session.connection()
    dialect = connection.dialect.name
    table = cast(Table, LiveRevision.__table__)
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    returned: list[Any] = [table.c.revision]
    if dialect == "postgresql":
        # NOTIFY in the same statement (one round trip); PostgreSQL delivers it at commit, never on rollback.
        payload = func.concat(table.c.workshop_id, ":", table.c.revision)
        returned.append(func.pg_notify(CHANNEL, payload))
    bumped: dict[int, int] = {}
    for workshop_id in sorted(pending):  # one order everywhere: two writers never deadlock
        stmt = (
            insert(table)
            .values(workshop_id=workshop_id, revision=1)
            .on_conflict_do_update(index_elements=["workshop_id"], set_={"revision": table.c.revision + 1})
            .returning(*returned)
        )
        bumped[workshop_id] = int(connection.execute(stmt).first()[0])  # type: ignore[index]
    session.info[_BUMPED] = bumped


def _publish(session: Session) -> None:
    for workshop_id, revision in session.info.pop(_BUMPED, {}).items():
        bus.publish(workshop_id, revision)


def _forget(session: Session, transaction: OrmTransaction) -> None:
    if transaction.parent is None:
        for key in (_PENDING, _GONE, _BUMPED):
            session.info.pop(key, None)


_HOOKS: tuple[tuple[str, Any], ...] = (
    ("after_flush", _after_flush),
    ("do_orm_execute", _before_bulk_change),
    ("before_commit", _bump),
    ("after_commit", _publish),
    ("after_transaction_end", _forget),
)
