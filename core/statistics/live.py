"""The public figures computed live from every ticket and response of a period.

What the snapshots (core/statistics/figures.py) must equal, and what they are
refreshed from. Reading a year of tickets costs time in proportion to the
tickets: the public pages never call this, only the refresh, the tests and
the comparison of the two.

Nothing personal is read, and confidential (rahasia) tickets are left out of
every figure, counts included.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.calendar.workdays import add_working_days, is_working_day
from core.catalogue.directory import list_units
from core.catalogue.regions import list_kecamatan
from core.clock import local_date, local_day_start
from core.db import begin_read_only
from core.models import Holiday, Service, SurveyResponse, Ticket, Unit
from core.models.tickets import COMPLETED
from core.surveys.ikm import IkmReport, counted_responses, ikm_from_sums
from core.surveys.reports import Period, grouped_ikm, responses_between

# A complaint is resolved in time within 60 working days of its filing
# (SP4N-LAPOR!: full resolution within 60 days of a complete file); a request
# within its service's own time limit.
COMPLAINT_RESOLUTION_DAYS = 60
# Every deadline falls within this horizon (60 working days is under 90 days).
DEADLINE_HORIZON_DAYS = 120


@dataclass(frozen=True)
class UnitPerformance:
    """One unit's public figures for a period."""

    unit: Unit
    received: int
    resolved: int
    median_days: Decimal | None
    on_time_share: Decimal | None
    ikm: IkmReport


@dataclass(frozen=True)
class KecamatanPerformance:
    """The public figures of the tickets about one kecamatan (where it happened)."""

    code: str
    name: str
    received: int
    resolved: int
    on_time_share: Decimal | None


def unit_performance(
    session: Session, *, start: date, end: date, weight: str = "exact"
) -> list[UnitPerformance]:
    """Figures of every unit for tickets filed from `start` to `end` (local dates), live."""
    begin_read_only(session)
    window = [*ticket_window(start, end), Ticket.unit_id.is_not(None)]
    received = dict(session.execute(
        select(Ticket.unit_id, func.count()).where(*window).group_by(Ticket.unit_id)
    ).all())
    durations, in_time = _resolutions(session, window, start, end)
    # The official index only: one voice once (docs/domain.md §3.6).
    ikm = dict(grouped_ikm(session, SurveyResponse.unit_id,
                           [*responses_between(Period(start, end)), *counted_responses()],
                           weight))
    empty = ikm_from_sums(0, (), (), weight)
    figures = []
    for unit in list_units(session):
        days = durations.get(unit.id, [])
        figures.append(UnitPerformance(
            unit=unit,
            received=received.get(unit.id, 0),
            resolved=len(days),
            median_days=one_place(median(days)) if days else None,
            on_time_share=share(in_time.get(unit.id, 0), len(days)),
            ikm=ikm.get(str(unit.id), empty),
        ))
    return figures


def kecamatan_performance(session: Session, *, start: date,
                          end: date) -> list[KecamatanPerformance]:
    """Figures of every kecamatan for tickets filed there from `start` to `end`, live.

    One grouped count of what was received; the share in time needs each
    completed ticket's deadline in working days, so those rows alone are read,
    as for units. A kecamatan without tickets shows zeros.
    """
    begin_read_only(session)
    window = [*ticket_window(start, end), Ticket.kecamatan_code.is_not(None)]
    received = dict(session.execute(
        select(Ticket.kecamatan_code, func.count()).where(*window)
        .group_by(Ticket.kecamatan_code)
    ).all())
    durations, in_time = _resolutions(session, window, start, end, key=Ticket.kecamatan_code)
    figures = []
    for region in list_kecamatan(session):
        done = len(durations.get(region.code, []))
        figures.append(KecamatanPerformance(region.code, region.name,
                                            received.get(region.code, 0), done,
                                            share(in_time.get(region.code, 0), done)))
    return figures


def ticket_window(start: date, end: date) -> list:
    """Tickets filed from `start` to `end` (local dates), none of them rahasia."""
    return [Ticket.created_at >= local_day_start(start),
            Ticket.created_at < local_day_start(end + timedelta(days=1)),
            Ticket.confidential.is_(False)]


def resolved_rows(session: Session, window, *keys):
    """(keys..., kind, time limit, filed, closed) of the completed tickets in the window."""
    return session.execute(
        select(*keys, Ticket.kind, Service.time_days, Ticket.created_at, Ticket.closed_at)
        .outerjoin(Service, Service.id == Ticket.service_id)
        .where(*window, Ticket.status == COMPLETED, Ticket.closed_at.is_not(None))
    )


class Deadlines:
    """Whether a completed ticket was in time; deadlines remembered per filing day and limit."""

    def __init__(self, session: Session, start: date, end: date):
        self.holidays = frozenset(session.scalars(select(Holiday.day).where(
            Holiday.day > start, Holiday.day <= end + timedelta(days=DEADLINE_HORIZON_DAYS))))
        self.known: dict[tuple[date, int], date] = {}
        # The working days of the horizon in order, and for each day how many of them
        # come before it or on it: a deadline is then one lookup, not a walk.
        self.start = start
        self.working = [day for offset in range(1, (end - start).days + DEADLINE_HORIZON_DAYS)
                        if is_working_day(day := start + timedelta(days=offset), self.holidays)]
        self.passed = [bisect_right(self.working, start + timedelta(days=offset))
                       for offset in range((end - start).days + 1)]

    def deadline(self, filed: date, limit: int) -> date:
        """add_working_days(filed, limit, holidays), looked up within the horizon."""
        offset = (filed - self.start).days
        if 0 <= offset < len(self.passed) and limit > 0:
            index = self.passed[offset] + limit - 1
            if index < len(self.working):
                return self.working[index]
        return add_working_days(filed, limit, self.holidays)

    def in_time(self, kind: str, time_days: int | None, created: datetime,
                closed: datetime) -> bool:
        """A request within its service's limit, a complaint within 60 working days."""
        limit = time_days if kind == "request" and time_days else COMPLAINT_RESOLUTION_DAYS
        filed = local_date(created)
        deadline = self.known.get((filed, limit))
        if deadline is None:
            deadline = self.known[(filed, limit)] = self.deadline(filed, limit)
        return local_date(closed) <= deadline


def _resolutions(session, window, start, end, key=Ticket.unit_id) -> tuple[dict, dict]:
    """Per key (unit by default): days each completed ticket took, how many were in time."""
    deadlines = Deadlines(session, start, end)
    durations: dict[int | str, list[float]] = {}
    in_time: dict[int | str, int] = {}
    for group, kind, time_days, created, closed in resolved_rows(session, window, key):
        durations.setdefault(group, []).append((closed - created).total_seconds() / 86400)
        in_time[group] = in_time.get(group, 0) + deadlines.in_time(kind, time_days, created,
                                                                   closed)
    return durations, in_time


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent to one place; None when there is no whole."""
    return one_place(100 * part / whole) if whole else None


def one_place(value: float) -> Decimal:
    """A figure rounded half up to one decimal place."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
