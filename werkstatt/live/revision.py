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

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, event, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, UOWTransaction, sessionmaker
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
_TRACKED = "_werkstatt_live_tracking"


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


def track_revisions(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Install the session events on a sessionmaker (once); returns it for chaining."""
    if getattr(factory, _TRACKED, False):
        return factory
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _before_bulk_change)
    event.listen(factory, "before_commit", _bump)
    event.listen(factory, "after_commit", _publish)
    event.listen(factory, "after_transaction_end", _forget)
    setattr(factory, _TRACKED, True)
    return factory


def _tracked(mapper: Mapper[Any]) -> bool:
    return mapper.local_table.name not in UNTRACKED


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


def _workshops_of(mapper: Mapper[Any], where: ColumnElement[bool] | None) -> Select[tuple[int]] | None:
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
    table = LiveRevision.__table__
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    bumped: dict[int, int] = {}
    for workshop_id in sorted(pending):  # one order everywhere: two writers never deadlock
        stmt = (
            insert(table)
            .values(workshop_id=workshop_id, revision=1)
            .on_conflict_do_update(index_elements=["workshop_id"], set_={"revision": table.c.revision + 1})
            .returning(table.c.revision)
        )
        bumped[workshop_id] = int(connection.execute(stmt).scalar_one())
    if dialect == "postgresql":
        for workshop_id, revision in bumped.items():
            connection.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": CHANNEL, "payload": f"{workshop_id}:{revision}"},
            )
    session.info[_BUMPED] = bumped


def _publish(session: Session) -> None:
    for workshop_id, revision in session.info.pop(_BUMPED, {}).items():
        bus.publish(workshop_id, revision)


def _forget(session: Session, transaction: OrmTransaction) -> None:
    if transaction.parent is None:
        for key in (_PENDING, _GONE, _BUMPED):
            session.info.pop(key, None)
