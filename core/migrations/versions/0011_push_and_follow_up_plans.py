"""Web Push subscriptions of citizens, the units' SKM follow-up plans

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("citizen_id", sa.Integer(),
                  sa.ForeignKey("citizens.id", ondelete="CASCADE"), nullable=False),
        sa.Column("endpoint", sa.Text(), nullable=False, unique=True),
        sa.Column("p256dh", sa.String(120), nullable=False),
        sa.Column("auth", sa.String(40), nullable=False),
        _timestamp("created_at", nullable=False),
        _timestamp("last_pushed_at"),
    )
    op.create_index("ix_push_subscriptions_citizen_id", "push_subscriptions", ["citizen_id"])
    op.create_table(
        "survey_follow_ups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unsur", sa.String(3), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("recorded_by", sa.Integer(), sa.ForeignKey("officers.id")),
        _timestamp("created_at", nullable=False),
        _timestamp("updated_at"),
    )
    op.create_index("ix_survey_follow_ups_unit_id", "survey_follow_ups", ["unit_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_survey_follow_ups_unit_id", "survey_follow_ups")
    op.drop_table("survey_follow_ups")
    op.drop_index("ix_push_subscriptions_citizen_id", "push_subscriptions")
    op.drop_table("push_subscriptions")
