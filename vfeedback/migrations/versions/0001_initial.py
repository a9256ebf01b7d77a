"""Initial schema: users, cases, visits, recordings, coding schemes, annotations, plans.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:32:05.903905
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case')),
    sa.UniqueConstraint('code', name=op.f('uq_case_code'))
    )
    op.create_table('coding_scheme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coding_scheme')),
    sa.UniqueConstraint('name', 'version', name=op.f('uq_coding_scheme_name'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('name', name=op.f('uq_user_name'))
    )
    op.create_table('code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('group', sa.String(length=120), nullable=False),
    sa.Column('shortcut', sa.String(length=20), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=True),
    sa.Column('modifiers', sa.JSON(), nullable=False),
    sa.Column('scale_min', sa.Integer(), nullable=True),
    sa.Column('scale_max', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('point', 'interval', 'rating')", name=op.f('ck_code_kind')),
    sa.ForeignKeyConstraint(['scheme_id'], ['coding_scheme.id'], name=op.f('fk_code_scheme_id_coding_scheme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_code')),
    sa.UniqueConstraint('scheme_id', 'key', name=op.f('uq_code_scheme_id'))
    )
    with op.batch_alter_table('code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_code_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('theme', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_visit_case_id_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit')),
    sa.UniqueConstraint('case_id', 'number', name=op.f('uq_visit_case_id'))
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_case_id'), ['case_id'], unique=False)

    op.create_table('feedback_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_feedback_plan_visit_id_visit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_plan')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_feedback_plan_visit_id'))
    )
    op.create_table('recording',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('store_key', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('container', sa.String(length=40), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('fps', sa.Float(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('rotation', sa.Integer(), nullable=False),
    sa.Column('video_codec', sa.String(length=40), nullable=False),
    sa.Column('audio_codec', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_recording_visit_id_visit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recording')),
    sa.UniqueConstraint('store_key', name=op.f('uq_recording_store_key'))
    )
    with op.batch_alter_table('recording', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recording_visit_id'), ['visit_id'], unique=False)

    op.create_table('annotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('recording_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('start_ms', sa.Integer(), nullable=False),
    sa.Column('end_ms', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=40), nullable=True),
    sa.Column('valence', sa.String(length=20), nullable=True),
    sa.Column('modifiers', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_ms IS NULL OR end_ms >= start_ms', name=op.f('ck_annotation_end_after_start')),
    sa.CheckConstraint('start_ms >= 0', name=op.f('ck_annotation_start_nonnegative')),
    sa.ForeignKeyConstraint(['annotator_id'], ['user.id'], name=op.f('fk_annotation_annotator_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['code_id'], ['code.id'], name=op.f('fk_annotation_code_id_code'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recording_id'], ['recording.id'], name=op.f('fk_annotation_recording_id_recording'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation')),
    sa.UniqueConstraint('uid', name=op.f('uq_annotation_uid'))
    )
    with op.batch_alter_table('annotation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotation_annotator_id'), ['annotator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annotation_code_id'), ['code_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annotation_recording_id'), ['recording_id'], unique=False)

    op.create_table('clip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('recording_id', sa.Integer(), nullable=False),
    sa.Column('annotation_id', sa.Integer(), nullable=True),
    sa.Column('start_ms', sa.Integer(), nullable=False),
    sa.Column('end_ms', sa.Integer(), nullable=False),
    sa.Column('lead_in_ms', sa.Integer(), nullable=False),
    sa.Column('lead_out_ms', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('speed', sa.Float(), nullable=False),
    sa.Column('freeze_at_ms', sa.Integer(), nullable=True),
    sa.Column('freeze_ms', sa.Integer(), nullable=False),
    sa.CheckConstraint('end_ms > start_ms', name=op.f('ck_clip_end_after_start')),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotation.id'], name=op.f('fk_clip_annotation_id_annotation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['feedback_plan.id'], name=op.f('fk_clip_plan_id_feedback_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recording_id'], ['recording.id'], name=op.f('fk_clip_recording_id_recording'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clip'))
    )
    with op.batch_alter_table('clip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clip_plan_id'), ['plan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('clip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clip_plan_id'))

    op.drop_table('clip')
    with op.batch_alter_table('annotation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annotation_recording_id'))
        batch_op.drop_index(batch_op.f('ix_annotation_code_id'))
        batch_op.drop_index(batch_op.f('ix_annotation_annotator_id'))

    op.drop_table('annotation')
    with op.batch_alter_table('recording', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recording_visit_id'))

    op.drop_table('recording')
    op.drop_table('feedback_plan')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_case_id'))

    op.drop_table('visit')
    with op.batch_alter_table('code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_code_scheme_id'))

    op.drop_table('code')
    op.drop_table('user')
    op.drop_table('coding_scheme')
    op.drop_table('case')
