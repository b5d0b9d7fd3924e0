"""captures: the encoding the text was decoded with, the text extractor, the WARC digest

Revision ID: 0002
Revises: 0001

``encoding`` is the character set the document's bytes were decoded with (``gb18030``,
``cp950``, ``utf-8``; empty for a PDF); ``text_extractor`` names the library and version
that produced ``text`` (offsets into ``text`` depend on it); ``warc_digest`` is the
WARC-Payload-Digest of the capture's WARC record as warcio wrote or found it (SHA-1,
base32), kept alongside the SHA-256 in ``sha256``.
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('encoding', sa.String(length=32), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('text_extractor', sa.String(length=64), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('warc_digest', sa.String(length=128), server_default='',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.drop_column('warc_digest')
        batch_op.drop_column('text_extractor')
        batch_op.drop_column('encoding')
