"""live session: revision per workshop, staff actions applied once, post submissions

Revision ID: 0003
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_revision",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_live_revision_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("workshop_id", name=op.f("pk_live_revision")),
    )
    op.create_table(
        "staff_action",
        sa.Column("action_id", sa.String(length=64), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_staff_action_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("action_id", name=op.f("pk_staff_action")),
    )
    op.create_index(op.f("ix_staff_action_workshop_id"), "staff_action", ["workshop_id"], unique=False)
    op.create_table(
        "contribution_submission",
        sa.Column("submission_id", sa.String(length=64), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contribution.id"],
            name=op.f("fk_contribution_submission_contribution_id_contribution"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("submission_id", name=op.f("pk_contribution_submission")),
    )
    op.create_index(
        op.f("ix_contribution_submission_contribution_id"), "contribution_submission", ["contribution_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_contribution_submission_contribution_id"), table_name="contribution_submission")
    op.drop_table("contribution_submission")
    op.drop_index(op.f("ix_staff_action_workshop_id"), table_name="staff_action")
    op.drop_table("staff_action")
    op.drop_table("live_revision")
