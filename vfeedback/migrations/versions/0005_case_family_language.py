"""The family's language: ``case.family_language`` and ``case.second_language``, and a
caption's second-language version ``clip.caption_second`` (bilingual families).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case") as batch_op:
        batch_op.add_column(sa.Column("family_language", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("second_language", sa.String(length=16), nullable=True))
    with op.batch_alter_table("clip") as batch_op:
        batch_op.add_column(sa.Column("caption_second", sa.Text(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("clip") as batch_op:
        batch_op.drop_column("caption_second")
    with op.batch_alter_table("case") as batch_op:
        batch_op.drop_column("second_language")
        batch_op.drop_column("family_language")
