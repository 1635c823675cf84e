"""SMS to officers (the daily digest): the outbox's rules, without a citizen behind the number.

An officer's phone is kept on the account, not as a citizen, so the message
has no citizen; it is written in Indonesian, the back office's language. The
hourly budget of a phone counts these too, and a number whose owner sent STOP
as a citizen gets nothing that is not essential.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.gsm import to_gsm
from core.i18n import DEFAULT_LANGUAGE
from core.messaging.outbox import HOURLY_LIMIT_PER_PHONE, _sent_last_hour
from core.models import Citizen, OutboundMessage


def queue_staff_message(
    session: Session, *, phone: str, text: str, purpose: str,
    language: str = DEFAULT_LANGUAGE, now: datetime | None = None,
) -> OutboundMessage:
    """Add an SMS for an officer's phone (E.164); opted-out or over-limit ones are suppressed."""
    moment = now or now_utc()
    opted_out = session.scalar(select(Citizen.opted_out).where(Citizen.phone == phone))
    reason = None
    if opted_out:
        reason = "opted_out"
    elif _sent_last_hour(session, phone, moment) >= HOURLY_LIMIT_PER_PHONE:
        reason = "rate_limited"
    message = OutboundMessage(
        phone=phone, citizen_id=None, ticket_id=None, language=language, text=to_gsm(text),
        purpose=purpose, status="suppressed" if reason else "queued", failure_reason=reason,
        created_at=moment, next_attempt_at=moment,
    )
    session.add(message)
    return message
