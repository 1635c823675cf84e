"""A sign-in code's text leaves the outbox once its SMS is sent or failed for good."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.messaging.outbox import FORGOTTEN_CODE_TEXT, MAX_ATTEMPTS
from core.messaging.sign_in import request_login_code
from core.models import OutboundMessage
from layanan.cli import cli
from sms.gateways.africastalking import AfricasTalkingGateway
from sms.gateways.console import ConsoleGateway
from sms.worker import drain_once

PHONE = "+6281234567890"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def request_code(sessions) -> str:
    """Ask for a sign-in code, as the web does, and return the code the SMS carries."""
    with sessions() as session:
        request_login_code(session, phone=PHONE, now=T0)
        session.commit()
    return re.search(r"\b\d{6}\b", code_row(sessions).text).group()


def code_row(sessions) -> OutboundMessage:
    """The sign-in code's outbox row, read in a short session."""
    with sessions() as session:
        return session.scalars(select(OutboundMessage).where(
            OutboundMessage.purpose == "otp")).one()


def at_gateway(fake):
    """The Africa's Talking gateway pointed at the fake."""
    return AfricasTalkingGateway("sandbox", "key", base_url=fake.url, timeout=(1.0, 0.3))


def test_a_queued_code_keeps_its_text_until_it_is_sent(sessions):
    """Before sending, the row must hold the code: it is what goes out."""
    code = request_code(sessions)
    assert code in code_row(sessions).text and code_row(sessions).status == "queued"


def test_after_the_worker_sends_a_code_the_row_holds_no_digit(sessions, fake_at):
    """The citizen's phone got the code; the outbox no longer shows it."""
    code = request_code(sessions)

    assert drain_once(sessions, at_gateway(fake_at), now=T0) == 1

    [accepted] = fake_at.accepted
    assert code in accepted.text
    row = code_row(sessions)
    assert row.status == "sent" and row.text == FORGOTTEN_CODE_TEXT
    assert not re.search(r"\d", row.text)


@pytest.mark.parametrize("how", ["rejected number", "gave up retrying"])
def test_a_code_that_failed_for_good_is_forgotten_too(sessions, fake_at, how):
    """A permanent refusal, or the last retry, ends the message: its code goes."""
    request_code(sessions)
    gateway = at_gateway(fake_at)
    now = T0
    if how == "rejected number":
        fake_at.reject(403)
        drain_once(sessions, gateway, now=now)
    else:
        fake_at.fail_http(times=MAX_ATTEMPTS)
        for _ in range(MAX_ATTEMPTS):
            drain_once(sessions, gateway, now=now)
            now += timedelta(hours=2)
    row = code_row(sessions)
    assert row.status == "failed" and not re.search(r"\d", row.text)


def test_a_code_waiting_for_a_retry_keeps_its_text(sessions, fake_at):
    """The gateway was down: the message is queued again and must still carry the code."""
    code = request_code(sessions)
    fake_at.fail_http(times=1)
    drain_once(sessions, at_gateway(fake_at), now=T0)
    row = code_row(sessions)
    assert row.status == "queued" and code in row.text


def test_the_demo_gateway_keeps_the_code_for_the_phone_simulator(sessions):
    """The console sends nothing: the simulator's inbox is the row, so the code stays."""
    code = request_code(sessions)
    drain_once(sessions, ConsoleGateway(), now=T0)
    row = code_row(sessions)
    assert row.status == "sent" and code in row.text


def test_the_outbox_command_shows_no_code_after_sending(runner, sessions, fake_at):
    """`layanan sms outbox --phone` reads the row: once sent, it shows the placeholder."""
    code = request_code(sessions)
    drain_once(sessions, at_gateway(fake_at), now=T0)

    result = runner.invoke(cli, ["sms", "outbox", "--phone", PHONE])

    assert result.exit_code == 0, result.output
    assert FORGOTTEN_CODE_TEXT in result.output and code not in result.output
