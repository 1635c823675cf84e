"""The counter's moves on the queue: each one that moves numbers forward tells who is near.

The officer's page (web/staff/queue_counter.py, through core/staff/queue_desk.py)
and the waiting-room screen read today's board from here.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import local_date, now_utc
from core.models import QueueNumber
from core.queueing.notices import send_near_turn_notices
from core.queueing.numbers import CALLED, call_next, mark_no_show, take_number, waiting_in_order

# A number served at the counter without a phone was taken there.
COUNTER_CHANNEL = "counter"


@dataclass(frozen=True)
class Board:
    """Today's queue of a unit: the numbers at the counter now, then those waiting in order."""

    day: date
    called: list[QueueNumber]
    waiting: list[QueueNumber]


def call_next_and_notify(session: Session, *, unit_id: int,
                         now: datetime | None = None) -> QueueNumber | None:
    """Call the next number, then send "your turn is near" to those now close."""
    moment = now or now_utc()
    called = call_next(session, unit_id=unit_id, now=moment)
    send_near_turn_notices(session, unit_id=unit_id, day=local_date(moment), now=moment)
    return called


def no_show_and_notify(session: Session, *, unit_id: int, number_id: int,
                       now: datetime | None = None) -> QueueNumber:
    """Skip an absent number, then tell those it brought near."""
    moment = now or now_utc()
    row = mark_no_show(session, number_id=number_id, unit_id=unit_id, now=moment)
    send_near_turn_notices(session, unit_id=unit_id, day=row.day, now=moment)
    return row


def walk_in_number(session: Session, *, unit_id: int, service_id: int | None = None,
                   now: datetime | None = None) -> QueueNumber:
    """A number for a citizen at the counter without one: no phone, channel "counter"."""
    return take_number(session, unit_id=unit_id, service_id=service_id, citizen_id=None,
                       channel=COUNTER_CHANNEL, now=now)


def board(session: Session, *, unit_id: int, now: datetime | None = None) -> Board:
    """Today's called numbers (latest first) and waiting ones in calling order."""
    day = local_date(now or now_utc())
    called = session.scalars(select(QueueNumber).where(
        QueueNumber.unit_id == unit_id, QueueNumber.day == day, QueueNumber.state == CALLED)
        .order_by(QueueNumber.called_at.desc(), QueueNumber.id.desc())).all()
    return Board(day=day, called=list(called), waiting=waiting_in_order(session, unit_id, day))
