"""The outbox worker: claims due messages, sends them through the gateway, records outcomes."""

import logging
import time
from datetime import datetime

from sqlalchemy.orm import sessionmaker

from core.db import unit_of_work
from core.messaging.outbox import (
    CLAIM_LEASE,
    ClaimedMessage,
    SendOutcome,
    claim_due_messages,
    record_send_outcome,
)
from core.messaging.push import (
    PUSH_GATEWAY,
    may_push,
    plan_push,
    push_message,
    record_push_results,
)
from core.messaging.vapid import VapidKeys
from layanan.outages import is_outage
from sms.gateways import Gateway

log = logging.getLogger(__name__)

# Stop sending a claimed batch well before its lease runs out: past the lease
# another worker may claim the same rows, and sending them then would send twice.
# Rows left over go back to the queue when their lease expires.
SAFE_HOLD_SECONDS = CLAIM_LEASE.total_seconds() / 2


def drain_once(sessions: sessionmaker, gateway: Gateway, *, batch: int = 10,
               now: datetime | None = None, push: VapidKeys | None = None) -> int:
    """Send every message due now, batch by batch; return how many were attempted.

    `now` fixes the clock (for tests); by default each step reads the real time.
    The claim and each outcome are units of work of their own: a message is
    never sent before its claim is committed, nor forgotten once it went out.
    With `push` (the VAPID keys), ticket news goes to the citizen's browsers first.
    """
    attempted = 0
    while True:
        with sessions() as session, unit_of_work(session):
            claimed = claim_due_messages(session, limit=batch, now=now)
        if not claimed:
            return attempted
        hold_until = time.monotonic() + SAFE_HOLD_SECONDS
        for message in claimed:
            if time.monotonic() > hold_until:
                log.warning("gateway too slow: leaving the rest of a batch to its lease")
                break
            outcome, via = _deliver(sessions, gateway, message, push, now)
            with sessions() as session, unit_of_work(session):
                record_send_outcome(session, message_id=message.id, gateway=via,
                                    outcome=outcome, now=now, keep_code=_simulated(gateway))
            attempted += 1


def run_worker(sessions: sessionmaker, gateway: Gateway, *, interval: float = 1.0,
               batch: int = 10, max_rounds: int | None = None,
               push: VapidKeys | None = None) -> None:
    """Drain the outbox every `interval` seconds, forever or for `max_rounds` rounds."""
    rounds = 0
    while max_rounds is None or rounds < max_rounds:
        try:
            drain_once(sessions, gateway, batch=batch, push=push)
        except Exception as error:
            # A database hiccup must not kill the worker; the next round retries.
            # An outage is one line a round, not a trace a second.
            if is_outage(error):
                log.warning("outbox round failed, database unavailable: %s",
                            type(error).__name__)
            else:
                log.exception("outbox round failed")
        rounds += 1
        time.sleep(interval)


def _deliver(sessions: sessionmaker, gateway: Gateway, message: ClaimedMessage,
             push: VapidKeys | None, now: datetime | None) -> tuple[SendOutcome, str]:
    """The outcome and who sent it: Web Push when a browser took it, else the SMS gateway."""
    if push is not None and may_push(message) and _pushed(sessions, message, push, now):
        return SendOutcome("sent"), PUSH_GATEWAY
    return _send(gateway, message.phone, message.text), gateway.name


def _pushed(sessions: sessionmaker, message: ClaimedMessage, push: VapidKeys,
            now: datetime | None) -> bool:
    """Push the message to the citizen's browsers; True when a push service accepted it.

    Shaped like the SMS send: read in one short unit of work, the HTTP calls
    with no transaction open, and what the push services said in another.
    """
    with sessions() as session, unit_of_work(session):
        plan = plan_push(session, message=message)
    if plan is None:
        return False
    results = push_message(plan, push)
    with sessions() as session, unit_of_work(session):
        return record_push_results(session, results, now=now)


def _simulated(gateway: Gateway) -> bool:
    """Whether the gateway only pretends to send; one that does not say sends for real."""
    return getattr(gateway, "simulated", False)


def _send(gateway: Gateway, phone: str, text: str) -> SendOutcome:
    try:
        return gateway.send(phone, text)
    except Exception as error:
        # A gateway bug is treated like a network failure: try again later.
        log.exception("gateway %s raised", gateway.name)
        return SendOutcome("retry", reason=type(error).__name__[:80])
