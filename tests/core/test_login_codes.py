"""One-time sign-in codes: hashed, short-lived, few tries, few per phone, sent by the outbox."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.db import unit_of_work
from core.messaging.sign_in import (
    CODE_LIFETIME,
    MAX_ATTEMPTS,
    MAX_CODES_PER_WINDOW,
    LoginCodeExpired,
    TooManyCodes,
    WrongLoginCode,
    request_login_code,
    verify_login_code,
)
from core.models import OutboundMessage

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PHONE = "081234567890"


def code_sent(session) -> str:
    text = session.scalars(select(OutboundMessage.text).order_by(OutboundMessage.id.desc())).first()
    return re.search(r"\b\d{6}\b", text).group()


def verify(session, code, now=T0):
    """Type a code, in a unit of work as the sign-in page does: a refusal still commits."""
    with unit_of_work(session):
        return verify_login_code(session, phone=PHONE, code=code, now=now)


def test_a_code_is_queued_as_an_essential_otp_sms_in_the_citizens_language(session):
    """English for an English-speaking new citizen; the hash never holds the code."""
    login = request_login_code(session, phone=PHONE, language="en", now=T0)
    message = session.scalars(select(OutboundMessage)).one()
    assert message.purpose == "otp" and message.phone == "+6281234567890"
    assert code_sent(session) not in login.code_hash
    assert login.expires_at == T0 + CODE_LIFETIME


def test_the_right_code_signs_in_once(session):
    """A used code cannot be used again."""
    request_login_code(session, phone=PHONE, now=T0)
    code = code_sent(session)
    signed_in = verify(session, code)
    assert signed_in.citizen.phone == "+6281234567890" and signed_in.refusal is None
    again = verify(session, code)
    assert again.citizen is None and isinstance(again.refusal, LoginCodeExpired)


def test_wrong_tries_are_counted_until_the_code_dies(session):
    """After MAX_ATTEMPTS wrong tries even the right code is refused."""
    request_login_code(session, phone=PHONE, now=T0)
    code = code_sent(session)
    wrong = "999999" if code != "999999" else "888888"
    for _ in range(MAX_ATTEMPTS):
        check = verify(session, wrong)
        assert check.citizen is None and isinstance(check.refusal, WrongLoginCode)
        # What the next request sees: the try was committed with the refusal.
        session.expire_all()
    assert isinstance(verify(session, code).refusal, LoginCodeExpired)


def test_an_expired_code_is_refused(session):
    """Past its lifetime the code is dead."""
    request_login_code(session, phone=PHONE, now=T0)
    late = verify(session, code_sent(session), now=T0 + CODE_LIFETIME + timedelta(seconds=1))
    assert isinstance(late.refusal, LoginCodeExpired)


def test_codes_per_phone_are_limited_per_window(session):
    """Beyond the limit within the window: refused; after it, allowed again."""
    for minute in range(MAX_CODES_PER_WINDOW):
        request_login_code(session, phone=PHONE, now=T0 + timedelta(minutes=minute))
    with pytest.raises(TooManyCodes):
        request_login_code(session, phone=PHONE, now=T0 + timedelta(minutes=5))
    request_login_code(session, phone=PHONE, now=T0 + timedelta(minutes=16))
