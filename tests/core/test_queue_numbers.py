"""The counter's queue: one sequence per unit and day, called in order, bookings by slot."""

from datetime import UTC, date, datetime, time

import pytest

from core.citizens.registry import citizen_for_phone
from core.errors import NotFound
from core.models import Holiday, QueueSetting
from core.queueing.numbers import (
    CALLED,
    NO_SHOW,
    SERVED,
    QueueClosed,
    QueueFull,
    ahead_of,
    book_slot,
    call_next,
    mark_no_show,
    near_turn,
    take_number,
)
from tests.factories import make_unit

# Monday 7 December 2026, 09:00 WIB.
MONDAY_9 = datetime(2026, 12, 7, 2, tzinfo=UTC)


@pytest.fixture
def unit(session):
    unit = make_unit(session)
    session.add(QueueSetting(unit_id=unit.id, enabled=True, daily_capacity=8, slot_minutes=60,
                             opens_at=time(8), closes_at=time(12), near_when_ahead=2))
    session.flush()
    return unit


def citizen(session, index: int) -> int:
    return citizen_for_phone(session, f"+62812345000{index:02d}").id


def take(session, unit, index, channel="sms", now=MONDAY_9):
    return take_number(session, unit_id=unit.id, service_id=None,
                       citizen_id=citizen(session, index), channel=channel,
                       client_key=f"key-{channel}-{index}", now=now)


def test_numbers_from_every_channel_share_one_sequence(session, unit):
    numbers = [take(session, unit, i, channel) for i, channel in
               enumerate(("ussd", "sms", "web", "ussd"))]
    assert [n.number for n in numbers] == [1, 2, 3, 4]
    assert [ahead_of(session, n) for n in numbers] == [0, 1, 2, 3]


def test_the_same_request_again_gets_the_same_number(session, unit):
    first = take(session, unit, 1)
    assert take(session, unit, 1).id == first.id


def test_called_in_order_the_previous_one_served_and_a_no_show_skipped(session, unit):
    one, two, three = (take(session, unit, i) for i in range(3))
    assert call_next(session, unit_id=unit.id, now=MONDAY_9).id == one.id
    mark_no_show(session, number_id=two.id, unit_id=unit.id, now=MONDAY_9)
    assert call_next(session, unit_id=unit.id, now=MONDAY_9).id == three.id
    assert (one.state, two.state, three.state) == (SERVED, NO_SHOW, CALLED)
    assert call_next(session, unit_id=unit.id, now=MONDAY_9) is None


def test_near_turn_names_those_close_to_the_counter(session, unit):
    numbers = [take(session, unit, i) for i in range(5)]
    assert [n.id for n in near_turn(session, unit_id=unit.id, day=MONDAY_9.date())] == [
        n.id for n in numbers[:3]]


def test_capacity_refuses_with_the_next_free_slot(session, unit):
    for index in range(8):
        take(session, unit, index)
    with pytest.raises(QueueFull) as full:
        take(session, unit, 9)
    assert full.value.next_free == (date(2026, 12, 8), time(8))


def test_a_full_slot_offers_the_next_one(session, unit):
    tuesday = date(2026, 12, 8)
    for index in range(2):
        book_slot(session, unit_id=unit.id, service_id=None, citizen_id=citizen(session, index),
                  day=tuesday, slot=time(9), channel="web", now=MONDAY_9)
    with pytest.raises(QueueFull) as full:
        book_slot(session, unit_id=unit.id, service_id=None, citizen_id=citizen(session, 5),
                  day=tuesday, slot=time(9), channel="web", now=MONDAY_9)
    assert full.value.next_free == (tuesday, time(10))


def test_holidays_weekends_and_closing_time_are_respected(session, unit):
    session.add(Holiday(day=date(2026, 12, 8), name="Libur uji"))
    session.flush()
    with pytest.raises(QueueClosed):
        book_slot(session, unit_id=unit.id, service_id=None, citizen_id=citizen(session, 1),
                  day=date(2026, 12, 8), slot=time(9), channel="web", now=MONDAY_9)
    with pytest.raises(QueueClosed):
        take(session, unit, 1, now=datetime(2026, 12, 5, 2, tzinfo=UTC))  # a Saturday
    with pytest.raises(QueueClosed):
        take(session, unit, 2, now=datetime(2026, 12, 7, 6, tzinfo=UTC))  # 13:00 WIB


def test_a_booking_is_called_at_its_slot_before_numbers_taken_that_day(session, unit):
    tuesday_8 = datetime(2026, 12, 8, 1, tzinfo=UTC)
    booked = book_slot(session, unit_id=unit.id, service_id=None, citizen_id=citizen(session, 1),
                       day=date(2026, 12, 8), slot=time(8), channel="web", now=MONDAY_9)
    walk_up = take(session, unit, 2, now=tuesday_8)
    assert (booked.number, walk_up.number) == (1, 2)
    assert call_next(session, unit_id=unit.id, now=tuesday_8).id == booked.id


def test_a_unit_without_a_queue_gives_no_numbers(session):
    other = make_unit(session)
    with pytest.raises(NotFound):
        take_number(session, unit_id=other.id, service_id=None, citizen_id=None,
                    channel="sms", now=MONDAY_9)
