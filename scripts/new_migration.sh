#!/usr/bin/env bash
# A new Alembic revision from the difference between the models and the newest migration.
# usage: scripts/new_migration.sh 0010 "what changes"
# Every schema change is a new revision (never edit a released one); add an upgrade test
# from the previous revision to tests/db/test_migration_steps.py (docs/architecture.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rev="$1"; message="$2"
tmp=$(mktemp -d)
.venv/bin/python - "$tmp" "$rev" "$message" <<'PY'
import sys
from alembic import command
from sqlalchemy import create_engine
from db.migrate import alembic_config, upgrade
url = f"sqlite:///{sys.argv[1]}/previous.db"
upgrade(create_engine(url))
command.revision(alembic_config(url), message=sys.argv[3], autogenerate=True, rev_id=sys.argv[2])
PY
.venv/bin/ruff format -q db/migrations/versions/ || true
rm -rf "$tmp"
