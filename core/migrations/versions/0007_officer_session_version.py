"""officer session version

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # Sessions signed before this revision carry no version: they end, and
    # every officer signs in once more.
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.drop_column("session_version")
