"""Shared editing: version columns (optimistic locking), who changed a row and when, the
recording's annotation edit counter, and whose edit each journal entry is.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VERSIONED = ("case", "annotation", "feedback_plan", "clip")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="1"))
            batch.add_column(sa.Column("changed_by", sa.String(length=120), nullable=False,
                                       server_default=""))
            batch.add_column(sa.Column("changed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("recording") as batch:
        batch.add_column(sa.Column("annotations_rev", sa.Integer(), nullable=False,
                                   server_default="0"))
    with op.batch_alter_table("annotation_journal") as batch:
        batch.add_column(sa.Column("actor", sa.String(length=120), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("annotation_journal") as batch:
        batch.drop_column("actor")
    with op.batch_alter_table("recording") as batch:
        batch.drop_column("annotations_rev")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("changed_at")
            batch.drop_column("changed_by")
            batch.drop_column("version")
