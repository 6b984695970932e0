"""Each migration upgrades a database that holds data at the previous revision, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from db.base import Base
from db.migrate import upgrade, upgrade_to

NOW = datetime(2021, 6, 30, 8, 0, tzinfo=UTC)


def _insert(conn, table: str, **row: object) -> None:
    columns = ", ".join(row)
    conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in row)})"), row)


def _seed_at_0001(engine: Engine) -> None:
    """Rows written with the columns of revision 0001 only (the models may have moved on)."""
    blank = dict.fromkeys
    with engine.begin() as conn:
        _insert(
            conn,
            "series",
            id=1,
            slug="s",
            title="Reihe",
            timezone="Europe/Berlin",
            organizers="[]",
            **blank(("headline", "subtitle", "invitation", "registration_note", "join_note"), ""),
        )
        _insert(
            conn,
            "workshop",
            id=1,
            series_id=1,
            number=1,
            title="W1",
            starts_at=NOW,
            ends_at=NOW,
            capacity=20,
            join_code="ABCDEF",
            dots_per_participant=3,
            guiding_questions="[]",
            facet_options="[]",
            **blank(
                (
                    "topic",
                    "subtitle",
                    "description",
                    "format",
                    "external_registration_url",
                    "meeting_url",
                    "discussion_prompt",
                    "facet_label",
                ),
                "",
            ),
        )
        _insert(
            conn,
            "person",
            id=1,
            email="a@example.org",
            first_name="A",
            last_name="B",
            organisation="",
            stakeholder_group="",
            networking_consent=False,
            created_at=NOW,
        )
        _insert(conn, "registration", id=1, person_id=1, workshop_id=1, status="confirmed", cancel_token="tok",
                source="web", created_at=NOW)  # fmt: skip


def test_0002_keeps_rows_and_then_refuses_unknown_statuses(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    upgrade_to(engine, "0001")
    _seed_at_0001(engine)
    upgrade_to(engine, "0002")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM registration WHERE id = 1")).scalar_one() == "confirmed"
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE registration SET status = 'bestaetigt' WHERE id = 1"))
    upgrade(engine)  # and on to the newest revision
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM registration")).scalar_one() == 1
