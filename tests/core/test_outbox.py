"""The outbox service: suppression, the per-phone hourly limit, leases, outcomes and reports."""

from datetime import UTC, datetime, timedelta

import pytest

from core.citizens.registry import citizen_for_phone
from core.messaging.outbox import (
    CLAIM_LEASE,
    FORGOTTEN_CODE_TEXT,
    HOURLY_LIMIT_PER_PHONE,
    SendOutcome,
    claim_due_messages,
    queue_message,
    record_delivery_report,
    record_send_outcome,
)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def citizen(session):
    """A citizen who wrote to us once."""
    return citizen_for_phone(session, "081234567890")


def queue(session, citizen, purpose="reply", now=T0, text="Pesan"):
    """Queue one message and commit, as the event's transaction would."""
    message = queue_message(session, citizen=citizen, text=text, purpose=purpose, now=now)
    session.commit()
    return message


@pytest.mark.parametrize(
    ("purpose", "status", "reason"),
    [
        ("survey", "suppressed", "opted_out"),
        ("announcement", "suppressed", "opted_out"),
        ("reply", "queued", None),
        ("status", "queued", None),
        ("otp", "queued", None),
    ],
)
def test_opted_out_citizens_get_only_what_they_asked_for(session, citizen, purpose, status,
                                                         reason):
    """Surveys and announcements are suppressed after STOP; replies and status still go."""
    citizen.opted_out = True

    message = queue(session, citizen, purpose)

    assert (message.status, message.failure_reason) == (status, reason)


def test_queued_text_is_gsm_7(session, citizen):
    """Typography that would force UCS-2 is normalised when the message is queued."""
    message = queue(session, citizen, text="“Tiket” diterima – terima kasih…")

    assert message.text == '"Tiket" diterima - terima kasih...'


def test_hourly_limit_per_phone(session, citizen):
    """Past the hourly limit a phone gets no more non-status messages until the hour passes."""
    for minute in range(HOURLY_LIMIT_PER_PHONE):
        assert queue(session, citizen, now=T0 + timedelta(minutes=minute)).status == "queued"

    limited = queue(session, citizen, purpose="survey", now=T0 + timedelta(minutes=30))
    status = queue(session, citizen, purpose="status", now=T0 + timedelta(minutes=31))
    other = queue(session, citizen_for_phone(session, "085712345678"),
                  now=T0 + timedelta(minutes=32))
    later = queue(session, citizen, now=T0 + timedelta(hours=1))

    assert (limited.status, limited.failure_reason) == ("suppressed", "rate_limited")
    assert status.status == "queued"
    assert other.status == "queued"
    assert later.status == "queued"


def test_status_messages_are_never_limited(session, citizen):
    """A citizen's own ticket status always goes out, however many there are."""
    statuses = [queue(session, citizen, purpose="status").status
                for _ in range(HOURLY_LIMIT_PER_PHONE * 2)]

    assert set(statuses) == {"queued"}
    assert queue(session, citizen).status == "queued"


def test_suppressed_messages_do_not_count_towards_the_limit(session, citizen):
    """Messages never sent do not spend the budget."""
    citizen.opted_out = True
    for _ in range(HOURLY_LIMIT_PER_PHONE):
        queue(session, citizen, purpose="announcement")

    assert queue(session, citizen).status == "queued"


def test_claim_leases_the_row(session, citizen):
    """A claimed row is not claimed again until its lease runs out (a worker died)."""
    message = queue(session, citizen)

    [first] = claim_due_messages(session, now=T0)
    assert (first.id, first.phone, first.text, first.attempts) == (
        message.id, "+6281234567890", "Pesan", 1)
    assert claim_due_messages(session, now=T0) == []
    assert claim_due_messages(session, now=T0 + CLAIM_LEASE - timedelta(seconds=1)) == []
    [again] = claim_due_messages(session, now=T0 + CLAIM_LEASE)
    assert (again.id, again.attempts) == (message.id, 2)


def test_claim_takes_due_messages_oldest_first_up_to_the_limit(session):
    """Only due messages are claimed, oldest first, at most `limit` at a time.

    One phone each: a phone's own messages go one at a time (tests/faults/).
    """
    ids = [queue(session, citizen_for_phone(session, f"08123456700{s:02d}"), purpose="status",
                 now=T0 + timedelta(seconds=s)).id
           for s in (2, 0, 1, 60)]

    claimed = claim_due_messages(session, limit=2, now=T0 + timedelta(seconds=5))
    rest = claim_due_messages(session, now=T0 + timedelta(seconds=5))

    assert [m.id for m in claimed] == [ids[1], ids[2]]
    assert [m.id for m in rest] == [ids[0]]


