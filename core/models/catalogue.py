"""Agencies, their units, and the services units offer with their standards."""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.i18n import in_language


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

    agency: Mapped[Agency] = relationship(back_populates="units")


class Service(Base):
    """A public service offered by one unit, with keypad- and SMS-friendly identifiers."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("category", "menu_order"),)

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

    unit: Mapped[Unit] = relationship()
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
