"""Queue numbers: taken for today or booked for a slot, called in order, skipped when absent.

A unit's numbers restart at 1 each local day. Today's numbers and booked
slots share one sequence, so the counter calls one list: booked slots by
their time, then numbers in the order taken (docs/domain.md §12).
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.calendar.holidays import holidays_after
from core.calendar.workdays import is_working_day
from core.clock import LOCAL_TZ, local_date, now_utc
from core.errors import DomainError, NotFound
from core.i18n import N_
from core.models import QueueNumber, QueueSetting

WAITING, CALLED, SERVED, NO_SHOW = "waiting", "called", "served", "no_show"
# How many coming working days a citizen may book.
BOOKING_DAYS = 10


class QueueClosed(DomainError):
    """The unit gives no numbers now: queue off, not a working day, or past closing."""

    message = N_("Antrean unit ini tidak dibuka sekarang.")


class QueueFull(DomainError):
    """The day (or the slot) is full; `next_free` is the first free slot, if any."""

    message = N_("Kuota antrean hari itu sudah penuh.")

    def __init__(self, next_free: tuple[date, time] | None = None):
        super().__init__(f"{next_free[0]} {next_free[1]}" if next_free else "")
        self.next_free = next_free


def queue_setting(session: Session, *, unit_id: int, service_id: int | None) -> QueueSetting:
    """The service's own queue at the unit, else the unit's; NotFound when neither is on."""
    rows = session.scalars(select(QueueSetting).where(
        QueueSetting.unit_id == unit_id, QueueSetting.enabled.is_(True),
        QueueSetting.service_id.is_(None) | (QueueSetting.service_id == service_id)))
    settings = sorted(rows, key=lambda row: row.service_id is None)
    if not settings:
        raise NotFound("queue")
    return settings[0]


def take_number(session: Session, *, unit_id: int, service_id: int | None,
                citizen_id: int | None, channel: str, client_key: str | None = None,
                now: datetime | None = None) -> QueueNumber:
    """A number for today, after those already taken; the same client_key gets the same one."""
    moment = now or now_utc()
    earlier = _by_key(session, channel, client_key)
    if earlier is not None:
        return earlier
    setting = queue_setting(session, unit_id=unit_id, service_id=service_id)
    today = local_date(moment)
    if not open_on(session, setting, today) or moment.astimezone(LOCAL_TZ).time() >= \
            setting.closes_at:
        raise QueueClosed(str(unit_id))
    if _taken(session, unit_id, today) >= setting.daily_capacity:
        raise QueueFull(_next_free(session, setting, today + timedelta(days=1)))
    return _insert(session, unit_id=unit_id, service_id=service_id, day=today,
                   citizen_id=citizen_id, channel=channel, client_key=client_key, now=moment)


def book_slot(session: Session, *, unit_id: int, service_id: int | None, citizen_id: int,
              day: date, slot: time, channel: str, client_key: str | None = None,
              now: datetime | None = None) -> QueueNumber:
    """Book a slot of a coming working day; a full slot is refused with the next free one."""
    moment = now or now_utc()
    earlier = _by_key(session, channel, client_key)
    if earlier is not None:
        return earlier
    setting = queue_setting(session, unit_id=unit_id, service_id=service_id)
    today = local_date(moment)
    if not today < day <= today + timedelta(days=BOOKING_DAYS * 2) \
            or not open_on(session, setting, day) or slot not in slots_of(setting):
        raise QueueClosed(str(unit_id))
    if not slot_is_free(session, setting, day, slot):
        raise QueueFull(_next_free(session, setting, day, after=slot))
    return _insert(session, unit_id=unit_id, service_id=service_id, day=day, slot=slot,
                   citizen_id=citizen_id, channel=channel, client_key=client_key, now=moment)


def ahead_of(session: Session, number: QueueNumber) -> int:
    """How many waiting numbers the counter calls before this one."""
    waiting = [row.id for row in waiting_in_order(session, number.unit_id, number.day)]
    return waiting.index(number.id) if number.id in waiting else 0


def call_next(session: Session, *, unit_id: int, now: datetime | None = None
              ) -> QueueNumber | None:
    """Call the next waiting number of today; the one called before is served."""
    moment = now or now_utc()
    today = local_date(moment)
    for called in session.scalars(select(QueueNumber).where(
            QueueNumber.unit_id == unit_id, QueueNumber.day == today,
            QueueNumber.state == CALLED)):
        called.state, called.finished_at = SERVED, moment
    waiting = waiting_in_order(session, unit_id, today)
    if not waiting:
        return None
    waiting[0].state, waiting[0].called_at = CALLED, moment
    session.flush()
    return waiting[0]


def mark_no_show(session: Session, *, number_id: int, unit_id: int,
                 now: datetime | None = None) -> QueueNumber:
    """The called (or waiting) citizen did not come: skipped, counted apart."""
    row = session.get(QueueNumber, number_id)
    if row is None or row.unit_id != unit_id or row.state not in (WAITING, CALLED):
        raise NotFound("queue number")
    row.state, row.finished_at = NO_SHOW, now or now_utc()
    return row


def near_turn(session: Session, *, unit_id: int, day: date) -> list[QueueNumber]:
    """Waiting numbers whose turn is near and who were not told yet, with a citizen to tell."""
    setting = queue_setting(session, unit_id=unit_id, service_id=None)
    waiting = waiting_in_order(session, unit_id, day)[:setting.near_when_ahead + 1]
    return [row for row in waiting if row.citizen_id is not None and row.near_sent_at is None]


def waiting_in_order(session: Session, unit_id: int, day: date) -> list[QueueNumber]:
    """The day's waiting numbers in the order the counter calls them (the screen shows it too)."""
    rows = session.scalars(select(QueueNumber).where(
        QueueNumber.unit_id == unit_id, QueueNumber.day == day, QueueNumber.state == WAITING))
    # Booked slots at their time, before numbers taken on the day; then in the order taken.
    return sorted(rows, key=lambda row: (row.slot_start is None, row.slot_start or time(),
                                         row.number))


