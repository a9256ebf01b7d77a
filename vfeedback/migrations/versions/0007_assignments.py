"""Who may see which case: ``case_assignment`` (a case given to a user, by whom, when) and
``supervision`` (a trainee and their supervisor). ``services/access.py`` reads them.

Revision ID: 0007_assignments
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_assignments"
down_revision = "0006_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", sa.String(length=120), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], ondelete="CASCADE",
                                name=op.f("fk_case_assignment_case_id_case")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE",
                                name=op.f("fk_case_assignment_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_assignment")),
        sa.UniqueConstraint("case_id", "user_id", name=op.f("uq_case_assignment_case_id")),
    )
    op.create_index(op.f("ix_case_assignment_case_id"), "case_assignment", ["case_id"])
    op.create_index(op.f("ix_case_assignment_user_id"), "case_assignment", ["user_id"])
    op.create_table(
        "supervision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), nullable=False),
        sa.Column("linked_by", sa.String(length=120), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["trainee_id"], ["user.id"], ondelete="CASCADE",
                                name=op.f("fk_supervision_trainee_id_user")),
        sa.ForeignKeyConstraint(["supervisor_id"], ["user.id"], ondelete="CASCADE",
                                name=op.f("fk_supervision_supervisor_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision")),
        sa.UniqueConstraint("trainee_id", "supervisor_id",
                            name=op.f("uq_supervision_trainee_id")),
    )
    op.create_index(op.f("ix_supervision_trainee_id"), "supervision", ["trainee_id"])
    op.create_index(op.f("ix_supervision_supervisor_id"), "supervision", ["supervisor_id"])


def downgrade() -> None:
    op.drop_table("supervision")
    op.drop_table("case_assignment")
