"""survey tally and counter devices

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "counter_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("enrolled_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["enrolled_by"], ["officers.id"],
                                name=op.f("fk_counter_devices_enrolled_by_officers")),
        sa.ForeignKeyConstraint(["revoked_by"], ["officers.id"],
                                name=op.f("fk_counter_devices_revoked_by_officers")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"],
                                name=op.f("fk_counter_devices_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_counter_devices_token_hash")),
    )
    with op.batch_alter_table("counter_devices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counter_devices_unit_id"), ["unit_id"], unique=False)

    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tally", sa.String(length=10), nullable=False,
                                      server_default="anonymous"))
        batch_op.add_column(sa.Column("citizen_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("device_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_survey_responses_citizen_id"), ["citizen_id"],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_survey_responses_citizen_id_citizens"),
                                    "citizens", ["citizen_id"], ["id"])
        batch_op.create_foreign_key(batch_op.f("fk_survey_responses_device_id_counter_devices"),
                                    "counter_devices", ["device_id"], ["id"])
    # Earlier responses keep counting where a ticket or the gateway's number tied
    # them to one respondent (SMS and USSD), or staff entered them at a counter;
    # earlier web answers were tied to nothing and leave the index.
    op.execute("UPDATE survey_responses SET tally = 'ticket' WHERE ticket_id IS NOT NULL")
    op.execute("UPDATE survey_responses SET tally = 'phone' "
               "WHERE ticket_id IS NULL AND channel IN ('sms', 'ussd')")
    op.execute("UPDATE survey_responses SET tally = 'counter' "
               "WHERE ticket_id IS NULL AND channel = 'counter'")


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_survey_responses_device_id_counter_devices"),
                                 type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_survey_responses_citizen_id_citizens"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_survey_responses_citizen_id"))
        batch_op.drop_column("device_id")
        batch_op.drop_column("citizen_id")
        batch_op.drop_column("tally")

    with op.batch_alter_table("counter_devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counter_devices_unit_id"))
    op.drop_table("counter_devices")
