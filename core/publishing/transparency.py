"""Public performance per unit: tickets received and resolved, speed, and the IKM.

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
    window = [Ticket.created_at >= local_day_start(start),
              Ticket.created_at < local_day_start(end + timedelta(days=1)),
              Ticket.confidential.is_(False), Ticket.unit_id.is_not(None)]
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


def _resolutions(session, window, start, end) -> tuple[dict[int, list[float]], dict[int, int]]:
    """Per unit: days each completed ticket took, and how many were done in time."""
    resolved = session.execute(
        select(Ticket.unit_id, Ticket.kind, Service.time_days, Ticket.created_at,
               Ticket.closed_at)
        .outerjoin(Service, Service.id == Ticket.service_id)
        .where(*window, Ticket.status == COMPLETED, Ticket.closed_at.is_not(None))
    ).all()
    # Every deadline falls within this horizon (60 working days is under 90 days).
    holidays = frozenset(session.scalars(select(Holiday.day).where(
        Holiday.day > start, Holiday.day <= end + timedelta(days=120))))
    durations: dict[int, list[float]] = {}
    in_time: dict[int, int] = {}
    for unit_id, kind, time_days, created, closed in resolved:
        durations.setdefault(unit_id, []).append((closed - created).total_seconds() / 86400)
        limit = time_days if kind == "request" and time_days else COMPLAINT_RESOLUTION_DAYS
        deadline = add_working_days(local_date(created), limit, holidays)
        in_time[unit_id] = in_time.get(unit_id, 0) + (local_date(closed) <= deadline)
    return durations, in_time


def _one_place(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
