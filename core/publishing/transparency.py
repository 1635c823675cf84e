"""Public performance per unit (tickets received and resolved, speed, the IKM) and per
kecamatan where complaints happened (received, resolved, share in time).

Nothing personal is read, and confidential (rahasia) tickets are left out of
every figure, counts included.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.calendar.workdays import add_working_days
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


@dataclass(frozen=True)
class UnitPerformance:
    """One unit's public figures for a period."""

    unit: Unit
    received: int
    resolved: int
    median_days: Decimal | None
    on_time_share: Decimal | None
    ikm: IkmReport


def unit_performance(
    session: Session, *, start: date, end: date, weight: str = "exact"
) -> list[UnitPerformance]:
    """Figures of every unit for tickets filed from `start` to `end` (local dates)."""
    begin_read_only(session)
    window = [*_window(start, end), Ticket.unit_id.is_not(None)]
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
            median_days=_one_place(median(days)) if days else None,
            on_time_share=_one_place(100 * in_time.get(unit.id, 0) / len(days)) if days else None,
            ikm=ikm.get(str(unit.id), empty),
        ))
    return figures


@dataclass(frozen=True)
class KecamatanPerformance:
    """The public figures of the tickets about one kecamatan (where it happened)."""

    code: str
    name: str
    received: int
    resolved: int
    on_time_share: Decimal | None


def kecamatan_performance(session: Session, *, start: date,
                          end: date) -> list[KecamatanPerformance]:
    """Figures of every kecamatan for tickets filed there from `start` to `end`.

    One grouped count of what was received; the share in time needs each
    completed ticket's deadline in working days, so those rows alone are read,
    as for units. A kecamatan without tickets shows zeros.
    """
    begin_read_only(session)
    window = [*_window(start, end), Ticket.kecamatan_code.is_not(None)]
    received = dict(session.execute(
        select(Ticket.kecamatan_code, func.count()).where(*window)
        .group_by(Ticket.kecamatan_code)
    ).all())
    durations, in_time = _resolutions(session, window, start, end, key=Ticket.kecamatan_code)
    figures = []
    for region in list_kecamatan(session):
        done = len(durations.get(region.code, []))
        share = _one_place(100 * in_time.get(region.code, 0) / done) if done else None
        figures.append(KecamatanPerformance(region.code, region.name,
                                            received.get(region.code, 0), done, share))
    return figures


def _window(start: date, end: date) -> list:
    """Tickets filed from `start` to `end` (local dates), none of them rahasia."""
    return [Ticket.created_at >= local_day_start(start),
            Ticket.created_at < local_day_start(end + timedelta(days=1)),
            Ticket.confidential.is_(False)]


def _resolutions(session, window, start, end, key=Ticket.unit_id) -> tuple[dict, dict]:
    """Per key (unit by default): days each completed ticket took, how many were in time."""
    resolved = session.execute(
        select(key, Ticket.kind, Service.time_days, Ticket.created_at,
               Ticket.closed_at)
        .outerjoin(Service, Service.id == Ticket.service_id)
        .where(*window, Ticket.status == COMPLETED, Ticket.closed_at.is_not(None))
    ).all()
    # Every deadline falls within this horizon (60 working days is under 90 days).
    holidays = frozenset(session.scalars(select(Holiday.day).where(
        Holiday.day > start, Holiday.day <= end + timedelta(days=120))))
    durations: dict[int | str, list[float]] = {}
    in_time: dict[int | str, int] = {}
    for group, kind, time_days, created, closed in resolved:
        durations.setdefault(group, []).append((closed - created).total_seconds() / 86400)
        limit = time_days if kind == "request" and time_days else COMPLAINT_RESOLUTION_DAYS
        deadline = add_working_days(local_date(created), limit, holidays)
        in_time[group] = in_time.get(group, 0) + (local_date(closed) <= deadline)
    return durations, in_time


def _one_place(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
