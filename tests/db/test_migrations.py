"""Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from db.base import Base
from db.migrate import upgrade


def test_upgrade_matches_models_and_is_repeatable(engine) -> None:
    Base.metadata.drop_all(engine)
    upgrade(engine)
    upgrade(engine)  # second run: no-op
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ; add a revision with scripts/new_migration.sh: {diff}"
    assert "workshop" in inspect(engine).get_table_names()
