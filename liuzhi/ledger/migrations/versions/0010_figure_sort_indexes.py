"""figures: indexes for the figures list's period filter and its sorts

Revision ID: 0010
Revises: 0009

The web's figures list filters by year (period_start <= end of year, period_end >= its
start) and sorts by period or value, then id, 50 rows a page. At 100,000 figures, without
an index each such page sorted the whole table; with (column, id) a page is a walk of 50
index entries. (period_end, period_start) holds both columns of the year filter, so its
count reads that index alone, not the table.
"""

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

INDEXES = (('ix_figures_period_start_id', ['period_start', 'id']),
           ('ix_figures_period_end_id', ['period_end', 'id']),
           ('ix_figures_value_id', ['value', 'id']),
           ('ix_figures_period_end_start', ['period_end', 'period_start']))


def upgrade() -> None:
    for name, columns in INDEXES:
        op.create_index(name, 'figures', columns)


def downgrade() -> None:
    for name, _columns in INDEXES:
        op.drop_index(name, table_name='figures')
