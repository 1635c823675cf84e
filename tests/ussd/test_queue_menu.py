"""The queue journey: a unit with a queue, today's number or a booked slot, each screen fitting."""

from datetime import time

import pytest
from sqlalchemy import select

from core.models import QueueNumber, QueueSetting, Unit
from tests.sms.test_antre import SATURDAY_9, at, make_queue_unit, numbers

QUEUE = "7"


@pytest.fixture
def queue_unit(session, monkeypatch):
    """A unit with a queue on a Monday at 9:00 (tests/sms/test_antre.py)."""
    return make_queue_unit(session, monkeypatch)


def test_todays_number_ends_the_session_with_who_is_ahead(phone, session, queue_unit):
    """Menu 7, the unit, "today": the number and how many are ahead; a replayed hop takes one."""
    assert "7 Nomor antrean" in phone.dial()
    assert phone.send(QUEUE, "1").startswith(
        "CON Antrean Puskesmas Talango:\n1 Ambil nomor hari ini")
    done = phone.send("1")
    assert done == ("END Nomor antrean Anda di Puskesmas Talango: 1. Di depan Anda: 0. "
                    "SMS dikirim saat giliran Anda dekat.")
    assert phone.hop("*".join(phone.inputs)) == done
    (number,) = numbers(session)
    assert (number.number, number.channel, number.citizen_id is not None) == (1, "ussd", True)


def test_a_slot_is_booked_from_the_coming_days(phone, session, queue_unit):
    """"Pesan jadwal": the next working days, then their free slots, then the booking."""
    phone.dial()
    days = phone.send(QUEUE, "1", "2")
    assert days.startswith("CON Pilih hari:\n1 08/12/2026\n2 09/12/2026")
    assert phone.send("1").startswith("CON Pilih jam:\n1 08.00\n2 09.00")
    assert phone.send("2").startswith(
        "END Jadwal Anda di Puskesmas Talango: 08/12 jam 09.00, nomor antrean 1.")
    (number,) = numbers(session)
    assert (number.day.isoformat(), number.slot_start) == ("2026-12-08", time(9))


def test_closed_today_offers_the_next_free_slot(phone, session, queue_unit, monkeypatch):
    """On a Saturday "today" offers Monday's first slot, booked with one key."""
    at(monkeypatch, SATURDAY_9)
    phone.dial()
    offer = phone.send(QUEUE, "1", "1")
    assert offer.startswith(
        "CON Antrean hari ini tutup atau penuh. Slot terdekat: 14/12 jam 08.00.\n1 Pesan slot ini")
    assert phone.send("1").startswith("END Jadwal Anda di Puskesmas Talango: 14/12 jam 08.00")
    assert [n.day.isoformat() for n in numbers(session)] == ["2026-12-14"]


def test_without_any_queue_the_menu_says_so(phone, session):
    """No unit has turned its queue on: one closing screen."""
    phone.dial()
    assert phone.send(QUEUE) == "END Belum ada unit yang memberi nomor antrean lewat HP."


@pytest.mark.parametrize("language", ["id", "en"])
def test_many_units_are_chosen_by_kecamatan_first(client, kabupaten, language, monkeypatch):
    """A kabupaten with queues everywhere: the kecamatan list, then a unit, each screen fits."""
    from tests.ussd.conftest import Phone

    at(monkeypatch, SATURDAY_9)
    for unit_id in kabupaten.scalars(select(Unit.id)):
        kabupaten.add(QueueSetting(unit_id=unit_id, enabled=True))
    kabupaten.commit()
    phone = Phone(client)
    phone.dial()
    if language == "en":
        phone.send("6", "2")
    screen = phone.send(QUEUE)
    title = "CON Unit di kecamatan?" if language == "id" else "CON Unit's kecamatan?"
    assert screen.startswith(title)
    screen = phone.send("2")
    while screen.startswith("CON") and "Ambil" not in screen and "Take" not in screen:
        screen = phone.send("1")
    assert screen.startswith("CON ")
    assert kabupaten.scalar(select(QueueNumber.id)) is None