def open_on(session: Session, setting: QueueSetting, day: date) -> bool:
    """Whether the queue gives numbers on that day: a working day (holidays included)."""
    return is_working_day(day, holidays_after(session, day - timedelta(days=1)))


def slots_of(setting: QueueSetting) -> list[time]:
    """The day's slots: from opening, every slot_minutes, the last ending by closing."""
    start = datetime.combine(date.min, setting.opens_at)
    end = datetime.combine(date.min, setting.closes_at)
    step = timedelta(minutes=setting.slot_minutes)
    count = int((end - start) / step)
    return [(start + step * index).time() for index in range(count)]


def _slot_capacity(setting: QueueSetting) -> int:
    return max(setting.daily_capacity // max(len(slots_of(setting)), 1), 1)


def slot_is_free(session: Session, setting: QueueSetting, day: date, slot: time) -> bool:
    """Whether the day has room and the slot holds fewer than its share of the capacity."""
    if _taken(session, setting.unit_id, day) >= setting.daily_capacity:
        return False
    booked = session.scalar(select(func.count()).where(
        QueueNumber.unit_id == setting.unit_id, QueueNumber.day == day,
        QueueNumber.slot_start == slot))
    return booked < _slot_capacity(setting)


def _next_free(session: Session, setting: QueueSetting, day: date,
               after: time | None = None) -> tuple[date, time] | None:
    for offset in range(BOOKING_DAYS * 2):
        candidate = day + timedelta(days=offset)
        if not open_on(session, setting, candidate):
            continue
        for slot in slots_of(setting):
            if (offset or after is None or slot > after) and \
                    slot_is_free(session, setting, candidate, slot):
                return candidate, slot
    return None


def _taken(session: Session, unit_id: int, day: date) -> int:
    return session.scalar(select(func.count()).where(
        QueueNumber.unit_id == unit_id, QueueNumber.day == day)) or 0


def _by_key(session: Session, channel: str, client_key: str | None) -> QueueNumber | None:
    if client_key is None:
        return None
    return session.scalars(select(QueueNumber).where(
        QueueNumber.channel == channel, QueueNumber.client_key == client_key)).first()


def _insert(session: Session, *, unit_id, day, now, slot=None, **values) -> QueueNumber:
    """The day's next number; a racer that took the same number first makes us take the next."""
    for _ in range(5):
        last = session.scalar(select(func.max(QueueNumber.number)).where(
            QueueNumber.unit_id == unit_id, QueueNumber.day == day)) or 0
        row = QueueNumber(unit_id=unit_id, day=day, number=last + 1, slot_start=slot,
                          state=WAITING, taken_at=now, **values)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            continue
        return row
    raise QueueFull(None)