@pytest.mark.parametrize(
    ("outcome", "status", "reason", "wait"),
    [
        (SendOutcome("sent", gateway_message_id="ATX1"), "sent", None, None),
        (SendOutcome("retry", reason="timeout"), "queued", "timeout", timedelta(seconds=30)),
        (SendOutcome("failed", reason="UserInBlacklist"), "failed", "UserInBlacklist", None),
    ],
)
def test_record_send_outcome(session, citizen, outcome, status, reason, wait):
    """Sent, retried after backoff, or failed for good."""
    message = queue(session, citizen)
    claim_due_messages(session, now=T0)

    record_send_outcome(session, message_id=message.id, gateway="test", outcome=outcome,
                        now=T0)

    assert (message.status, message.failure_reason, message.gateway) == (status, reason, "test")
    assert message.gateway_message_id == outcome.gateway_message_id
    assert message.sent_at == (T0 if status == "sent" else None)
    if wait:
        assert message.next_attempt_at == T0 + wait


def test_delivery_report_for_an_unknown_message_is_none(session):
    """A report we cannot match changes nothing and says so."""
    assert record_delivery_report(session, gateway_message_id="nope", status="delivered",
                                  delivery_status="Success") is None


CODE_TEXT = "Kode masuk Layanan Paralel: 483920. Berlaku 5 menit."


@pytest.mark.parametrize(
    ("outcome", "forgotten"),
    [
        (SendOutcome("sent", gateway_message_id="ATX2"), True),
        (SendOutcome("failed", reason="UserInBlacklist"), True),
        (SendOutcome("retry", reason="timeout"), False),
    ],
)
def test_a_sign_in_code_is_forgotten_once_final(session, citizen, outcome, forgotten):
    """Sent or failed for good: the row no longer holds the code; a retry still must send it."""
    message = queue(session, citizen, purpose="otp", text=CODE_TEXT)
    claim_due_messages(session, now=T0)

    record_send_outcome(session, message_id=message.id, gateway="test", outcome=outcome, now=T0)

    assert ("483920" in message.text) is not forgotten
    assert message.text == (FORGOTTEN_CODE_TEXT if forgotten else CODE_TEXT)


def test_other_messages_keep_their_text_once_sent(session, citizen):
    """Only sign-in codes are secret: a reply's text stays for staff to read."""
    message = queue(session, citizen, purpose="reply", text="Tiket 123 diterima.")
    claim_due_messages(session, now=T0)
    record_send_outcome(session, message_id=message.id, gateway="test",
                        outcome=SendOutcome("sent", gateway_message_id="ATX3"), now=T0)
    assert message.text == "Tiket 123 diterima."


def test_a_simulated_gateway_may_keep_the_code(session, citizen):
    """The demo phone simulator's inbox is the row itself."""
    message = queue(session, citizen, purpose="otp", text=CODE_TEXT)
    claim_due_messages(session, now=T0)
    record_send_outcome(session, message_id=message.id, gateway="console", now=T0,
                        outcome=SendOutcome("sent", gateway_message_id="c-1"), keep_code=True)
    assert message.text == CODE_TEXT


def test_a_suppressed_code_is_never_stored_readable(session, citizen):
    """Over the hourly limit a code is suppressed when queued: it is forgotten at once."""
    for minute in range(HOURLY_LIMIT_PER_PHONE):
        queue(session, citizen, now=T0 + timedelta(minutes=minute))

    message = queue(session, citizen, purpose="otp", text=CODE_TEXT,
                    now=T0 + timedelta(minutes=30))

    assert (message.status, message.text) == ("suppressed", FORGOTTEN_CODE_TEXT)


def test_a_failure_report_forgets_a_code_too(session, citizen):
    """A delivery report that ends the message leaves no code behind either."""
    message = queue(session, citizen, purpose="otp", text=CODE_TEXT)
    message.gateway_message_id, message.status = "ATX4", "sending"
    session.commit()
    record_delivery_report(session, gateway_message_id="ATX4", status="failed",
                           delivery_status="Rejected", reason="Rejected")
    assert message.text == FORGOTTEN_CODE_TEXT
