"""Holidays as data, read where time limits are computed."""

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.calendar.workdays import add_working_days
from core.errors import InvalidInput
from core.models import Holiday

# Far enough ahead for the longest time limit (60 working days) plus leave.
_HORIZON = timedelta(days=120)
# The name column's width (core/models/calendar.py).
MAX_NAME = 120


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


def parse_holiday_rows(text: str) -> list[tuple[date, str]]:
    """Rows of a holiday CSV (header `day,name`; day as YYYY-MM-DD), checked whole.

    A bad row raises InvalidInput naming its line, so a file loads completely
    or not at all.
    """
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header[:2] != ["day", "name"]:
        raise InvalidInput("header: day,name")
    rows, seen = [], set()
    for line, cells in enumerate(reader, start=2):
        if not cells or not "".join(cells).strip():
            continue
        try:
            day, name = date.fromisoformat(cells[0].strip()), cells[1].strip()
        except (ValueError, IndexError):
            raise InvalidInput(f"line {line}") from None
        if not name or len(name) > MAX_NAME or day in seen:
            raise InvalidInput(f"line {line}")
        seen.add(day)
        rows.append((day, name))
    return rows


def load_holidays(session: Session, *, rows: list[tuple[date, str]],
                  replace: bool = False) -> list[Holiday]:
    """Add (or rename) every row; with `replace`, first drop the stored days of the rows'
    years that the list no longer holds (a lunar date that moved). The removed, in order."""
    removed = []
    if replace:
        days = {day for day, _name in rows}
        for year in sorted({day.year for day in days}):
            removed += [h for h in list_holidays(session, year=year) if h.day not in days]
        for holiday in removed:
            session.delete(holiday)
        session.flush()
    for day, name in rows:
        add_holiday(session, day=day, name=name)
    return removed
