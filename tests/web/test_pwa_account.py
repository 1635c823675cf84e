"""Signing in by phone and a one-time SMS code, then 'my tickets' from every channel."""

import re
import zlib
from datetime import timedelta

from itsdangerous import base64_decode
from sqlalchemy import select

from core.citizens.registry import set_citizen_language
from core.clock import now_utc
from core.db import unit_of_work
from core.messaging.sign_in import CODE_LIFETIME, MAX_ATTEMPTS
from core.models import LoginCode, OutboundMessage
from tests.factories import make_complaint, make_request, sign_in_citizen
from web.pwa.pages import SIGNED_IN

PHONE = "+6281234567890"


def sent_code(session) -> str:
    """The code in the newest one-time-code SMS."""
    message = session.scalars(select(OutboundMessage).where(OutboundMessage.purpose == "otp")
                              .order_by(OutboundMessage.id.desc())).first()
    session.commit()
    return re.search(r"\b(\d{6})\b", message.text).group(1)


def ask_code(web, phone="0812 3456 7890"):
    return web.post("/masuk", data={"phone": phone})


def test_sign_in_with_the_code_from_the_sms(web, session):
    """Phone, then code: the citizen lands on their tickets."""
    response = ask_code(web)
    assert response.status_code == 303 and response.headers["Location"] == "/masuk/kode"
    page = web.get("/masuk/kode").get_data(as_text=True)
    assert "*********890" in page and "7890" not in page.replace("*********890", "")
    response = web.post("/masuk/kode", data={"code": sent_code(session)})
    assert response.status_code == 303 and response.headers["Location"] == "/tiket-saya"
    assert "*********890" in web.get("/tiket-saya").get_data(as_text=True)


def test_the_code_goes_through_the_outbox_and_is_stored_hashed(web, session):
    """An essential 'otp' SMS is queued; the database keeps only a hash of the code."""
    ask_code(web)
    code = sent_code(session)
    message = session.scalars(select(OutboundMessage)).one()
    stored = session.scalars(select(LoginCode)).one()
    session.commit()
    assert (message.purpose, message.status, message.phone) == ("otp", "queued", PHONE)
    assert code not in stored.code_hash and len(stored.code_hash) > 40


def test_a_wrong_code_is_an_error_next_to_the_field(web, session):
    """The message says the code is wrong, in the visitor's language."""
    ask_code(web)
    code = sent_code(session)
    wrong = "000000" if code != "000000" else "111111"
    response = web.post("/masuk/kode", data={"code": wrong})
    assert response.status_code == 422
    assert 'id="code-error">Kode salah.' in response.get_data(as_text=True)


def test_attempts_are_limited(web, session):
    """After the allowed wrong tries even the right code no longer works."""
    ask_code(web)
    code = sent_code(session)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(MAX_ATTEMPTS):
        web.post("/masuk/kode", data={"code": wrong})
    response = web.post("/masuk/kode", data={"code": code})
    assert "Kode sudah tidak berlaku" in response.get_data(as_text=True)


def test_codes_expire(web, session):
    """A code older than its lifetime is refused."""
    ask_code(web)
    code = sent_code(session)
    login = session.scalars(select(LoginCode)).one()
    login.expires_at = now_utc() - timedelta(seconds=1)
    session.commit()
    response = web.post("/masuk/kode", data={"code": code})
    assert "Kode sudah tidak berlaku" in response.get_data(as_text=True)
    assert timedelta(minutes=10) >= CODE_LIFETIME


def test_codes_per_phone_are_rate_limited_in_core(web, session):
    """The fourth code for one phone within the window is refused at the phone field."""
    for _ in range(3):
        assert ask_code(web).status_code == 303
    response = ask_code(web)
    assert response.status_code == 422
    assert 'id="phone-error">Terlalu banyak permintaan kode' in response.get_data(as_text=True)


def test_code_requests_per_address_are_rate_limited(web):
    """Many phones from one address: Flask-Limiter answers 429 in the visitor's language."""
    statuses = [ask_code(web, f"08123456780{n}").status_code for n in range(6)]
    assert statuses[:5] == [303] * 5 and statuses[5] == 429


