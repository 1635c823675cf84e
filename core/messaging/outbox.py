"""The outbox: messages are queued in the caller's transaction and sent later.

Queuing never commits: the row lands together with the event that caused it,
or not at all. A worker claims due rows, hands them to a gateway and records
the outcome; retries back off exponentially up to a cap.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from core.clock import now_utc
from core.gsm import to_gsm
from core.models import Citizen, OutboundMessage
from core.models.messaging import ESSENTIAL_PURPOSES, UNSENT_STATUSES
from core.phones import normalise_phone

# A loop (an auto-responder answering our replies) or a flood must not spend
# the SMS budget: past this many non-status messages an hour, a phone gets no more.
HOURLY_LIMIT_PER_PHONE = 20
# Backoff doubles from 30 s to the 1-hour cap, then stays there: about 8 hours of
# retries in all, so a gateway outage or an empty balance loses no message.
MAX_ATTEMPTS = 14
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
# A claimed message whose worker died goes back to the queue after this.
CLAIM_LEASE = timedelta(minutes=5)
# What a sign-in code's row says once the message is final (sent, failed for good
# or suppressed): the code must not stay readable to whoever reads the outbox.
# Not translated: staff and `layanan sms outbox` read it, the citizen never does.
FORGOTTEN_CODE_TEXT = "[kode masuk dihapus]"
# The purpose of a sign-in code's message.
SIGN_IN_CODE = "otp"
# Statuses after which a message is never sent again.
FINAL_STATUSES = ("sent", "delivered", "failed", "suppressed")


@dataclass(frozen=True)
class SendOutcome:
    """What a gateway said about one message: sent, retry later, or failed for good."""

    result: str
    gateway_message_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ClaimedMessage:
    """A message a worker holds for sending: plain values, usable outside the session."""

    id: int
    phone: str
    text: str
    attempts: int
    # What the worker needs to offer ticket news to Web Push first (core/messaging/push.py).
    purpose: str = ""
    ticket_id: int | None = None
    citizen_id: int | None = None


def queue_message(
    session: Session,
    *,
    citizen: Citizen,
    text: str,
    purpose: str,
    ticket_id: int | None = None,
    now: datetime | None = None,
) -> OutboundMessage:
    """Add an SMS for the citizen; opted-out or over-limit non-essential ones are suppressed."""
    moment = now or now_utc()
    reason = None
    if citizen.opted_out and purpose not in ESSENTIAL_PURPOSES:
        reason = "opted_out"
    elif purpose != "status" and _sent_last_hour(session, citizen.phone, moment) >= (
        HOURLY_LIMIT_PER_PHONE
    ):
        reason = "rate_limited"
    message = OutboundMessage(
        phone=citizen.phone,
        citizen_id=citizen.id,
        ticket_id=ticket_id,
        language=citizen.language,
        text=to_gsm(text),
        purpose=purpose,
        status="suppressed" if reason else "queued",
        failure_reason=reason,
        created_at=moment,
        next_attempt_at=moment,
    )
    forget_code_when_final(message)
    session.add(message)
    return message


def _sent_last_hour(session: Session, phone: str, moment: datetime) -> int:
    query = select(func.count()).where(
        OutboundMessage.phone == phone,
        OutboundMessage.purpose != "status",
        OutboundMessage.status != "suppressed",
        OutboundMessage.created_at > moment - timedelta(hours=1),
    )
    return session.scalar(query) or 0


def claim_due_messages(
    session: Session, *, limit: int = 50, now: datetime | None = None
) -> list[ClaimedMessage]:
    """Lease due messages to this worker and commit; rows another worker holds are skipped.

    A phone gets its messages in the order they were queued: a message is not
    claimed while an older one to the same phone is unsent (waiting for its
    retry, or held by a worker), so at most one per phone is in flight and a
    long gateway outage cannot reorder a phone's messages. Sign-in codes stand
    outside that order: a code is worth something for minutes only, so it
    neither waits behind a message stuck in retries nor holds one back.
    """
    moment = now or now_utc()
    older = aliased(OutboundMessage)
    older_unsent = select(older.id).where(
        older.phone == OutboundMessage.phone, older.id < OutboundMessage.id,
        _unsent(older.status), older.purpose != _word(SIGN_IN_CODE),
    ).exists()
    due = (
        select(OutboundMessage)
        .where(_unsent(OutboundMessage.status),
               OutboundMessage.next_attempt_at <= moment,
               or_(OutboundMessage.purpose == _word(SIGN_IN_CODE), ~older_unsent))
        .order_by(OutboundMessage.next_attempt_at, OutboundMessage.id)
        .limit(limit)
        # Two workers on PostgreSQL never get the same row; SQLite serialises
        # writers anyway (BEGIN IMMEDIATE) and ignores the clause. Only the
        # claimed rows are locked, not the older ones the test reads.
        .with_for_update(skip_locked=True, of=OutboundMessage)
    )
    claimed = []
    for message in session.scalars(due):
        message.status = "sending"
        message.attempts += 1
        message.next_attempt_at = moment + CLAIM_LEASE
        claimed.append(_claimed(message))
    # One of the named exceptions to "services never commit" (docs/architecture.md §4):
    # other workers must see the rows as taken before any of them is sent.
    session.commit()
    return claimed


def _claimed(message: OutboundMessage) -> ClaimedMessage:
    """The row's values a worker sends with."""
    return ClaimedMessage(message.id, message.phone, message.text, message.attempts,
                          message.purpose, message.ticket_id, message.citizen_id)


