"""consultation_opinions.author_unit: an opinion's author as the board and an erasure show it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('consultation_opinions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_unit', sa.String(length=64), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('consultation_opinions', schema=None) as batch_op:
        batch_op.drop_column('author_unit')
