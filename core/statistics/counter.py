"""The counter's figures on a unit's report: walk-ins, waiting time, no-shows, paper SKM.

Walk-ins are the tickets an officer filed at the counter (channel "counter").
Waiting is measured from the moment a number was taken (or a booked slot
began, if later) to its call. The no-show share counts among the numbers the
counter reached: called, served or skipped. Paper SKM sheets are the survey
answers whose client_key says "paper:<serial>"; every other answer is digital.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean, median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import LOCAL_TZ, local_date, local_day_start
from core.models import QueueNumber, SurveyResponse, Ticket
from core.queueing.counter import COUNTER_CHANNEL
from core.queueing.numbers import CALLED, NO_SHOW, SERVED
from core.staff.access import Principal, require

PAPER_KEY_PREFIX = "paper:"


@dataclass(frozen=True)
class CounterFigures:
    """A unit's counter over a period; None where there is nothing to measure yet."""

    days: int
    walk_ins: int
    walk_ins_by_day: list[tuple[date, int]]
    walk_ins_per_day: float
    waits_measured: int
    mean_wait_minutes: float | None
    median_wait_minutes: float | None
    reached: int
    no_shows: int
    no_show_share: float | None
    paper_surveys: int
    digital_surveys: int


def counter_figures(session: Session, *, principal: Principal, unit_id: int, start: date,
                    end: date, today: date | None = None) -> CounterFigures:
    """The figures of the unit's counter from start to end (local dates, both included)."""
    require(principal, "reports", unit_id)
    # A period running into the future is averaged over the days already lived.
    last = min(end, today) if today else end
    days = max((last - start).days + 1, 1)
    since, until = local_day_start(start), local_day_start(end + timedelta(days=1))
    by_day = _walk_ins_by_day(session, unit_id, since, until)
    waits = _waits(session, unit_id, start, end)
    reached, no_shows = _reached(session, unit_id, start, end)
    paper, digital = _surveys(session, unit_id, since, until)
    walk_ins = sum(count for _day, count in by_day)
    return CounterFigures(
        days=days, walk_ins=walk_ins, walk_ins_by_day=by_day,
        walk_ins_per_day=round(walk_ins / days, 1),
        waits_measured=len(waits),
        mean_wait_minutes=round(mean(waits), 1) if waits else None,
        median_wait_minutes=round(median(waits), 1) if waits else None,
        reached=reached, no_shows=no_shows,
        no_show_share=round(no_shows / reached, 3) if reached else None,
        paper_surveys=paper, digital_surveys=digital)


def _walk_ins_by_day(session: Session, unit_id: int, since: datetime, until: datetime
                     ) -> list[tuple[date, int]]:
    moments = session.scalars(select(Ticket.created_at).where(
        Ticket.unit_id == unit_id, Ticket.channel == COUNTER_CHANNEL,
        Ticket.created_at >= since, Ticket.created_at < until))
    counts: dict[date, int] = {}
    for moment in moments:
        counts[local_date(moment)] = counts.get(local_date(moment), 0) + 1
    return sorted(counts.items())


def _waits(session: Session, unit_id: int, start: date, end: date) -> list[float]:
    rows = session.execute(select(
        QueueNumber.day, QueueNumber.slot_start, QueueNumber.taken_at, QueueNumber.called_at)
        .where(QueueNumber.unit_id == unit_id, QueueNumber.day.between(start, end),
               QueueNumber.called_at.is_not(None)))
    waits = []
    for day, slot, taken, called in rows:
        began = taken
        if slot is not None:
            # A booking made days ahead waits from its slot, not from the booking.
            began = max(taken, datetime.combine(day, slot, tzinfo=LOCAL_TZ))
        waits.append(max((called - began).total_seconds() / 60, 0.0))
    return waits


def _reached(session: Session, unit_id: int, start: date, end: date) -> tuple[int, int]:
    counts = dict(session.execute(select(QueueNumber.state, func.count()).where(
        QueueNumber.unit_id == unit_id, QueueNumber.day.between(start, end),
        QueueNumber.state.in_((CALLED, SERVED, NO_SHOW))).group_by(QueueNumber.state)).all())
    return sum(counts.values()), counts.get(NO_SHOW, 0)


def _surveys(session: Session, unit_id: int, since: datetime, until: datetime
             ) -> tuple[int, int]:
    paper = SurveyResponse.client_key.like(f"{PAPER_KEY_PREFIX}%")
    rows = dict(session.execute(select(paper, func.count()).where(
        SurveyResponse.unit_id == unit_id, SurveyResponse.created_at >= since,
        SurveyResponse.created_at < until).group_by(paper)).all())
    # An answer without a client_key makes LIKE give NULL: a digital one too.
    return rows.get(True, 0), rows.get(False, 0) + rows.get(None, 0)
