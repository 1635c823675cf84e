"""/antrean: a queue number on the web, and a queue day taken from every channel at once."""

import re

import pytest
from sqlalchemy import select

from core.models import Citizen
from tests.factories import make_unit, sign_in_citizen
from tests.sms.test_antre import SATURDAY_9, at, make_queue_unit, numbers
from tests.sms.test_inbound import post as post_sms
from tests.sms.test_inbound import reply_texts
from tests.ussd.conftest import Phone

CITIZEN = "+6281234500077"


@pytest.fixture
def queue_unit(session, monkeypatch):
    """A unit with a queue on a Monday at 9:00 (tests/sms/test_antre.py)."""
    return make_queue_unit(session, monkeypatch)


def take(web, unit, when="today", key="web-key-0001"):
    """Post the queue form (CSRF off), as the page sends it."""
    return web.post(f"/antrean/{unit.id}", data={"when": when, "client_key": key})


def ahead_on(page: str) -> int:
    """The "ahead of you" figure shown on a number's page."""
    return int(re.search(r"data-queue-ahead>(\d+)<", page).group(1))


def test_a_queue_day_from_ussd_sms_and_the_web_is_one_sequence(web, session, queue_unit):
    """USSD, SMS then the web: numbers 1, 2, 3, with 0, 1 and 2 ahead, each told so."""
    ussd = Phone(web)
    ussd.dial()
    assert "Anda: 0." in ussd.send("7", "1", "1")
    post_sms(web, "ANTRE PKM-TALANGO", message_id="ATX_day")
    assert "hari ini: 2. Di depan Anda: 1." in reply_texts(session)[-1]
    response = take(web, queue_unit)
    assert response.status_code == 303
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-queue-number>3<" in page and ahead_on(page) == 2
    assert [(n.number, n.channel) for n in numbers(session)] == [
        (1, "ussd"), (2, "sms"), (3, "web")]


def test_signed_in_the_number_is_tied_to_the_phone(web, session, queue_unit):
    """The near-turn SMS needs a phone: signed in, the number carries the citizen."""
    signed_out = web.get(f"/antrean/{queue_unit.id}").get_data(as_text=True)
    assert "tidak ada SMS saat giliran Anda dekat" in signed_out
    sign_in_citizen(web, CITIZEN)
    assert "kami kirim SMS" in web.get(f"/antrean/{queue_unit.id}").get_data(as_text=True)
    take(web, queue_unit)
    (number,) = numbers(session)
    citizen = session.scalars(select(Citizen).where(Citizen.phone == CITIZEN)).one()
    assert number.citizen_id == citizen.id
    page = web.get(f"/antrean/nomor/{number.id}").get_data(as_text=True)
    assert CITIZEN not in page and "Menunggu" in page


def test_the_same_form_sent_twice_takes_one_number(web, session, queue_unit):
    """Its client key makes a double tap harmless."""
    first, again = take(web, queue_unit), take(web, queue_unit)
    assert first.headers["Location"] == again.headers["Location"]
    assert len(numbers(session)) == 1


def test_a_full_slot_is_refused_with_the_next_free_one_chosen(web, session, queue_unit):
    """One number per slot: the second booking of 08.00 is refused, 09.00 offered instead."""
    assert take(web, queue_unit, "2026-12-08T08:00", "web-key-0001").status_code == 303
    refused = take(web, queue_unit, "2026-12-08T08:00", "web-key-0002")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Kuota antrean hari itu sudah penuh." in page
    assert re.search(r'<option selected value="2026-12-08T09:00">|'
                     r'<option value="2026-12-08T09:00" selected>', page), page
    assert len(numbers(session)) == 1


def test_closed_today_and_units_without_a_queue(web, session, queue_unit, monkeypatch):
    """Saturday: refused, Monday's first slot chosen; a unit without queue is not offered."""
    other = make_unit(session, slug="dinsos", name="Dinas Sosial")
    at(monkeypatch, SATURDAY_9)
    listing = web.get("/antrean").get_data(as_text=True)
    assert "Puskesmas Talango" in listing and "Dinas Sosial" not in listing
    assert web.get(f"/antrean/{other.id}").status_code == 404
    refused = take(web, queue_unit)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Antrean unit ini tidak dibuka sekarang." in page
    assert "2026-12-14T08:00" in page and numbers(session) == []


def test_the_unit_page_names_the_sms_code(web, queue_unit):
    """Citizens find the code where they find the unit."""
    page = web.get(f"/unit/{queue_unit.id}").get_data(as_text=True)
    assert "Ambil nomor antrean: SMS ANTRE PKM-TALANGO" in page


def test_the_form_needs_its_csrf_token_and_unknown_numbers_are_404(client, queue_unit):
    """A post without the token is refused; a number page that does not exist is 404."""
    response = client.post(f"/antrean/{queue_unit.id}", data={"when": "today"})
    assert response.status_code == 400
    assert client.get("/antrean/nomor/999999").status_code == 404
