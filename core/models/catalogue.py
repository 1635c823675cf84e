"""Regions, categories, agencies, their units, and the services units offer with their standards."""

from datetime import date, datetime

from sqlalchemy import Column, Date, Float, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.i18n import in_language
from core.models._types import created_at_column

# Levels of the Kemendagri code: 35.29 / 35.29.01 / 35.29.01.2001 (docs/domain.md §11).
REGION_LEVELS = ("kabupaten", "kecamatan", "desa", "kelurahan")
# What a unit is, for lists and for the citizen's eye.
UNIT_KINDS = ("puskesmas", "rumah_sakit", "kantor", "loket", "kecamatan", "desa")


class Region(Base):
    """A kabupaten, kecamatan, desa or kelurahan, by its official Kemendagri code."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(12))
    # The code of the region it lies in; None for the kabupaten itself.
    parent_code: Mapped[str | None] = mapped_column(String(20), index=True)


class Category(Base):
    """A category of services and complaints, as SP4N-LAPOR! names them, in both languages."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_id: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80), default="")
    # Menus list categories by position; health comes first.
    position: Mapped[int] = mapped_column(default=0)

    def name(self, language: str) -> str:
        """The name in the language (English falls back to Indonesian)."""
        return in_language(language, self.name_id, self.name_en)


# Where a service is offered: a standard set once (by Dinas Kesehatan, say) is
# offered at many units (every puskesmas). The service's own unit answers for it.
unit_services = Table(
    "unit_services", Base.metadata,
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Agency(Base):
    """A government agency, e.g. Dinas Kesehatan Kabupaten Sumenep."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(120))

    units: Mapped[list["Unit"]] = relationship(back_populates="agency", order_by="Unit.name")


class Unit(Base):
    """A service unit of an agency, e.g. Puskesmas Kalianget, and the area it serves."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(120))
    # Yearly number of service users: the population of the SKM sample table.
    service_population: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20), default="kantor", server_default="kantor")
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    kecamatan_code: Mapped[str | None] = mapped_column(String(20), index=True)
    desa_code: Mapped[str | None] = mapped_column(String(20))
    opening_hours: Mapped[str] = mapped_column(String(200), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    whatsapp: Mapped[str] = mapped_column(String(20), default="", server_default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # The maklumat pelayanan (UU 25/2009 art. 22): the unit's public promise.
    maklumat_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    maklumat_signatory: Mapped[str] = mapped_column(String(120), default="", server_default="")
    maklumat_signed_on: Mapped[date | None] = mapped_column(Date)

    agency: Mapped[Agency] = relationship(back_populates="units")
    offered: Mapped[list["Service"]] = relationship(
        secondary=unit_services, back_populates="offered_at", order_by="Service.name_id")


class Service(Base):
    """A public service offered by one unit, with keypad- and SMS-friendly identifiers."""

    __tablename__ = "services"
    __table_args__ = (Index("ix_services_category_order", "category", "menu_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # The SMS keyword, e.g. IMUN; upper case ASCII.
    code: Mapped[str] = mapped_column(String(12), unique=True)
    category: Mapped[str] = mapped_column(String(40))
    # Position in the keypad menu of its category (1, 2, 3...).
    menu_order: Mapped[int]
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    short_name_id: Mapped[str] = mapped_column(String(40))
    short_name_en: Mapped[str] = mapped_column(String(40))
    time_days: Mapped[int]
    cost_rupiah: Mapped[int] = mapped_column(default=0)
    # Other words citizens use for it, comma separated ("vaksin, suntik").
    keywords: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # The standard version in force and the day it took effect.
    standard_version: Mapped[int] = mapped_column(default=1, server_default="1")
    standard_since: Mapped[date | None] = mapped_column(Date)

    unit: Mapped[Unit] = relationship()
    offered_at: Mapped[list[Unit]] = relationship(
        secondary=unit_services, back_populates="offered", order_by="Unit.name")
    standards: Mapped[list["ServiceStandard"]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )

    def name(self, language: str) -> str:
        """Full name in the language (English falls back to Indonesian)."""
        return in_language(language, self.name_id, self.name_en)

    def short_name(self, language: str) -> str:
        """Short name for feature-phone menus, in the language."""
        return in_language(language, self.short_name_id, self.short_name_en)

    def standard_text(self, key: str, language: str) -> str:
        """Text of one standard component in the language, or '' when missing."""
        for standard in self.standards:
            if standard.component == key:
                return standard.text(language)
        return ""


class ServiceStandard(Base):
    """One of the 14 components of a service's standard, in both languages."""

    __tablename__ = "service_standards"
    __table_args__ = (UniqueConstraint("service_id", "component"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    component: Mapped[str] = mapped_column(String(30))
    text_id: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="")

    service: Mapped[Service] = relationship(back_populates="standards")

    def text(self, language: str) -> str:
        """The text in the language (English falls back to Indonesian)."""
        return in_language(language, self.text_id, self.text_en)

    def items(self, language: str) -> list[str]:
        """The text as an ordered list: requirements and procedure keep one item per line."""
        return [line.strip() for line in self.text(language).splitlines() if line.strip()]


class StandardVersion(Base):
    """One version of a service's standard as it was set: all 14 components, audited.

    The service's `standards` rows hold the version in force; these rows keep
    every version, who set it and from which day it applies.
    """

    __tablename__ = "standard_versions"
    __table_args__ = (UniqueConstraint("service_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    number: Mapped[int]
    effective_from: Mapped[date] = mapped_column(Date)
    # {"persyaratan": {"id": "...", "en": "..."}, ...} plus time_days and cost_rupiah.
    content: Mapped[str] = mapped_column(Text)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    # Who made it: "admin" (the back office), "import" or "demo".
    source: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = created_at_column()


class ServiceSearch(Base):
    """A service's search document: its words, lower case and stemmed.

    Written by core/catalogue/search/services.py.

    The database's own full-text index is built over it by migration 0009: an
    FTS5 table kept in step by triggers on SQLite, a generated, GIN-indexed
    `tsvector` column on PostgreSQL. Neither is declared here (core.migrate.include_object).
    """

    __tablename__ = "service_search"

    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    # Name, short name, code and keywords in both languages: they weigh most.
    title: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Category, units and the standard's public text.
    document: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The title's words as written (not stemmed): what typos are corrected towards.
    words: Mapped[str] = mapped_column(Text, default="", server_default="")

