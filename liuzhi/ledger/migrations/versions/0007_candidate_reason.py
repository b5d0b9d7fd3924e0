"""candidates: the reason for each proposal and every mention of its figure

Revision ID: 0007
Revises: 0003

``reason`` says why the extractor proposed the figure (the trigger and where it stood,
a subset, a figure inferred from context), so a reviewer can judge its ``confidence``;
``mentions`` lists, as JSON, the [evidence_start, evidence_end] of every mention of the
same figure in the capture's text (a headline, a lead and a body that repeat it).
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('mentions', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_column('mentions')
        batch_op.drop_column('reason')