def test_an_invalid_phone_is_a_field_error(web):
    """Garbage in the phone field."""
    response = ask_code(web, "12ab")
    assert response.status_code == 422
    assert 'id="phone-error">Nomor HP tidak valid.' in response.get_data(as_text=True)


def test_my_tickets_lists_every_channel_and_only_mine(web, session):
    """Web, SMS and USSD tickets of the citizen; none of another citizen's."""
    web_ticket = make_request(session)
    sms_ticket = make_complaint(session, channel="sms", client_key="sms-1")
    ussd_ticket = make_complaint(session, channel="ussd", client_key="ussd-1")
    other = make_complaint(session, phone="085712345678")
    sign_in_citizen(web, PHONE)
    response = web.get("/tiket-saya")
    page = response.get_data(as_text=True)
    for ticket in (web_ticket, sms_ticket, ussd_ticket):
        assert ticket.number in page
    assert other.number not in page
    assert "SMS" in page and "USSD" in page
    assert "no-store" in response.headers["Cache-Control"]


def test_my_tickets_needs_sign_in_and_returns_there(web, session):
    """Not signed in: to the sign-in page, and back to the list after the code."""
    response = web.get("/tiket-saya")
    assert response.headers["Location"] == "/masuk?next=/tiket-saya"
    web.get(response.headers["Location"])
    ask_code(web)
    response = web.post("/masuk/kode", data={"code": sent_code(session)})
    assert response.headers["Location"] == "/tiket-saya"


def test_sign_out_forgets_the_citizen_but_not_the_language(web):
    """Signing out keeps the language choice."""
    web.get("/bahasa/en")
    sign_in_citizen(web, PHONE)
    assert web.post("/keluar").status_code == 303
    with web.session_transaction() as cookie:
        assert SIGNED_IN not in cookie and cookie["lang"] == "en"
    assert web.get("/tiket-saya").status_code == 303


def test_sign_in_never_redirects_off_site(web, session):
    """A foreign next= is ignored."""
    web.get("/masuk?next=//evil.example/")
    ask_code(web)
    response = web.post("/masuk/kode", data={"code": sent_code(session)})
    assert response.headers["Location"] == "/tiket-saya"


def test_the_language_chosen_by_sms_follows_the_citizen_to_the_web(web, session):
    """A citizen who sent BAHASA EN by SMS gets English after signing in on the web."""
    with unit_of_work(session):
        set_citizen_language(session, phone=PHONE, language="en")
    ask_code(web)
    web.post("/masuk/kode", data={"code": sent_code(session)})
    page = web.get("/tiket-saya").get_data(as_text=True)
    assert '<html lang="en">' in page


def session_cookie_text(web) -> str:
    """What anyone holding the session cookie can read: its payload, decoded without the key."""
    cookie = web.get_cookie("session")
    if cookie is None:
        return ""
    value = cookie.value
    compressed = value.startswith(".")
    payload = value.lstrip(".").split(".")[0]
    data = base64_decode(payload)
    return (zlib.decompress(data) if compressed else data).decode()


def test_the_cookie_never_holds_the_phone_number(web, session):
    """Between the two steps and once signed in, the readable cookie has no digits of the number."""
    ask_code(web)
    pending = session_cookie_text(web)
    web.post("/masuk/kode", data={"code": sent_code(session)})
    signed_in = session_cookie_text(web)
    assert SIGNED_IN in signed_in
    for text in (pending, signed_in):
        assert "81234567890" not in text and "1234567890" not in text
    assert web.get("/tiket-saya").status_code == 200


def test_a_cookie_from_before_with_the_number_is_dropped(web, session):
    """The old key with the number in clear signs no one in and leaves the cookie."""
    make_request(session)
    with web.session_transaction() as cookie:
        cookie["citizen_phone"] = PHONE
    assert web.get("/tiket-saya").status_code == 303
    assert "1234567890" not in session_cookie_text(web)
