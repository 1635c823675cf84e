"""the counter's queue: settings per unit and service, numbers per unit and day

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "queue_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("service_id", sa.Integer(),
                  sa.ForeignKey("services.id", ondelete="CASCADE")),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("daily_capacity", sa.Integer(), nullable=False),
        sa.Column("slot_minutes", sa.SmallInteger(), nullable=False),
        sa.Column("opens_at", sa.Time(), nullable=False),
        sa.Column("closes_at", sa.Time(), nullable=False),
        sa.Column("near_when_ahead", sa.SmallInteger(), nullable=False),
        sa.UniqueConstraint("unit_id", "service_id"),
    )
    op.create_table(
        "queue_numbers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("service_id", sa.Integer(), sa.ForeignKey("services.id")),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("slot_start", sa.Time()),
        sa.Column("citizen_id", sa.Integer(), sa.ForeignKey("citizens.id")),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("client_key", sa.String(100)),
        sa.Column("state", sa.String(10), nullable=False),
        _timestamp("taken_at", nullable=False),
        _timestamp("called_at"),
        _timestamp("finished_at"),
        _timestamp("near_sent_at"),
        sa.UniqueConstraint("unit_id", "day", "number"),
        sa.UniqueConstraint("channel", "client_key"),
    )
    op.create_index("ix_queue_numbers_unit_day_state", "queue_numbers",
                    ["unit_id", "day", "state"])
    op.create_index("ix_queue_numbers_citizen_id", "queue_numbers", ["citizen_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_queue_numbers_citizen_id", "queue_numbers")
    op.drop_index("ix_queue_numbers_unit_day_state", "queue_numbers")
    op.drop_table("queue_numbers")
    op.drop_table("queue_settings")
