"""Agencies (perangkat daerah) and the units that serve citizens."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base


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
