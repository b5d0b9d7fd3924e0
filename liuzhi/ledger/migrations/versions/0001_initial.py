"""initial ledger: regions, sources, captures, figures, audit events

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_events_hash'))
    )
    op.create_table('regions',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('iso_code', sa.String(length=8), nullable=False),
    sa.Column('name_zh', sa.String(length=64), nullable=False),
    sa.Column('short_zh', sa.String(length=32), nullable=False),
    sa.Column('abbr_zh', sa.String(length=4), nullable=False),
    sa.Column('name_en', sa.String(length=128), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent', sa.String(length=16), nullable=True),
    sa.Column('population_2020', sa.BigInteger(), nullable=True),
    sa.Column('population_figure', sa.String(length=16), nullable=False),
    sa.Column('members', sa.String(length=256), nullable=False),
    sa.ForeignKeyConstraint(['parent'], ['regions.code'], name=op.f('fk_regions_parent_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_regions'))
    )
    op.create_table('sources',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('publisher', sa.Text(), nullable=False),
    sa.Column('issuing_body', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('published', sa.String(length=10), nullable=False),
    sa.Column('secondary', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources'))
    )
    op.create_table('captures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source_id', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=128), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('captured_at', sa.String(length=32), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('location', sa.Text(), nullable=False),
    sa.Column('final_url', sa.Text(), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('http_headers', sa.Text(), nullable=False),
    sa.Column('store_path', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('warc_path', sa.Text(), nullable=False),
    sa.Column('warc_record_id', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_captures_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_captures'))
    )
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_captures_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_captures_source_id'), ['source_id'], unique=False)

    op.create_table('figures',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('measure', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=16), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value_high', sa.Float(), nullable=True),
    sa.Column('qualifier', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=False),
    sa.Column('precision', sa.Float(), nullable=True),
    sa.Column('subset', sa.Boolean(), nullable=False),
    sa.Column('subset_of', sa.String(length=32), nullable=True),
    sa.Column('duplicate_of', sa.String(length=32), nullable=True),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.String(length=32), nullable=False),
    sa.Column('capture_id', sa.Integer(), nullable=True),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('locator_start', sa.Integer(), nullable=True),
    sa.Column('locator_end', sa.Integer(), nullable=True),
    sa.Column('review_status', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['capture_id'], ['captures.id'], name=op.f('fk_figures_capture_id_captures')),
    sa.ForeignKeyConstraint(['duplicate_of'], ['figures.id'], name=op.f('fk_figures_duplicate_of_figures')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_figures_region_code_regions')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_figures_source_id_sources')),
    sa.ForeignKeyConstraint(['subset_of'], ['figures.id'], name=op.f('fk_figures_subset_of_figures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figures'))
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_measure'), ['measure'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_source_id'), ['source_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_source_id'))
        batch_op.drop_index(batch_op.f('ix_figures_region_code'))
        batch_op.drop_index(batch_op.f('ix_figures_measure'))

    op.drop_table('figures')
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_captures_source_id'))
        batch_op.drop_index(batch_op.f('ix_captures_sha256'))

    op.drop_table('captures')
    op.drop_table('sources')
    op.drop_table('regions')
    op.drop_table('audit_events')
