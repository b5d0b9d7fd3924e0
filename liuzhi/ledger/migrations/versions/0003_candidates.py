"""candidates: figures proposed by the extractor, awaiting review

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('candidates',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('capture_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('measure', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value_high', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=32), nullable=False),
    sa.Column('qualifier', sa.String(length=16), nullable=False),
    sa.Column('precision', sa.Float(), nullable=True),
    sa.Column('region_code', sa.String(length=16), nullable=True),
    sa.Column('region_name', sa.Text(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('subset_of', sa.Integer(), nullable=True),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('figure_id', sa.String(length=32), nullable=True),
    sa.Column('reviewer', sa.String(length=128), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['capture_id'], ['captures.id'], name=op.f('fk_candidates_capture_id_captures')),
    sa.ForeignKeyConstraint(['figure_id'], ['figures.id'], name=op.f('fk_candidates_figure_id_figures')),
    sa.ForeignKeyConstraint(['subset_of'], ['candidates.id'], name=op.f('fk_candidates_subset_of_candidates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_candidates_fingerprint'))
    )
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidates_capture_id'), ['capture_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidates_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidates_status'))
        batch_op.drop_index(batch_op.f('ix_candidates_capture_id'))

    op.drop_table('candidates')
