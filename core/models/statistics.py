"""Precomputed public figures: what /transparansi, /api/v1/ikm and the unit pages read.

Each row holds counts and sums, never a person: the pages' cost is then a
lookup of a few rows, whatever the number of tickets and responses.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models._types import timestamp_column


class UnitYearFigures(Base):
    """One unit's tickets filed in one year (rahasia ones left out), and its IKM sums."""

    __tablename__ = "unit_year_figures"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"),
                                         primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    received: Mapped[int] = mapped_column(default=0)
    resolved: Mapped[int] = mapped_column(default=0)
    in_time: Mapped[int] = mapped_column(default=0)
    median_days: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    # The counted responses (one voice once) of the year: n, then per unsur
    # the count of answers, then their sums (core.surveys.ikm.answer_aggregates).
    ikm_n: Mapped[int] = mapped_column(default=0)
    ikm_answers: Mapped[list] = mapped_column(JSON, default=list)
    refreshed_at: Mapped[datetime] = timestamp_column(nullable=False)


class PlaceYearFigures(Base):
    """The tickets about one kecamatan (where it happened) filed in one year."""

    __tablename__ = "place_year_figures"

    kecamatan_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    received: Mapped[int] = mapped_column(default=0)
    resolved: Mapped[int] = mapped_column(default=0)
    in_time: Mapped[int] = mapped_column(default=0)
    refreshed_at: Mapped[datetime] = timestamp_column(nullable=False)


class UnitIkmDay(Base):
    """One unit's counted survey answers of one local day, as counts and sums.

    Any period the API is asked for is a sum of at most a year of these rows,
    plus the days after the last refresh, read live.
    """

    __tablename__ = "unit_ikm_days"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"),
                                         primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
    answers: Mapped[list] = mapped_column(JSON, default=list)


class SnapshotMark(Base):
    """How far a snapshot reaches: its rows are complete up to `covered_through`."""

    __tablename__ = "snapshot_marks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    covered_through: Mapped[date | None] = mapped_column(Date)
    refreshed_at: Mapped[datetime] = timestamp_column(nullable=False)
