"""scheduled duties, precomputed public figures, officers' phones for the digest, the
outbox's indexes of unsent messages (per-phone order)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29

The figures tables start empty: the statistics duty fills them at its first
run (`layanan jobs run`), and the public pages say when they were refreshed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The outbox claims a phone's messages in order: these partial indexes keep the
# claim's "no older unsent message to this phone" check cheap under a backlog.
UNSENT = sa.text("status IN ('queued', 'sending')")
UNSENT_INDEXES = {"ix_outbound_messages_unsent_phone": ["phone", "id"],
                  "ix_outbound_messages_unsent_due": ["next_attempt_at", "id"]}


def _timestamp(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "duties",
        sa.Column("name", sa.String(40), primary_key=True),
        _timestamp("next_run_at", nullable=False),
        sa.Column("lease_owner", sa.String(80)),
        _timestamp("lease_until"),
        _timestamp("last_started_at"),
        _timestamp("last_finished_at"),
        sa.Column("last_outcome", sa.String(10)),
        sa.Column("last_result", sa.String(400)),
        _timestamp("last_success_at"),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
    )
    _figure_tables()
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(16)))
    for name, columns in UNSENT_INDEXES.items():
        op.create_index(name, "outbound_messages", columns, postgresql_where=UNSENT,
                        sqlite_where=UNSENT)


def _figure_tables() -> None:
    counts = ("received", "resolved", "in_time")
    op.create_table(
        "unit_year_figures",
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in counts),
        sa.Column("median_days", sa.Numeric(8, 1)),
        sa.Column("ikm_n", sa.Integer(), nullable=False),
        sa.Column("ikm_answers", sa.JSON(), nullable=False),
        _timestamp("refreshed_at", nullable=False),
    )
    op.create_table(
        "place_year_figures",
        sa.Column("kecamatan_code", sa.String(13), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in counts),
        _timestamp("refreshed_at", nullable=False),
    )
    op.create_table(
        "unit_ikm_days",
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
    )
    op.create_table(
        "snapshot_marks",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("covered_through", sa.Date()),
        _timestamp("refreshed_at", nullable=False),
    )


def downgrade() -> None:
    """Revert this revision."""
    for name in UNSENT_INDEXES:
        op.drop_index(name, table_name="outbound_messages")
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.drop_column("phone")
    for table in ("snapshot_marks", "unit_ikm_days", "place_year_figures",
                  "unit_year_figures", "duties"):
        op.drop_table(table)
