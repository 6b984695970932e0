#!/usr/bin/env bash
# Regenerates the initial migration from the models. Allowed only while no
# database outside development exists; after the first release add revisions.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f db/migrations/versions/0001_initial.py
.venv/bin/python - "$tmp" <<'PY'
import sys
from alembic import command
from db.migrate import alembic_config
cfg = alembic_config(f"sqlite:///{sys.argv[1]}/empty.db")
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
mv db/migrations/versions/0001_*.py db/migrations/versions/0001_initial.py 2>/dev/null || true
.venv/bin/ruff format -q db/migrations/versions/0001_initial.py || true
rm -rf "$tmp"
echo "regenerated db/migrations/versions/0001_initial.py"
