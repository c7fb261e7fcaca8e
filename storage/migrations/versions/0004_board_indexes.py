"""indexes for the public board's filters

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_proposals_state_number", "proposals", ["state", "number"])
    op.create_index("ix_proposals_card_number", "proposals", ["card_level", "number"])
    op.create_index("ix_proposal_departments_department", "proposal_departments", ["department_id", "number"])


def downgrade() -> None:
    op.drop_index("ix_proposal_departments_department", table_name="proposal_departments")
    op.drop_index("ix_proposals_card_number", table_name="proposals")
    op.drop_index("ix_proposals_state_number", table_name="proposals")
