"""Holidays as data, read where time limits are computed."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.calendar.workdays import add_working_days
from core.models import Holiday

# Far enough ahead for the longest time limit (60 working days) plus leave.
_HORIZON = timedelta(days=120)


def holidays_after(session: Session, start: date) -> frozenset[date]:
    """Holidays in the window where a time limit starting on `start` can fall."""
    query = select(Holiday.day).where(Holiday.day > start, Holiday.day <= start + _HORIZON)
    return frozenset(session.scalars(query))


def due_date(session: Session, start: date, days: int) -> date:
    """The date `days` working days after `start`, skipping stored holidays."""
    return add_working_days(start, days, holidays_after(session, start))


def add_holiday(session: Session, *, day: date, name: str) -> Holiday:
    """Record a national holiday or collective leave day (idempotent per day)."""
    holiday = session.get(Holiday, day) or Holiday(day=day, name=name)
    holiday.name = name
    session.add(holiday)
    return holiday


def list_holidays(session: Session, *, year: int | None = None) -> list[Holiday]:
    """Stored holidays in date order, optionally for one year."""
    query = select(Holiday).order_by(Holiday.day)
    if year is not None:
        query = query.where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
    return list(session.scalars(query))
