"""Derived media (seek proxies, analysis results), suggestions, audit log, rating values.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recording") as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=40), nullable=False, server_default="import")
        )
    with op.batch_alter_table("annotation") as batch_op:
        batch_op.add_column(sa.Column("value", sa.Float(), nullable=True))

    op.create_table(
        "derivative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("store_key", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["recording_id"], ["recording.id"],
                                name=op.f("fk_derivative_recording_id_recording"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_derivative")),
        sa.UniqueConstraint("recording_id", "kind", "name",
                            name=op.f("uq_derivative_recording_id")),
    )
    op.create_index(op.f("ix_derivative_recording_id"), "derivative", ["recording_id"])

    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("end_ms", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["annotation_id"], ["annotation.id"],
                                name=op.f("fk_suggestion_annotation_id_annotation"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["recording_id"], ["recording.id"],
                                name=op.f("fk_suggestion_recording_id_recording"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion")),
    )
    op.create_index(op.f("ix_suggestion_recording_id"), "suggestion", ["recording_id"])

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(op.f("ix_audit_event_at"), "audit_event", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_event_at"), table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_index(op.f("ix_suggestion_recording_id"), table_name="suggestion")
    op.drop_table("suggestion")
    op.drop_index(op.f("ix_derivative_recording_id"), table_name="derivative")
    op.drop_table("derivative")
    with op.batch_alter_table("annotation") as batch_op:
        batch_op.drop_column("value")
    with op.batch_alter_table("recording") as batch_op:
        batch_op.drop_column("source")