def _unsent(status):
    """`status IN ('queued', 'sending')` with the words written into the SQL, not bound.

    PostgreSQL uses a partial index (those of unsent rows, core/models/messaging.py)
    only when it can see the query's condition implies the index's: with bound
    values it cannot once the driver has prepared the statement and the
    server plans it for any values, and the claim runs every second.
    """
    return status.in_([_word(word) for word in UNSENT_STATUSES])


def _word(word: str):
    """A constant written into the SQL (see _unsent)."""
    return literal(word, literal_execute=True)


def record_send_outcome(
    session: Session, *, message_id: int, gateway: str, outcome: SendOutcome,
    now: datetime | None = None, keep_code: bool = False,
) -> OutboundMessage:
    """Store what the gateway said: sent, a retry after backoff, or a permanent failure.

    A sign-in code's text is forgotten once the message is final, unless
    `keep_code`: a simulated gateway's only inbox is this row (the demo phone).
    """
    moment = now or now_utc()
    message = session.get(OutboundMessage, message_id)
    message.gateway = gateway
    if outcome.result == "sent":
        message.status = "sent"
        message.sent_at = moment
        message.gateway_message_id = outcome.gateway_message_id
        message.failure_reason = None
    elif outcome.result == "retry" and message.attempts < MAX_ATTEMPTS:
        message.status = "queued"
        message.failure_reason = outcome.reason
        message.next_attempt_at = moment + min(
            BACKOFF_BASE * 2 ** (message.attempts - 1), BACKOFF_CAP
        )
    else:
        message.status = "failed"
        message.failure_reason = outcome.reason or "gave_up"
    if not keep_code:
        forget_code_when_final(message)
    # A named exception too (docs/architecture.md §4): the message has gone out,
    # and what the gateway said is kept whatever happens to the rest of the batch.
    session.commit()
    return message


def record_delivery_report(
    session: Session, *, gateway_message_id: str, status: str, delivery_status: str,
    reason: str | None = None,
) -> OutboundMessage | None:
    """Apply a delivery report (status already mapped to ours); None for unknown messages."""
    query = select(OutboundMessage).where(
        OutboundMessage.gateway_message_id == gateway_message_id
    )
    message = session.scalars(query).first()
    if message is None:
        return None
    # Reports can arrive out of order: a late intermediate report (still
    # "sent") must not undo a final one (delivered or failed) already stored.
    if not (status == "sent" and message.status in ("delivered", "failed")):
        message.delivery_status = delivery_status
        message.status = status
        if status == "failed":
            message.failure_reason = reason
        forget_code_when_final(message)
    return message


def forget_code_when_final(message: OutboundMessage) -> None:
    """Replace a sign-in code's text once its message will never be sent (again)."""
    if message.purpose == SIGN_IN_CODE and message.status in FINAL_STATUSES:
        message.text = FORGOTTEN_CODE_TEXT


def list_phone_messages(session: Session, *, phone: str, limit: int = 100) -> list[OutboundMessage]:
    """Messages for a phone number, oldest first (for the demo phone simulator)."""
    query = (
        select(OutboundMessage)
        .where(OutboundMessage.phone == normalise_phone(phone))
        .order_by(OutboundMessage.created_at, OutboundMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))
