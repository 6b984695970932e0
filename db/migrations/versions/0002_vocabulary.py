"""fixed vocabularies as CHECK constraints (statuses, timer event kinds)

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from db.vocabulary import ContributionStatus, MailStatus, RegistrationStatus, TimerEventKind

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHECKS = (
    ("registration", "status", RegistrationStatus),
    ("outbox_mail", "status", MailStatus),
    ("contribution", "status", ContributionStatus),
    ("timer_event", "kind", TimerEventKind),
)


def upgrade() -> None:
    # batch mode: SQLite cannot add a constraint to an existing table, it copies the table.
    for table, column, vocabulary in CHECKS:
        values = ", ".join(f"'{m.value}'" for m in vocabulary)
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(op.f(f"ck_{table}_{column}"), sa.text(f"{column} IN ({values})"))


def downgrade() -> None:
    for table, column, _ in reversed(CHECKS):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
