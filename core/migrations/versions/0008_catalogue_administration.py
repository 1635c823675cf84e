"""catalogue administration: regions, categories, unit details, offerings, standard versions

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The SP4N-LAPOR! categories the product knew in code until now, kept as rows.
CATEGORIES = (
    ("kesehatan", "Kesehatan", "Health"),
    ("administrasi_kependudukan", "Administrasi kependudukan", "Civil registration"),
    ("perizinan", "Perizinan", "Licensing"),
    ("sosial", "Sosial", "Social"),
    ("pendidikan", "Pendidikan", "Education"),
    ("infrastruktur", "Infrastruktur", "Infrastructure"),
    ("transportasi", "Transportasi", "Transport"),
    ("lingkungan", "Lingkungan", "Environment"),
    ("pariwisata", "Pariwisata", "Tourism"),
    ("pembangunan_daerah", "Pembangunan daerah", "Local development"),
    ("dana_desa", "Dana desa", "Village funds"),
    ("ketenagakerjaan", "Ketenagakerjaan", "Employment"),
    ("kominfo", "Komunikasi dan informatika", "Communications and IT"),
    ("perbankan", "Perbankan", "Banking"),
)
UNIT_COLUMNS = (
    ("kind", sa.String(20), "kantor"),
    ("address", sa.String(200), ""),
    ("opening_hours", sa.String(200), ""),
    ("phone", sa.String(20), ""),
    ("whatsapp", sa.String(20), ""),
    ("maklumat_text", sa.Text(), ""),
    ("maklumat_signatory", sa.String(120), ""),
)


def upgrade() -> None:
    """Apply this revision."""
    _create_tables()
    with op.batch_alter_table("units", schema=None) as batch_op:
        for name, kind, default in UNIT_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=False, server_default=default))
        batch_op.add_column(sa.Column("kecamatan_code", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("desa_code", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("maklumat_signed_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_units_kecamatan_code", ["kecamatan_code"], unique=False)
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("keywords", sa.String(300), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("standard_version", sa.Integer(), nullable=False,
                                      server_default="1"))
        batch_op.add_column(sa.Column("standard_since", sa.Date(), nullable=True))
        # Menu order is a position, not an identity: an admin moving a service
        # must not trip over the one it passes.
        batch_op.drop_constraint("uq_services_category_menu_order", type_="unique")
        batch_op.create_index("ix_services_category_order", ["category", "menu_order"])
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kecamatan_code", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("desa_code", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.create_index("ix_tickets_kecamatan_code", ["kecamatan_code"], unique=False)
    _carry_over_catalogue()


def _create_tables() -> None:
    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("level", sa.String(12), nullable=False),
        sa.Column("parent_code", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("code", name=op.f("uq_regions_code")),
    )
    op.create_index("ix_regions_parent_code", "regions", ["parent_code"], unique=False)
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name_id", sa.String(80), nullable=False),
        sa.Column("name_en", sa.String(80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_categories_code")),
    )
    op.create_table(
        "unit_services",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], ondelete="CASCADE",
                                name=op.f("fk_unit_services_unit_id_units")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], ondelete="CASCADE",
                                name=op.f("fk_unit_services_service_id_services")),
        sa.PrimaryKeyConstraint("unit_id", "service_id", name=op.f("pk_unit_services")),
    )
    op.create_index("ix_unit_services_service_id", "unit_services", ["service_id"])
    op.create_table(
        "standard_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], ondelete="CASCADE",
                                name=op.f("fk_standard_versions_service_id_services")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"],
                                name=op.f("fk_standard_versions_officer_id_officers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_versions")),
        sa.UniqueConstraint("service_id", "number",
                            name=op.f("uq_standard_versions_service_id_number")),
    )


def _carry_over_catalogue() -> None:
    """Categories as rows; each service offered at its own unit, its standard as version 1."""
    bind = op.get_bind()
    categories = sa.table("categories", sa.column("code"), sa.column("name_id"),
                          sa.column("name_en"), sa.column("position"))
    op.bulk_insert(categories, [
        {"code": code, "name_id": name_id, "name_en": name_en, "position": position}
        for position, (code, name_id, name_en) in enumerate(CATEGORIES, start=1)
    ])
    bind.execute(sa.text("INSERT INTO unit_services (unit_id, service_id) "
                         "SELECT unit_id, id FROM services"))
    today, now = date.today(), datetime.now(UTC).replace(tzinfo=None)
    services = bind.execute(sa.text("SELECT id, time_days, cost_rupiah FROM services")).all()
    for service_id, time_days, cost in services:
        rows = bind.execute(sa.text("SELECT component, text_id, text_en FROM service_standards "
                                    "WHERE service_id = :id"), {"id": service_id}).all()
        content = {key: {"id": text_id, "en": text_en} for key, text_id, text_en in rows}
        content.update(time_days=time_days, cost_rupiah=cost)
        bind.execute(sa.text(
            "INSERT INTO standard_versions (service_id, number, effective_from, content, "
            "source, created_at) VALUES (:id, 1, :day, :content, 'import', :now)"),
            {"id": service_id, "day": today, "content": json.dumps(content), "now": now})
        bind.execute(sa.text("UPDATE services SET standard_since = :day WHERE id = :id"),
                     {"day": today, "id": service_id})


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_kecamatan_code")
        for name in ("longitude", "latitude", "desa_code", "kecamatan_code"):
            batch_op.drop_column(name)
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_index("ix_services_category_order")
        batch_op.create_unique_constraint("uq_services_category_menu_order",
                                          ["category", "menu_order"])
        for name in ("standard_since", "standard_version", "keywords"):
            batch_op.drop_column(name)
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index("ix_units_kecamatan_code")
        for name in ("maklumat_signed_on", "longitude", "latitude", "desa_code",
                     "kecamatan_code", *(column[0] for column in reversed(UNIT_COLUMNS))):
            batch_op.drop_column(name)
    op.drop_table("standard_versions")
    op.drop_index("ix_unit_services_service_id", table_name="unit_services")
    op.drop_table("unit_services")
    op.drop_table("categories")
    op.drop_index("ix_regions_parent_code", table_name="regions")
    op.drop_table("regions")
