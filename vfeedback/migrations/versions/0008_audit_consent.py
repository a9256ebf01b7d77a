"""The audit chain and consent: ``audit_event`` gets ``seq``, ``prev_hash``, ``hash`` and ``mac``
(the existing rows are chained here, oldest first, after dropping the identifying text older
versions wrote into them: case codes and file names), ``audit_head`` holds the chain's end, and
``consent`` records each case's consent decisions with who recorded them and when.

Revision ID: 0008_audit_consent
Revises: 0005
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008_audit_consent"
down_revision = "0007_assignments"
branch_labels = None
depends_on = None

# Detail keys that older versions filled with identifying text, by action.
_SCRUB: dict[str, tuple[str, ...]] = {
    "case.create": ("code",), "case.rename": ("old", "new"), "visit.create": ("case",),
    "recording.import": ("name", "sha256"), "phone.delete_original": ("name",),
    "phone.convert": ("name",), "case.checkout": ("to",),
}


def _scrubbed(conn: sa.Connection, row: Any, codes: dict[str, int]) -> dict[str, Any]:
    detail = dict(row.detail or {})
    for key in _SCRUB.get(row.action, ()):
        detail.pop(key, None)
    object_id = row.object_id or ""
    if row.object_type == "case" and object_id in codes:  # check-out/in named the case code
        object_id = str(codes[object_id])
    elif row.object_type == "case" and not object_id.isdigit():
        object_id = ""
    return {"detail": detail, "object_id": object_id}


def upgrade() -> None:
    from vfeedback.audit import row_hash

    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("mac", sa.String(length=64), nullable=False,
                                   server_default=""))
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    conn = op.get_bind()
    meta = sa.MetaData()
    event = sa.Table("audit_event", meta, autoload_with=conn)
    case = sa.Table("case", meta, autoload_with=conn)
    codes = {code: cid for cid, code in conn.execute(sa.select(case.c.id, case.c.code))}
    prev, seq = "", 0
    for row in conn.execute(sa.select(event).order_by(event.c.id)).all():
        seq += 1
        values = {"at": row.at, "actor": row.actor, "action": row.action,
                  "object_type": row.object_type, **_scrubbed(conn, row, codes),
                  "seq": seq, "prev_hash": prev}
        values["hash"] = row_hash(values)
        conn.execute(event.update().where(event.c.id == row.id).values(
            detail=values["detail"], object_id=values["object_id"], seq=seq, prev_hash=prev,
            hash=values["hash"]))
        prev = values["hash"]
    conn.execute(head.insert().values(id=1, seq=seq, hash=prev, mac=""))
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(op.f("uq_audit_event_seq"), ["seq"])

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "field IN ('filming', 'feedback', 'supervision', 'research', 'keep_until')",
            name=op.f("ck_consent_field")),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_consent_case_id_case"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    op.create_index(op.f("ix_consent_case_id"), "consent", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_consent_case_id"), table_name="consent")
    op.drop_table("consent")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_constraint(op.f("uq_audit_event_seq"), type_="unique")
        batch.drop_column("mac")
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
