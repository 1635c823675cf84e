"""The "your turn is near" SMS: once per number, in the citizen's language, GSM-7, two parts."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from core.citizens.registry import citizen_for_phone, set_citizen_language
from core.gsm import is_gsm_basic, sms_segments
from core.models import OutboundMessage, QueueNumber, QueueSetting
from core.queueing.counter import (
    board,
    call_next_and_notify,
    no_show_and_notify,
    walk_in_number,
)
from core.queueing.notices import NEAR_TURN_PURPOSE, near_turn_text, send_near_turn_notices
from core.queueing.numbers import CALLED, NO_SHOW, SERVED, WAITING, take_number
from tests.factories import make_unit

# Monday 7 December 2026, 09:00 WIB.
MONDAY_9 = datetime(2026, 12, 7, 2, tzinfo=UTC)
LONG_NAME = "Puskesmas \u201cKepulauan\u201d \u2014 Pulau Sapeken dan sekitarnya " * 6


@pytest.fixture
def unit(session):
    unit = make_unit(session)
    session.add(QueueSetting(unit_id=unit.id, enabled=True, daily_capacity=20, slot_minutes=60,
                             opens_at=time(8), closes_at=time(12), near_when_ahead=1))
    session.flush()
    return unit


def phone(index):
    return f"+62812345100{index:02d}"


def take(session, unit, index, channel):
    citizen = citizen_for_phone(session, phone(index))
    return take_number(session, unit_id=unit.id, service_id=None, citizen_id=citizen.id,
                       channel=channel, client_key=f"k-{channel}-{index}", now=MONDAY_9)


def near_messages(session):
    return list(session.scalars(select(OutboundMessage).where(
        OutboundMessage.purpose == NEAR_TURN_PURPOSE).order_by(OutboundMessage.id)))


def test_a_queue_day_tells_each_number_once_and_skips_a_no_show(session, unit):
    numbers = [take(session, unit, i, channel)
               for i, channel in enumerate(("ussd", "sms", "web", "ussd", "sms"))]
    assert [n.number for n in numbers] == [1, 2, 3, 4, 5]
    first = call_next_and_notify(session, unit_id=unit.id, now=MONDAY_9)
    assert first.id == numbers[0].id
    # One ahead or fewer: numbers 2 (next) and 3 (one ahead of it) are told.
    assert [m.phone for m in near_messages(session)] == [phone(1), phone(2)]
    again = call_next_and_notify(session, unit_id=unit.id, now=MONDAY_9 + timedelta(minutes=5))
    assert again.id == numbers[1].id
    # Number 4 is now near; 3 was told before and is not told again.
    assert [m.phone for m in near_messages(session)] == [phone(1), phone(2), phone(3)]
    no_show_and_notify(session, unit_id=unit.id, number_id=numbers[2].id, now=MONDAY_9)
    assert [m.phone for m in near_messages(session)][-1] == phone(4)
    third = call_next_and_notify(session, unit_id=unit.id, now=MONDAY_9)
    assert third.id == numbers[3].id
    assert [n.state for n in numbers] == [SERVED, SERVED, NO_SHOW, CALLED, WAITING]
    assert len(near_messages(session)) == 4
    assert all(n.near_sent_at is not None for n in numbers[1:])
    send_near_turn_notices(session, unit_id=unit.id, day=MONDAY_9.date(), now=MONDAY_9)
    assert len(near_messages(session)) == 4


def test_the_message_names_number_unit_and_those_ahead(session, unit):
    take(session, unit, 0, "sms")
    take(session, unit, 1, "web")
    send_near_turn_notices(session, unit_id=unit.id, day=MONDAY_9.date(), now=MONDAY_9)
    first, second = near_messages(session)
    assert "nomor 1 dipanggil berikutnya" in first.text
    assert "nomor 2 hampir dipanggil" in second.text and "Di depan Anda: 1 nomor" in second.text
    assert unit.name in second.text


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("name", ["Puskesmas Sapeken", LONG_NAME])
@pytest.mark.parametrize("ahead", [0, 999])
def test_every_language_is_gsm7_within_two_parts(session, language, name, ahead):
    text = near_turn_text(language, unit_name=name, number=999, ahead=ahead)
    assert is_gsm_basic(text)
    assert 1 <= sms_segments(text) <= 2
    assert "999" in text
    # Translated, not the Indonesian fallback.
    assert ("nomor" in text) == (language == "id")


def test_a_citizen_is_told_in_their_language(session, unit):
    set_citizen_language(session, phone=phone(7), language="en")
    take(session, unit, 7, "sms")
    send_near_turn_notices(session, unit_id=unit.id, day=MONDAY_9.date(), now=MONDAY_9)
    (message,) = near_messages(session)
    assert message.language == "en" and "number 1" in message.text.lower()


def test_a_walk_in_has_no_phone_and_gets_no_sms(session, unit):
    walk_in = walk_in_number(session, unit_id=unit.id, now=MONDAY_9)
    assert (walk_in.citizen_id, walk_in.channel, walk_in.number) == (None, "counter", 1)
    take(session, unit, 1, "ussd")
    call_next_and_notify(session, unit_id=unit.id, now=MONDAY_9)
    assert [m.phone for m in near_messages(session)] == [phone(1)]
    today = board(session, unit_id=unit.id, now=MONDAY_9)
    assert [n.id for n in today.called] == [walk_in.id]
    assert [n.number for n in today.waiting] == [2]


def test_a_queue_turned_off_sends_nothing(session, unit):
    take(session, unit, 0, "sms")
    session.scalars(select(QueueSetting)).one().enabled = False
    assert send_near_turn_notices(session, unit_id=unit.id, day=MONDAY_9.date()) == []
    assert session.scalars(select(QueueNumber)).one().near_sent_at is None
