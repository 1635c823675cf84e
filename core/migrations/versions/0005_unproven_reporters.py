"""tickets without a proven reporter

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A web ticket filed without a signed-in phone has no citizen (docs/domain.md)."""
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.alter_column("citizen_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    """Revert this revision; fails while a ticket has no citizen."""
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.alter_column("citizen_id", existing_type=sa.Integer(), nullable=False)
