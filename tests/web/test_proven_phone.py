"""A phone number is proven before the web uses it: the forged-filing attack, replayed."""

import re
import uuid

from sqlalchemy import func, select

from core.models import Citizen, OutboundMessage, Ticket
from core.tickets.numbers import grouped_ticket_number
from web.pwa.filing import FILINGS_PER_IP

VICTIM = "+6281299998888"
CITIZEN = "+6285712345678"
# The attack: this many web posts with someone else's number, as fast as they go.
FORGED = 30
ALLOWED = int(FILINGS_PER_IP.split()[0])


def complaint(**overrides):
    """A complete complaint form, with a fresh device key."""
    form = {"complaint_type": "pengaduan", "category": "kesehatan", "unit_id": "",
            "description": "Antrean obat terlalu lama.", "client_key": str(uuid.uuid4())}
    return form | overrides


def read(session, query):
    """One value; the read is closed so the app may write next (SQLite)."""
    value = session.scalar(query)
    session.commit()
    return value


def sms_to(session, phone: str, purpose: str | None = None) -> int:
    """How many messages were queued (or suppressed) for the phone."""
    query = select(func.count()).select_from(OutboundMessage).where(OutboundMessage.phone == phone)
    if purpose:
        query = query.where(OutboundMessage.purpose == purpose)
    return read(session, query)


def sign_in_by_code(client, session, phone: str, next_path: str | None = None):
    """Sign in as a person does: ask for a code, read it from the SMS, type it back."""
    client.get("/masuk", query_string={"next": next_path} if next_path else None)
    assert client.post("/masuk", data={"phone": phone}).status_code == 303
    message = session.scalars(select(OutboundMessage).where(
        OutboundMessage.purpose == "otp", OutboundMessage.phone == phone,
    ).order_by(OutboundMessage.id.desc())).first()
    code = re.search(r"\b(\d{6})\b", message.text).group(1)
    session.commit()
    response = client.post("/masuk/kode", data={"code": code})
    assert response.status_code == 303
    return response


def test_thirty_forged_filings_send_the_victim_nothing_and_list_nothing(web, session):
    """The issue's attack: 0 SMS, 0 tickets in the victim's list, then the address is stopped."""
    statuses = [web.post("/pengaduan", data=complaint(phone=VICTIM)).status_code
                for _ in range(FORGED)]
    assert statuses == [303] * ALLOWED + [429] * (FORGED - ALLOWED)
    assert sms_to(session, VICTIM) == 0
    assert read(session, select(func.count()).select_from(Citizen)) == 0
    numbers = session.scalars(select(Ticket.number).where(Ticket.citizen_id.is_(None))).all()
    assert len(numbers) == ALLOWED and read(session, select(func.count(Ticket.id))) == ALLOWED
    victim = web.application.test_client()
    sign_in_by_code(victim, session, VICTIM)
    page = victim.get("/tiket-saya").get_data(as_text=True)
    assert not any(number in page or grouped_ticket_number(number) in page for number in numbers)
    # Knowing a number is not enough to take the ticket: only the filing device may.
    assert victim.post(f"/tiket/{numbers[0]}/hubungkan").status_code == 403
    assert sms_to(session, VICTIM) == sms_to(session, VICTIM, purpose="otp") == 1


def test_the_address_limit_speaks_the_visitors_language(web, session):
    """Past the limit: 429 with a sentence, in Indonesian or in English."""
    for _ in range(ALLOWED):
        web.post("/pengaduan", data=complaint())
    refused = web.post("/pengaduan", data=complaint())
    assert refused.status_code == 429
    assert "Terlalu banyak kiriman dari jaringan Anda" in refused.get_data(as_text=True)
    web.get("/bahasa/en")
    refused = web.post("/pengaduan", data=complaint())
    assert "Too many submissions from your network" in refused.get_data(as_text=True)


def test_an_unconfirmed_filing_shows_its_number_to_write_down_and_is_trackable(web, session):
    """No SMS will carry the number, so the page says to keep it and the device keeps it."""
    page = web.get("/pengaduan").get_data(as_text=True)
    assert 'name="phone"' not in page and "Anda belum masuk" in page
    response = web.post("/pengaduan", data=complaint())
    number = read(session, select(Ticket.number))
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(rf'class="ticket-number"[^>]*>{grouped_ticket_number(number)}</p>', page)
    assert f'data-remember-ticket="{number}"' in page and "Catat nomor tiket ini" in page
    assert f"/masuk?next=/tiket/{number}" in page
    stranger = web.application.test_client()
    assert stranger.get(f"/lacak?nomor={number}").headers["Location"] == f"/tiket/{number}"


def test_a_signed_in_citizen_gets_the_receipt_and_sees_the_ticket(web, session):
    """The phone proven by a code: the receipt goes to it and the ticket is in its list."""
    sign_in_by_code(web, session, CITIZEN)
    web.post("/pengaduan", data=complaint())
    ticket = session.scalars(select(Ticket)).one()
    assert ticket.citizen.phone == CITIZEN
    session.commit()
    assert sms_to(session, CITIZEN, purpose="receipt") == 1
    assert ticket.number in web.get("/tiket-saya").get_data(as_text=True)


def test_the_filing_device_confirms_its_phone_and_claims_the_ticket(web, session):
    """Filed first, confirmed after: back on the ticket, one tap makes it the citizen's."""
    location = web.post("/pengaduan", data=complaint()).headers["Location"]
    number = read(session, select(Ticket.number))
    back = sign_in_by_code(web, session, CITIZEN, next_path=f"/tiket/{number}")
    assert back.headers["Location"] == f"/tiket/{number}" != location
    assert "Hubungkan ke nomor saya" in web.get(back.headers["Location"]).get_data(as_text=True)
    assert web.post(f"/tiket/{number}/hubungkan").headers["Location"] == f"/tiket/{number}"
    ticket = session.scalars(select(Ticket)).one()
    assert ticket.citizen.phone == CITIZEN
    session.commit()
    assert number in web.get("/tiket-saya").get_data(as_text=True)
