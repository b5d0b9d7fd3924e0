"""login_attempts: the web app's login rate limit, shared by every worker

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    op.create_index('ix_login_attempts_key_id', 'login_attempts', ['key', 'id'], unique=False)
    op.create_index(op.f('ix_login_attempts_at'), 'login_attempts', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_login_attempts_at'), table_name='login_attempts')
    op.drop_index('ix_login_attempts_key_id', table_name='login_attempts')
    op.drop_table('login_attempts')
