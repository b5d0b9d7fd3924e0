"""audit_events: an index on (entity, entity_id, id)

Revision ID: 0009
Revises: 0008

``liuzhi verify`` compares each table with the last audited state of its rows by merging
two streams in key order; this index gives the audit events of one table in that order
(on SQLite without a sort, on PostgreSQL without a scan of the whole log), so verify
needs neither a map of every row in memory nor a scan of the log per table.
"""

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_audit_events_entity_key', 'audit_events',
                    ['entity', 'entity_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_audit_events_entity_key', table_name='audit_events')
