"""National holidays (hari libur nasional dan cuti bersama), kept as data."""

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class Holiday(Base):
    """A day on which time limits do not run."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
