"""ANTRE <unit code> [<dd/mm> <hh.mm>]: a queue number, or a booked slot, by SMS."""

from datetime import UTC, datetime, time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from core.citizens.registry import set_citizen_language
from core.db import unit_of_work
from core.gsm import is_gsm_basic, sms_segments
from core.models import QueueNumber, QueueSetting
from sms.keywords import parse_command
from tests.factories import make_unit
from tests.sms.test_inbound import PHONE, outbox, post, reply_texts, rows

# Monday 7 December 2026, 09:00 WIB; Saturday 12 December, 09:00 WIB.
MONDAY_9 = datetime(2026, 12, 7, 2, tzinfo=UTC)
SATURDAY_9 = datetime(2026, 12, 12, 2, tzinfo=UTC)


def at(monkeypatch, moment: datetime) -> None:
    """Set the queue's clock."""
    monkeypatch.setattr("core.queueing.numbers.now_utc", lambda: moment)


@pytest.fixture
def queue_unit(session, monkeypatch):
    """The unit of make_queue_unit."""
    return make_queue_unit(session, monkeypatch)


def make_queue_unit(session, monkeypatch):
    """A unit with a queue: 08.00-10.00, two one-hour slots, three numbers a day; Monday 9:00."""
    unit = make_unit(session, slug="pkm-talango", name="Puskesmas Talango")
    session.add(QueueSetting(unit_id=unit.id, enabled=True, daily_capacity=3, slot_minutes=60,
                             opens_at=time(8), closes_at=time(10), near_when_ahead=1))
    session.commit()
    at(monkeypatch, MONDAY_9)
    # Its id only: reading an expired unit later would hold SQLite's lock against the app.
    return SimpleNamespace(id=unit.id)


def numbers(session):
    """Every queue number, in the order taken."""
    return rows(session, select(QueueNumber).order_by(QueueNumber.id))


def last_reply(session) -> str:
    """The latest reply, checked to be GSM-7 within two parts."""
    text = reply_texts(session)[-1]
    assert is_gsm_basic(text) and sms_segments(text) <= 2, text
    return text


@pytest.mark.parametrize("text", ["ANTRE PKM-TALANGO", "antre pkm-talango", "Antrean pkmtalango",
                                  "QUEUE pkm talango"])
def test_the_keyword_and_code_are_read_loosely(text):
    """Case, the hyphen and the spelling ANTREAN do not matter."""
    assert parse_command(text).handler == "queue"


def test_antre_takes_todays_number_and_says_how_many_are_ahead(client, session, queue_unit):
    """One number per message, in one sequence; the reply names unit, number and who is ahead."""
    post(client, "ANTRE PKM-TALANGO", message_id="ATX_a")
    assert last_reply(session) == ("Nomor antrean Anda di Puskesmas Talango hari ini: 1. "
                                   "Di depan Anda: 0. Kami kirim SMS saat giliran Anda dekat.")
    post(client, "antre pkmtalango", message_id="ATX_b", **{"from": "+6281234567891"})
    (first, second) = numbers(session)
    assert [(n.number, n.channel, n.client_key) for n in (first, second)] == [
        (1, "sms", "ATX_a"), (2, "sms", "ATX_b")]
    assert second.citizen_id is not None and second.citizen_id != first.citizen_id


def test_a_message_delivered_twice_takes_one_number(client, session, queue_unit):
    """The gateway's message id keys the number."""
    post(client, "ANTRE PKM-TALANGO", message_id="ATX_same")
    post(client, "ANTRE PKM-TALANGO", message_id="ATX_same")
    assert len(numbers(session)) == 1


def test_antre_alone_explains_itself_in_the_citizens_language(client, session, queue_unit):
    """Usage, in English once chosen."""
    with unit_of_work(session):
        set_citizen_language(session, phone=PHONE, language="en")
    post(client, "ANTRE")
    assert last_reply(session).startswith("Today's queue number: ANTRE <unit code>")
    assert numbers(session) == []


def test_an_unknown_unit_or_a_unit_without_queue_is_answered(client, session, queue_unit):
    """Neither takes a number; each says why."""
    make_unit(session, slug="dinsos", name="Dinas Sosial")
    post(client, "ANTRE XYZ", message_id="ATX_1")
    assert last_reply(session).startswith('Unit "XYZ" tidak ditemukan.')
    post(client, "ANTRE DINSOS", message_id="ATX_2")
    assert last_reply(session) == (
        "Dinas Sosial belum memakai nomor antrean lewat HP. Silakan datang ke loket.")
    assert numbers(session) == []


def test_a_full_day_offers_the_next_free_slot_to_book(client, session, queue_unit):
    """The fourth number is refused with the message to send back; sending it books the slot."""
    for index in range(3):
        post(client, "ANTRE PKM-TALANGO", message_id=f"ATX_{index}")
    post(client, "ANTRE PKM-TALANGO", message_id="ATX_full")
    assert last_reply(session) == (
        "Kuota antrean Puskesmas Talango sudah penuh. Slot terdekat 08/12 jam 08.00, "
        "pesan dengan: ANTRE PKM-TALANGO 08/12 08.00")
    post(client, "ANTRE PKM-TALANGO 08/12 08.00", message_id="ATX_book")
    assert last_reply(session).startswith(
        "Jadwal Anda di Puskesmas Talango: 08/12 jam 08.00, nomor antrean 1.")
    booked = numbers(session)[-1]
    assert (booked.day.isoformat(), booked.slot_start, booked.number) == (
        "2026-12-08", time(8), 1)


def test_a_booked_slot_beyond_capacity_is_refused_with_the_next_one(client, session, queue_unit):
    """One number per slot here: the second asking for 08.00 is offered 09.00."""
    post(client, "ANTRE PKM-TALANGO 8/12 8.00", message_id="ATX_1")
    post(client, "ANTRE PKM-TALANGO 08/12 08:00", message_id="ATX_2",
         **{"from": "+6281234567891"})
    assert len(numbers(session)) == 1
    (refusal,) = outbox(session, phone="+6281234567891")
    assert refusal.text == (
        "Kuota antrean Puskesmas Talango sudah penuh. Slot terdekat 08/12 jam 09.00, "
        "pesan dengan: ANTRE PKM-TALANGO 08/12 09.00")


def test_closed_today_offers_the_next_working_day(client, session, queue_unit, monkeypatch):
    """On a Saturday the reply offers Monday's first slot; a mistyped date is explained."""
    at(monkeypatch, SATURDAY_9)
    post(client, "ANTRE PKM-TALANGO", message_id="ATX_sat")
    assert last_reply(session) == (
        "Antrean Puskesmas Talango tidak dibuka sekarang. Slot terdekat 14/12 jam 08.00, "
        "pesan dengan: ANTRE PKM-TALANGO 14/12 08.00")
    post(client, "ANTRE PKM-TALANGO 31/02 08.00", message_id="ATX_bad")
    assert last_reply(session).startswith("Tanggal atau jam tidak dapat dibaca.")
    assert numbers(session) == []
