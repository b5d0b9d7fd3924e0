"""registries: parties, places, agreements, statements, communications, cases, facilities,
registry candidates

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('parties',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_zh', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('country', sa.String(length=64), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties'))
    )
    op.create_table('agreements',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('record', sa.String(length=16), nullable=False),
    sa.Column('instrument_type', sa.String(length=48), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('chinese_party', sa.String(length=32), nullable=True),
    sa.Column('counterparty', sa.String(length=32), nullable=True),
    sa.Column('date', sa.String(length=10), nullable=False),
    sa.Column('date_kind', sa.String(length=16), nullable=False),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('text_public', sa.Boolean(), nullable=True),
    sa.Column('text_url', sa.Text(), nullable=False),
    sa.Column('refers_to', sa.String(length=32), nullable=True),
    sa.Column('source_id', sa.String(length=32), nullable=False),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['chinese_party'], ['parties.id'], name=op.f('fk_agreements_chinese_party_parties')),
    sa.ForeignKeyConstraint(['counterparty'], ['parties.id'], name=op.f('fk_agreements_counterparty_parties')),
    sa.ForeignKeyConstraint(['refers_to'], ['agreements.id'], name=op.f('fk_agreements_refers_to_agreements')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_agreements_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements'))
    )
    op.create_index(op.f('ix_agreements_source_id'), 'agreements', ['source_id'], unique=False)
    op.create_table('communications',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('sender', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.String(length=32), nullable=False),
    sa.Column('date', sa.String(length=10), nullable=False),
    sa.Column('reference', sa.Text(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('reply_expected', sa.Boolean(), nullable=False),
    sa.Column('in_reply_to', sa.String(length=32), nullable=True),
    sa.Column('source_id', sa.String(length=32), nullable=False),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['in_reply_to'], ['communications.id'], name=op.f('fk_communications_in_reply_to_communications')),
    sa.ForeignKeyConstraint(['recipient'], ['parties.id'], name=op.f('fk_communications_recipient_parties')),
    sa.ForeignKeyConstraint(['sender'], ['parties.id'], name=op.f('fk_communications_sender_parties')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_communications_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communications'))
    )
    op.create_index(op.f('ix_communications_source_id'), 'communications', ['source_id'], unique=False)
    op.create_table('places',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name_zh', sa.Text(), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('region_code', sa.String(length=16), nullable=False),
    sa.Column('parent', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['parent'], ['places.code'], name=op.f('fk_places_parent_places')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_places_region_code_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_places'))
    )
    op.create_table('cases',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('pseudonym', sa.Boolean(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('employer', sa.Text(), nullable=False),
    sa.Column('ordered_by', sa.Text(), nullable=False),
    sa.Column('place_code', sa.String(length=16), nullable=True),
    sa.Column('taken', sa.String(length=10), nullable=False),
    sa.Column('released', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('outcome_date', sa.String(length=10), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('public_reason', sa.Text(), nullable=False),
    sa.Column('source_id', sa.String(length=32), nullable=False),
    sa.Column('capture_id', sa.Integer(), nullable=True),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('locator_start', sa.Integer(), nullable=True),
    sa.Column('locator_end', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['capture_id'], ['captures.id'], name=op.f('fk_cases_capture_id_captures')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_cases_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    op.create_index(op.f('ix_cases_source_id'), 'cases', ['source_id'], unique=False)
    op.create_table('communication_dates',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('communication_id', sa.String(length=32), nullable=False),
    sa.Column('date', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.String(length=32), nullable=False),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['communication_id'], ['communications.id'], name=op.f('fk_communication_dates_communication_id_communications')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_communication_dates_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communication_dates'))
    )
    op.create_index(op.f('ix_communication_dates_communication_id'), 'communication_dates', ['communication_id'], unique=False)
    op.create_table('facilities',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('place_code', sa.String(length=16), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('capacity', sa.Text(), nullable=False),
    sa.Column('rooms', sa.Integer(), nullable=True),
    sa.Column('beds', sa.Integer(), nullable=True),
    sa.Column('confidence', sa.String(length=8), nullable=False),
    sa.Column('confidence_reason', sa.Text(), nullable=False),
    sa.Column('first_seen', sa.String(length=10), nullable=False),
    sa.Column('last_seen', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.String(length=32), nullable=False),
    sa.Column('capture_id', sa.Integer(), nullable=True),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('locator_start', sa.Integer(), nullable=True),
    sa.Column('locator_end', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['capture_id'], ['captures.id'], name=op.f('fk_facilities_capture_id_captures')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_facilities_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilities'))
    )
    op.create_index(op.f('ix_facilities_source_id'), 'facilities', ['source_id'], unique=False)
    op.create_table('statements',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('agreement_id', sa.String(length=32), nullable=False),
    sa.Column('party_id', sa.String(length=32), nullable=False),
    sa.Column('date', sa.String(length=10), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('source_id', sa.String(length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_statements_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_statements_party_id_parties')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_statements_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statements'))
    )
    op.create_index(op.f('ix_statements_agreement_id'), 'statements', ['agreement_id'], unique=False)

    op.create_table('registry_candidates',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('capture_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('record_id', sa.String(length=32), nullable=True),
    sa.Column('reviewer', sa.String(length=128), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['capture_id'], ['captures.id'], name=op.f('fk_registry_candidates_capture_id_captures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_candidates')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_registry_candidates_fingerprint'))
    )
    op.create_index(op.f('ix_registry_candidates_capture_id'), 'registry_candidates', ['capture_id'], unique=False)
    op.create_index(op.f('ix_registry_candidates_status'), 'registry_candidates', ['status'], unique=False)

def downgrade() -> None:
    op.drop_index(op.f('ix_registry_candidates_status'), table_name='registry_candidates')
    op.drop_index(op.f('ix_registry_candidates_capture_id'), table_name='registry_candidates')
    op.drop_table('registry_candidates')
    op.drop_index(op.f('ix_statements_agreement_id'), table_name='statements')
    op.drop_table('statements')
    op.drop_index(op.f('ix_facilities_source_id'), table_name='facilities')
    op.drop_table('facilities')
    op.drop_index(op.f('ix_communication_dates_communication_id'), table_name='communication_dates')
    op.drop_table('communication_dates')
    op.drop_index(op.f('ix_cases_source_id'), table_name='cases')
    op.drop_table('cases')
    op.drop_table('places')
    op.drop_index(op.f('ix_communications_source_id'), table_name='communications')
    op.drop_table('communications')
    op.drop_index(op.f('ix_agreements_source_id'), table_name='agreements')
    op.drop_table('agreements')
    op.drop_table('parties')
