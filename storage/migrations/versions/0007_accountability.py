"""accountability: interim replies with promises, promise cards, drafts under review, rework,
adoptions, pending private questions and the supervisors' monthly scores (issue 16)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 16:28:11.124333
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('pending_questions',
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('asked_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_pending_questions'))
    )
    op.create_table('supervision_scores',
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('supervisor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('department_id', sa.String(length=64), nullable=False),
    sa.Column('score', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('period', 'supervisor_id', 'department_id', name=op.f('pk_supervision_scores'))
    )
    op.create_table('drafts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('number', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('department_id', sa.String(length=64), nullable=False),
    sa.Column('author_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('promised_by', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('decided_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('decided_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['number'], ['proposals.number'], name=op.f('fk_drafts_number_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index('ix_drafts_number_state', ['number', 'state'], unique=False)

    op.create_table('promise_cards',
    sa.Column('number', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('round', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('level', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('issued_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('overdue_seconds', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['number'], ['proposals.number'], name=op.f('fk_promise_cards_number_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('number', 'round', 'level', name=op.f('pk_promise_cards'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        # existing rows get 0 promises and 0 reworks; an answer given before was their first reply
        batch_op.add_column(sa.Column('replied_at', storage.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('promised_by', storage.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('promises', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('promise_kept', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('reworks', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('adopted_at', storage.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('adopted_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('adopt_note', sa.Text(), nullable=True))
    op.execute("UPDATE proposals SET replied_at = answered_at WHERE answered_at IS NOT NULL")



def downgrade() -> None:
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('adopt_note')
        batch_op.drop_column('adopted_by')
        batch_op.drop_column('adopted_at')
        batch_op.drop_column('reworks')
        batch_op.drop_column('promise_kept')
        batch_op.drop_column('promises')
        batch_op.drop_column('promised_by')
        batch_op.drop_column('replied_at')

    op.drop_table('promise_cards')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index('ix_drafts_number_state')

    op.drop_table('drafts')
    op.drop_table('supervision_scores')
    op.drop_table('pending_questions')
