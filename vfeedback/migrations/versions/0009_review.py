"""Supervision: every annotation belongs to a coder (``annotation.coder``), review states of a
coder's set or a feedback plan (``review``), and threaded review comments (``review_comment``).

Existing annotations get the actor of the journal entry that added them (when the undo journal
still holds it), else ``"local"`` (the single user of a home without accounts).

Revision ID: 0009_review
Revises: 0005
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009_review"
down_revision = "0008_audit_consent"
branch_labels = None
depends_on = None


def _added_ids(changes: Any) -> list[int]:
    """The annotation ids a journal entry added (single changes and compact blocks)."""
    if isinstance(changes, str):
        changes = json.loads(changes)
    found: list[int] = []
    for change in changes or []:
        if "added" in change:
            block = change["added"]
            at = block["columns"].index("id")
            found += [int(values[at]) for values in block["rows"]]
        elif change.get("before") is None and change.get("after") is not None:
            found.append(int(change["id"]))
    return found


def upgrade() -> None:
    with op.batch_alter_table("annotation") as batch:
        batch.add_column(sa.Column("coder", sa.String(length=120), nullable=False,
                                   server_default="local"))
        batch.create_index(batch.f("ix_annotation_coder"), ["coder"], unique=False)
    bind = op.get_bind()
    journal = sa.table("annotation_journal", sa.column("seq", sa.Integer),
                       sa.column("recording_id", sa.Integer), sa.column("actor", sa.String),
                       sa.column("changes", sa.JSON), sa.column("undone", sa.Boolean))
    annotation = sa.table("annotation", sa.column("id", sa.Integer),
                          sa.column("coder", sa.String))
    owner: dict[str, list[int]] = {}
    rows = bind.execute(sa.select(journal.c.actor, journal.c.changes)
                        .where(journal.c.actor != "", journal.c.undone.is_(False))
                        .order_by(journal.c.recording_id, journal.c.seq))
    for actor, changes in rows:
        owner.setdefault(actor[:120], []).extend(_added_ids(changes))
    for actor, ids in owner.items():
        for first in range(0, len(ids), 500):
            bind.execute(annotation.update().where(annotation.c.id.in_(ids[first:first + 500]))
                         .values(coder=actor))

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("coder", sa.String(length=120), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("submitted_by", sa.String(length=120), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=False),
        sa.Column("approved_print", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("(recording_id IS NULL) <> (plan_id IS NULL)",
                           name=op.f("ck_review_one_subject")),
        sa.CheckConstraint("state IN ('draft', 'submitted', 'reviewed', 'approved')",
                           name=op.f("ck_review_state")),
        sa.ForeignKeyConstraint(["plan_id"], ["feedback_plan.id"],
                                name=op.f("fk_review_plan_id_feedback_plan"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recording_id"], ["recording.id"],
                                name=op.f("fk_review_recording_id_recording"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint("uid", name=op.f("uq_review_uid")),
    )
    op.create_index(op.f("ix_review_recording_id"), "review", ["recording_id"], unique=False)
    op.create_index(op.f("ix_review_plan_id"), "review", ["plan_id"], unique=False)
    op.create_table(
        "review_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("annotation_id", sa.Integer(), nullable=True),
        sa.Column("annotation_uid", sa.String(length=32), nullable=False),
        sa.Column("clip_id", sa.Integer(), nullable=True),
        sa.Column("at_ms", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["annotation_id"], ["annotation.id"],
                                name=op.f("fk_review_comment_annotation_id_annotation"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["clip_id"], ["clip.id"],
                                name=op.f("fk_review_comment_clip_id_clip"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["parent_id"], ["review_comment.id"],
                                name=op.f("fk_review_comment_parent_id_review_comment"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recording_id"], ["recording.id"],
                                name=op.f("fk_review_comment_recording_id_recording"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comment")),
        sa.UniqueConstraint("uid", name=op.f("uq_review_comment_uid")),
    )
    op.create_index(op.f("ix_review_comment_recording_id"), "review_comment",
                    ["recording_id"], unique=False)
    op.create_index(op.f("ix_review_comment_parent_id"), "review_comment", ["parent_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("review_comment")
    op.drop_table("review")
    with op.batch_alter_table("annotation") as batch:
        batch.drop_index(batch.f("ix_annotation_coder"))
        batch.drop_column("coder")
