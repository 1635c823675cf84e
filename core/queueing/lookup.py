"""Finding a queue from a phone: the units with one, a unit by its SMS code, days and slots.

A unit's queue code is its slug in capitals (pkm-talango -> PKM-TALANGO):
already unique, readable on a poster, typed without the hyphen as well. The
channels take numbers only from a unit's own queue (service_id None).
"""

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import LOCAL_TZ, local_date
from core.errors import NotFound
from core.models import QueueNumber, QueueSetting, Unit
from core.queueing import numbers

# How many coming working days the phone menus offer for a booking.
OFFERED_DAYS = 5


class NumberView(NamedTuple):
    """What a number's page shows: nothing personal."""

    id: int
    unit_name: str
    number: int
    day: date
    slot_start: time | None
    state: str
    ahead: int


def unit_code(unit: Unit) -> str:
    """The code citizens send after ANTRE."""
    return unit.slug.upper()


def _squeezed(text: str) -> str:
    return "".join(char for char in text.upper() if char.isalnum())


def queue_units(session: Session) -> list[Unit]:
    """The units whose own queue is on, by name."""
    return list(session.scalars(
        select(Unit).join(QueueSetting, QueueSetting.unit_id == Unit.id)
        .where(QueueSetting.enabled.is_(True), QueueSetting.service_id.is_(None))
        .order_by(Unit.name)))


def unit_by_code(session: Session, code: str) -> Unit | None:
    """The unit a code names (any case, hyphens and spaces optional), or None."""
    wanted = _squeezed(code)
    if not wanted:
        return None
    exact = session.scalars(select(Unit).where(Unit.slug == code.strip().lower())).first()
    if exact is not None:
        return exact
    return next((unit for unit in session.scalars(select(Unit))
                 if _squeezed(unit.slug) == wanted), None)


def has_queue(session: Session, unit_id: int) -> bool:
    """Whether the unit's own queue is on."""
    try:
        numbers.queue_setting(session, unit_id=unit_id, service_id=None)
    except NotFound:
        return False
    return True


def booking_days(session: Session, unit_id: int, now: datetime | None = None) -> list[date]:
    """The coming working days with a free slot, the first OFFERED_DAYS of them."""
    setting = numbers.queue_setting(session, unit_id=unit_id, service_id=None)
    today = local_date(now or numbers.now_utc())
    days = []
    for offset in range(1, numbers.BOOKING_DAYS * 2 + 1):
        day = today + timedelta(days=offset)
        if len(days) < OFFERED_DAYS and numbers.open_on(session, setting, day) \
                and free_slots(session, unit_id, day):
            days.append(day)
    return days


def free_slots(session: Session, unit_id: int, day: date) -> list[time]:
    """The slots of a day still free."""
    setting = numbers.queue_setting(session, unit_id=unit_id, service_id=None)
    return [slot for slot in numbers.slots_of(setting)
            if numbers.slot_is_free(session, setting, day, slot)]


def number_view(session: Session, number_id: int) -> NumberView:
    """A number as its page shows it; NotFound for an unknown id."""
    row = session.get(QueueNumber, number_id)
    if row is None:
        raise NotFound("queue number")
    return NumberView(row.id, row.unit.name, row.number, row.day, row.slot_start, row.state,
                      numbers.ahead_of(session, row))


def local_now(now: datetime | None = None) -> datetime:
    """The moment in local time (the queue's clock, which tests may set)."""
    return (now or numbers.now_utc()).astimezone(LOCAL_TZ)


def first_free(session: Session, unit_id: int, now: datetime | None = None
               ) -> tuple[date, time] | None:
    """The first free slot of the coming working days, or None (also when the queue is off)."""
    try:
        days = booking_days(session, unit_id, now)
    except NotFound:
        return None
    return (days[0], free_slots(session, unit_id, days[0])[0]) if days else None
